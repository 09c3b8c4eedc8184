/** The editor knows the new language: '^', math and eGFR functions, if, lookup tables, units. */
import { describe, expect, it } from "vitest";
import { complete } from "../../../src/ui/editor/complete.ts";
import { highlight } from "../../../src/ui/editor/highlight.ts";
import { nameKinds, ruleProblems } from "../../../src/ui/editor/rules.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { seed } from "../../app/fixtures.ts";

const p: Protocol = {
  ...seed,
  variables: [
    ...seed.variables,
    { name: "ecog", type: "category", order: ["0", "1", "2", "3", "4"], description: "ECOG" },
    { name: "drug", type: "category", values: ["metformin", "sitagliptin"], description: "drug" },
  ],
  tables: [
    {
      name: "max_dose",
      type: "number",
      unit: "mg",
      entries: { metformin: 2550, sitagliptin: 100 },
    },
  ],
};
const names = nameKinds(p);
const classes = (text: string) =>
  Object.fromEntries(
    highlight(text, names, [])
      .filter((s) => s.cls !== "ws")
      .map((s) => [s.text, s.cls]),
  );

describe("highlighting", () => {
  it("colours '^', math, if and lookup calls, tables and the new units", () => {
    expect(classes("(creatinine / 0.7 mg/dL) ^ -0.241 > exp(1)")).toMatchObject({
      "^": "op",
      exp: "fn",
      "mg/dL": "unit",
    });
    expect(classes("lookup(max_dose, drug) > if(ecog <= 1, 5 mm, 1 cm)")).toMatchObject({
      lookup: "fn",
      max_dose: "param",
      drug: "var",
      if: "fn",
      mm: "unit",
      cm: "unit",
    });
    expect(classes("ckd_epi_2021(creatinine, 50, true) >= 60 mL/min/1.73 m2")).toMatchObject({
      ckd_epi_2021: "fn",
      "mL/min/1.73 m2": "unit",
    });
  });
});

describe("autocomplete", () => {
  const labels = (text: string) => complete(p, text, text.length).items.map((i) => i.label);
  it("offers the new functions, if, lookup and tables", () => {
    expect(labels("ckd")).toEqual(
      expect.arrayContaining(["ckd_epi_2009", "ckd_epi_2021", "ckd_epi_2021_cys"]),
    );
    expect(labels("bsa")).toEqual(expect.arrayContaining(["bsa_mosteller", "bsa_dubois"]));
    expect(labels("sq")).toContain("sqrt");
    expect(labels("lookup(max")).toContain("max_dose");
    expect(complete(p, "x > i", 5).items.map((i) => i.label)).toContain("if");
    expect(complete(p, "x > looku", 9).items[0]?.label).toBe("lookup");
  });
  it("offers the new units after a number", () => {
    expect(labels("aptt > 40 se")).toContain("sec");
    expect(labels("bp < 140 mmH")).toContain("mmHg");
    expect(labels("x < 10 pg/")).toContain("pg/mL");
  });
});

describe("errors", () => {
  it("underline the new mistakes with their messages", () => {
    expect(
      ruleProblems(p, "ckd_epi_2021(creatinine, 50, true) >= 60 mL/min").map((x) => x.message),
    ).toEqual([
      "cannot compare mL/min/1.73m2 with mL/min (a clearance normalised to 1.73 m² converts to mL/min only through the patient's body-surface area: egfr_absolute(egfr, bsa) or egfr_normalised(clearance, bsa))",
    ]);
    expect(ruleProblems(p, "ecog <= 7").map((x) => [x.column, x.message])).toEqual([
      [9, "'7' is not a value of ecog (in order: 0 < 1 < 2 < 3 < 4)"],
    ]);
    expect(ruleProblems(p, "lookup(max_dos, drug) > 1").map((x) => [x.column, x.message])).toEqual([
      [8, "unknown table 'max_dos' — did you mean 'max_dose'?"],
    ]);
    expect(ruleProblems(p, "if(ecog <= 1, upcr) > 1").map((x) => x.message)).toEqual([
      "if takes 3 arguments (condition, then, else), got 2",
    ]);
  });
});
