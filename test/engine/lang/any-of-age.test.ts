import { describe, expect, it } from "vitest";
import { birthRangeForAge } from "../../../src/engine/functions/age.ts";
import { parseIsoDate, wholeYears } from "../../../src/engine/calendar.ts";
import { checkRule } from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import { P, table, type Cell } from "./helpers.ts";

const T = 1;
const F = 0;
const U = 2;
const WITH_DRUGS: Protocol = {
  ...P,
  variables: [
    ...P.variables,
    { name: "drugs", type: "category", multiValued: true, description: "" },
    { name: "birth_year", type: "number", description: "" },
    { name: "age_years", type: "number", unit: "years", description: "" },
    { name: "age_date", type: "date", description: "" },
  ],
};

function truths(rule: string, cols: Record<string, readonly Cell[]>, proto: Protocol): number[] {
  const p: Protocol = {
    ...proto,
    criteria: [{ id: "X", kind: "inclusion", label: "X", text: rule, rule }],
  };
  const { compiled, problems } = compileProtocol(p, { screening_date: "2026-11-25" });
  if (!compiled) throw new Error(problems.map((q) => q.message).join("; "));
  return [...evaluateProtocol(compiled, table(p, cols as Record<string, Cell[]>)).truths[0]!];
}

describe("any_of: the truth table of docs/criteria-language.md", () => {
  it.each([
    ["Prograf 2 mg; HCQ", T],
    ["Rituximab", T],
    ["FK-506", T],
    ["tacrolimus (stopped 2024)", T],
    ["XYZ-123 + tacrolimus", T],
    ["prednisone; hydroxychloroquine", F],
    ["none", F],
    ["Prednisolon und Quensyl", F],
    ["prednisone; XYZ-123", U],
    ["   ", U],
    [null, U],
  ] as const)("%j -> %i", (cell, want) => {
    expect(
      truths("any_of(drugs, 'tacrolimus', 'anti-CD20')", { drugs: [cell] }, WITH_DRUGS),
    ).toEqual([want]);
  });

  it("a class matches its drugs; a drug does not match its class", () => {
    expect(truths("any_of(drugs, 'JAK inhibitor')", { drugs: ["Olumiant"] }, WITH_DRUGS)).toEqual([
      T,
    ]);
    expect(truths("any_of(drugs, 'biologic')", { drugs: ["Benlysta"] }, WITH_DRUGS)).toEqual([T]);
    expect(truths("any_of(drugs, 'rituximab')", { drugs: ["anti-CD20"] }, WITH_DRUGS)).toEqual([F]);
  });

  it.each([
    [
      "any_of(drugs, 'tacrolimu')",
      "'tacrolimu' is not a drug or class any_of knows — did you mean 'tacrolimus'?",
    ],
    ["any_of(drugs)", "any_of takes a cell and at least one drug name"],
    [
      "any_of(upcr, 'tacrolimus')",
      "the first argument of any_of must be a category, but this is a number in g/g",
    ],
    ["any_of(drugs, upcr)", "the drugs of any_of are written as text"],
  ])("%s is an error: %s", (rule, message) => {
    const problems = checkRule(WITH_DRUGS, rule);
    expect(problems.map((p) => p.message).join("\n")).toContain(message);
  });
});

describe("age_from", () => {
  it("gives the birth dates of every whole age on every day of four years (leap days included)", () => {
    const out = new Float64Array(2);
    const start = parseIsoDate("2023-01-01");
    for (let on = start; on < start + 4 * 366; on += 1)
      for (const age of [0, 17, 18, 65]) {
        birthRangeForAge(age, on, out);
        expect(wholeYears(out[0]!, on)).toBe(age);
        expect(wholeYears(out[1]!, on)).toBe(age);
        expect(wholeYears(out[0]! - 1, on)).toBe(age + 1);
        expect(wholeYears(out[1]! + 1, on)).toBe(age - 1);
      }
  });

  const AGE = "age_from(birth_date, birth_year, age_years, age_date, screening_date)";
  it.each([
    [{ birth_date: "2008-11-25" }, "= 18", T],
    [{ birth_year: 2008 }, ">= 18", U],
    [{ birth_year: 2008 }, ">= 17", T],
    [{ birth_year: 2008 }, "<= 18", T],
    [{ age_years: 17, age_date: "2026-11-30" }, "<= 17", T],
    [{ age_years: 17, age_date: "2026-01-01" }, ">= 18", U],
    [{ age_years: 17, age_date: "2026-11-30", birth_year: 2008 }, "= 17", T],
    [{ age_years: 30, age_date: "2026-01-01", birth_year: 2008 }, "= 17", U],
    [{ birth_date: "2000-01-01", birth_year: 1950 }, "= 26", T],
    [{ birth_year: null }, ">= 0", U],
  ] as const)("%j: age %s -> %i", (row, cmp, want) => {
    const cols = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, [v]]));
    expect(truths(`${AGE} ${cmp}`, cols, WITH_DRUGS)).toEqual([want]);
  });
});
