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
    [0, 0, "UPCR 0.62 g/g < 1 g/g"],
    [0, 1, "UPCR < 0.5 g/g < 1 g/g"],
    [0, 2, "UPCR not recorded (threshold ≥ 1 g/g)"],
    [1, 0, "age 17 years < 18 years"],
    [
      2,
      0,
      "biopsy class V (not one of III, IV); biopsy date 2020-01-01, not within 1 year before the screening date (2026-11-25)",
    ],
    [2, 2, "biopsy class not recorded; biopsy date not recorded"],
    [3, 0, "1 of 3 met, 2 needed (a); not recorded: c"],
    [4, 0, "ALT 130 U/L > 120 U/L"],
    [4, 1, "ALT 20 U/L ≤ 120 U/L"],
    [5, 0, "pregnant: yes"],
    [6, 1, "a not recorded; UPCR < 0.5 g/g ≤ 1 g/g"],
    [6, 0, "biopsy class V"],
    [7, 0, "a: yes"],
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
