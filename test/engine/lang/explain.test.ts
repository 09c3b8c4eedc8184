import { describe, expect, it } from "vitest";
import { compileProtocol } from "../../../src/engine/compile-protocol.ts";
import { explainRow, formatInterval } from "../../../src/engine/explain.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { below, P, table } from "./helpers.ts";

const rules = [
  "upcr >= 1.0 g/g",
  "age between min_age and max_age",
  "biopsy_class in ('III', 'IV') and biopsy_date within biopsy_window before screening_date",
  "at_least(2, a, b, c)",
  "alt > alt_mult * alt_uln or upcr is missing",
  "not pregnant",
  "coalesce(a, upcr > 1) and biopsy_class != 'V'",
  "strict_ok",
];
const proto: Protocol = {
  ...P,
  derived: [...(P.derived ?? []), { name: "strict_ok", expr: "coalesce(a, b)" }],
  criteria: [
    ...rules.map((rule, i) => ({
      id: `C${i}`,
      kind: "inclusion" as const,
      label: rule,
      text: rule,
      rule,
    })),
    {
      id: "S",
      kind: "inclusion",
      label: "",
      text: "",
      siteAssessed: "consent is taken at the site",
    },
  ],
};
const cp = compileProtocol(proto).compiled!;
const t = table(proto, {
  upcr: [0.62, "<0.5", null],
  birth_date: ["2008-11-26", "1990-01-01", null],
  biopsy_class: ["V", "III", null],
  biopsy_date: ["2020-01-01", "2026-01-01", null],
  a: [true, null, false],
  b: [false, true, false],
  c: [null, true, false],
  alt: [130, 20, null],
  pregnant: [true, false, null],
});

describe("explainRow", () => {
  it.each([
    [0, 0, "upcr = 0.62 g/g; needs ≥ 1 g/g → not met"],
    [0, 1, "upcr = < 0.5 g/g; needs ≥ 1 g/g → not met"],
    [0, 2, "upcr = missing; needs ≥ 1 g/g → unknown"],
    [1, 0, "age = 17 years; needs ≥ 18 years (min_age) → not met"],
    [
      2,
      0,
      "biopsy_class = V; needs one of III, IV (not met) · biopsy_date = 2020-01-01; needs within 12 months before 2026-11-25 (screening_date) (not met) → not met",
    ],
    [
      2,
      2,
      "biopsy_class = missing; needs one of III, IV (unknown) · biopsy_date = missing; needs within 12 months before 2026-11-25 (screening_date) (unknown) → unknown",
    ],
    [3, 0, "at_least(2, a met, b not met, c unknown) → unknown"],
    [4, 0, "alt = 130 U/L; needs > 120 U/L → met"],
    [
      4,
      1,
      "alt = 20 U/L; needs > 120 U/L (not met) · upcr = < 0.5 g/g; needs missing (not met) → not met",
    ],
    [5, 0, "not (pregnant = yes) → not met"],
    [6, 1, "upcr = < 0.5 g/g; needs > 1 → not met"],
    [6, 0, "biopsy_class = V; needs not V → not met"],
    [7, 0, "strict_ok = yes → met"],
    [8, 0, "site-assessed: consent is taken at the site"],
  ])("criterion %i, row %i", (criterion, row, want) => {
    expect(explainRow(cp, t, criterion, row)).toBe(want);
  });

  it("lists only the conditions that decided an 'and' that failed", () => {
    const text = explainRow(cp, t, 1, 0);
    expect(text).not.toContain("max_age");
  });

  it("formats intervals", () => {
    expect([
      formatInterval(1, 1),
      formatInterval(-Infinity, below(0.5)),
      formatInterval(3.0000001, Infinity),
      formatInterval(1, 2),
      formatInterval(NaN, NaN),
    ]).toEqual(["1", "< 0.5", "> 3", "1–2", "missing"]);
  });
});
