import { describe, expect, it } from "vitest";
import { checkRule } from "../../../src/engine/compile-protocol.ts";
import { errors, P } from "./helpers.ts";

describe("check: errors with positions", () => {
  it.each([
    ["upcr_g >= 1", ["1: unknown variable 'upcr_g' — did you mean 'upcr'?"]],
    ["atleast(2, a, b)", ["1: unknown function 'atleast' — did you mean 'at_least'?"]],
    ["hb > 5 mg/mmol", ["1: cannot compare g/L with mg/mmol"]],
    ["egfr > 5 g/L", ["1: cannot compare mL/min/1.73m2 with g/L"]],
    [
      "egfr >= 60 mL/min",
      [
        "1: cannot compare mL/min/1.73m2 with mL/min (a clearance normalised to 1.73 m² converts to mL/min only through the patient's body-surface area: egfr_absolute(egfr, bsa) or egfr_normalised(clearance, bsa))",
      ],
    ],
    [
      "hb > 5 mmol/L",
      [
        "1: cannot compare g/L with mmol/L (mass and molar units convert only for a variable with a molar mass)",
      ],
    ],
    ["biopsy_class = 'IIII'", ["16: 'IIII' is not a value of biopsy_class — did you mean 'III'?"]],
    [
      "biopsy_class in ('III', 'VII')",
      ["25: 'VII' is not a value of biopsy_class — did you mean 'II' or 'III'?"],
    ],
    [
      "biopsy_class > 'III'",
      [
        `1: categories compare only with =, != or in, not '>' (unless the variable declares an "order")`,
      ],
    ],
    [
      "upcr",
      [
        "1: the rule must be a condition (true/false), but this is a number in g/g — compare it with something",
      ],
    ],
    ["a and hb", ["7: 'and' joins conditions, but this is a number in g/L"]],
    ["not hb", ["5: 'not' needs a condition, but this is a number in g/L"]],
    ["at_least(2)", ["1: at_least takes at least 2 arguments (k, conditions…), got 1"]],
    [
      "at_least(2, a, hb)",
      ["16: argument 'conditions' of at_least must be a condition, but this is a number in g/L"],
    ],
    ["days_between(biopsy_date)", ["1: days_between takes 2 arguments (from, to), got 1"]],
    [
      "age_at(birth_date, hb) > 1",
      ["20: argument 'on_date' of age_at must be a date, but this is a number in g/L"],
    ],
    [
      "biopsy_date > '2024-01-01'",
      ["15: cannot compare a date with the text '2024-01-01': write dates as date 'YYYY-MM-DD'"],
    ],
    ["biopsy_date > date '2024-02-30'", ["15: invalid date '2024-02-30': write date 'YYYY-MM-DD'"]],
    [
      "biopsy_date within 12 before screening_date",
      ["20: give the time span a unit, e.g. '7 days' or '12 months'"],
    ],
    [
      "biopsy_date within 12 g/L before screening_date",
      ["20: a time span is needed here, but this is a number in g/L"],
    ],
    [
      "hb within 12 months before screening_date",
      ["1: 'within' needs a date on the left, but this is a number in g/L"],
    ],
    [
      "biopsy_date + 7 > screening_date",
      ["15: give the time span a unit, e.g. '7 days' or '12 months'"],
    ],
    [
      "biopsy_date * 2 > screening_date",
      [
        "1: cannot multiply a date and a number: dates take '+ 7 days', '- 6 months' or 'date - date'",
      ],
    ],
    ["a = hb", ["1: cannot compare a condition with a number in g/L"]],
    ["at_least", ["1: 'at_least' is a function: call it as at_least(…)"]],
    [
      "x > 5 mgg/dL",
      ["1: unknown variable 'x'", "7: unknown unit 'mgg/dL' — did you mean 'mg/dL' or 'mg/d'?"],
    ],
    ["'abc'", ["1: a text value like 'abc' can only be compared with a category (= or in)"]],
    [
      "biopsy_class = 3",
      [
        "1: cannot compare a category with a number: category values are written in quotes, like '3'",
      ],
    ],
    [
      "pregnant = 'yes'",
      [
        "12: cannot compare a condition with the text 'yes': use the condition itself (flag, not flag) or compare with true / false",
      ],
    ],
  ])("%s", (rule, want) => {
    expect(errors(rule)).toEqual(want);
  });

  it("collects every independent error in one rule", () => {
    const got = errors(
      "upcr_g >= 1 and atleast(2, a) and biopsy_class = 'IIII' and hb > 5 mg/mmol",
    );
    expect(got).toEqual([
      "1: unknown variable 'upcr_g' — did you mean 'upcr'?",
      "17: unknown function 'atleast' — did you mean 'at_least'?",
      "50: 'IIII' is not a value of biopsy_class — did you mean 'III'?",
      "61: cannot compare g/L with mg/mmol",
    ]);
  });

  it("keeps going after a syntax error: other clauses are parsed and checked", () => {
    expect(errors("hb > and upcr_x > 1 or at_least(2, a")).toEqual([
      "6: expected a value, a name or '(' but found 'and'",
      "10: unknown variable 'upcr_x' — did you mean 'upcr'?",
      "37: expected ')' after arguments of at_least, found end of rule",
    ]);
    expect(errors("sledai between 1 and 2 and hb > 5 mg/mmol and (a")).toEqual([
      "28: cannot compare g/L with mg/mmol",
      "49: expected ')' to close the '(', found end of rule",
    ]);
  });

  it("reports line, column and length on later lines", () => {
    const [p] = checkRule(P, "a and\n  upcr_x >= 1");
    expect(p).toMatchObject({ where: "rule", line: 2, column: 3, length: 6, severity: "error" });
  });

  it("accepts well-formed rules", () => {
    for (const rule of [
      "upcr >= 1.0 g/g or protein_24h >= 1 g/24h",
      "age between min_age and max_age",
      "biopsy_class in ('III', 'IV') and biopsy_date within biopsy_window before screening_date",
      "alt > alt_mult * alt_uln",
      "anc >= 0.8 x10^9/L and not gcsf",
      "creatinine / 88.4 < 3",
      "coalesce(upcr, protein_24h / 1 g/24h) >= upcr_min",
    ]) {
      expect(errors(rule), rule).toEqual([]);
    }
  });
});
