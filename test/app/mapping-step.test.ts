import { describe, expect, it } from "vitest";
import { notNeeded } from "../../src/app/needed.ts";
import { notUnderstoodText } from "../../src/app/mapping-model.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { getBuiltin } from "../../src/protocols/index.ts";

const seed = getBuiltin("ln-cd19-cd70") as Protocol;
const SLEDAI = seed.variables.map((v) => v.name).filter((n) => n.startsWith("sledai_"));

describe("variables not needed given the mapping", () => {
  it("with nothing mapped, a score's components and its total are all needed", () => {
    const out = notNeeded(seed, new Set());
    expect(SLEDAI.length).toBeGreaterThan(10);
    for (const v of [...SLEDAI, "sledai2k_total", "birth_date", "birth_year", "age_years"])
      expect(out.has(v), v).toBe(false);
  });

  it("a mapped total makes its components fallbacks, decided by the total", () => {
    const out = notNeeded(seed, new Set(["sledai2k_total"]));
    for (const v of SLEDAI.filter((n) => n !== "sledai_fever"))
      expect(out.get(v), v).toEqual({ decidedBy: ["sledai2k_total"] });
    // max_temperature also feeds the EULAR fever item, which nothing decides: still needed
    expect(out.has("max_temperature")).toBe(false);
    const both = notNeeded(seed, new Set(["sledai2k_total", "eular2019_classified"]));
    expect(both.get("max_temperature")?.decidedBy.sort()).toEqual([
      "eular2019_classified",
      "sledai2k_total",
    ]);
  });

  it("a birth date decides the age: the year of birth and the age are not needed", () => {
    const out = notNeeded(seed, new Set(["birth_date"]));
    expect(out.get("birth_year")).toEqual({ decidedBy: ["birth_date"] });
    expect(out.get("age_years")).toEqual({ decidedBy: ["birth_date"] });
    // the age is still needed without a birth date
    expect(notNeeded(seed, new Set(["birth_year"])).has("age_years")).toBe(false);
  });

  it("a variable no criterion reads is never an alarm; mapped ones are not listed", () => {
    const p: Protocol = {
      ...seed,
      variables: [
        ...seed.variables,
        { name: "note_only", type: "number", description: "read by nothing" },
      ],
    };
    expect(notNeeded(p, new Set()).get("note_only")).toEqual({ decidedBy: [] });
    expect(notNeeded(p, new Set(["note_only"])).has("note_only")).toBe(false);
  });
});

describe("the not-understood sentence", () => {
  it.each([
    [1, 1, "1 value in 1 mapped column was not understood: it is read as missing. Recode it"],
    [
      6,
      1,
      "6 values in 1 mapped column were not understood: they are read as missing. Recode them",
    ],
    [16, 2, "16 values in 2 mapped columns were not understood: they are read as missing."],
    [1234, 3, "1,234 values in 3 mapped columns were"],
  ])("%i values in %i columns", (values, columns, start) => {
    expect(notUnderstoodText(values, columns).startsWith(start)).toBe(true);
  });
});
