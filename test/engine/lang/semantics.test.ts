import { describe, expect, it } from "vitest";
import { truths, type Cell } from "./helpers.ts";

const T = 1;
const F = 0;
const U = 2;
const V: Cell[] = [true, false, null];
/** all 9 combinations of a and b */
const A = V.flatMap((a) => V.map(() => a));
const B = V.flatMap(() => V);

describe("three-valued logic", () => {
  it("and: false wins, then unknown", () => {
    expect(truths("a and b", { a: A, b: B })).toEqual([T, F, U, F, F, F, U, F, U]);
  });
  it("or: true wins, then unknown", () => {
    expect(truths("a or b", { a: A, b: B })).toEqual([T, T, T, T, F, U, T, U, U]);
  });
  it("not: unknown stays unknown", () => {
    expect(truths("not a", { a: V })).toEqual([F, T, U]);
  });
  it("a comparison with a missing operand is unknown", () => {
    expect(truths("hb >= 60 g/L", { hb: [70, 50, null] })).toEqual([T, F, U]);
  });
  it("is missing / is present are never unknown", () => {
    expect(truths("hb is missing", { hb: [70, null, "<5"] })).toEqual([F, T, F]);
    expect(truths("hb is not missing", { hb: [70, null, "<5"] })).toEqual([T, F, T]);
    expect(truths("a is present", { a: V })).toEqual([T, T, F]);
    expect(truths("biopsy_date is missing", { biopsy_date: ["2024-01-01", null] })).toEqual([F, T]);
    expect(truths("biopsy_class is missing", { biopsy_class: ["III", null] })).toEqual([F, T]);
  });
  it("boolean equality is unknown when either side is", () => {
    expect(truths("a = b", { a: A, b: B })).toEqual([T, F, U, F, T, U, U, U, U]);
    expect(truths("a != true", { a: V })).toEqual([F, T, U]);
  });
  it("constants fold: parameters decide part of a rule", () => {
    expect(truths("strict or hb > 1000", { hb: [1, null] })).toEqual([T, T]);
    expect(truths("strict and hb > 100", { hb: [200, null] })).toEqual([T, U]);
    expect(truths("not strict and hb > 100", { hb: [200, null] })).toEqual([F, F]);
  });
});

describe("functions", () => {
  const c: Cell[] = [true, true, true, false, false, null, null, null, true];
  const a2: Cell[] = [true, true, false, false, null, null, true, false, null];
  const b2: Cell[] = [true, false, false, false, null, null, null, null, null];
  it("at_least(2, ...): true at k, false when true + unknown < k", () => {
    // counts (true, unknown): (3,0) (2,0) (1,0) (0,0) (0,2) (0,3) (1,2) (0,2) (1,2)
    expect(truths("at_least(2, a, b, c)", { a: a2, b: b2, c })).toEqual([
      T,
      T,
      F,
      F,
      U,
      U,
      U,
      U,
      U,
    ]);
  });
  it("at_least with k from a parameter-sized expression and k = 0", () => {
    expect(truths("at_least(0, a)", { a: V })).toEqual([T, T, T]);
    expect(truths("at_least(1 + 1, a, b)", { a: A, b: B })).toEqual([T, F, U, F, F, F, U, F, U]);
  });
  it("count_true gives an interval that comparisons can still decide", () => {
    expect(truths("count_true(a, b, c) >= 1", { a: a2, b: b2, c })).toEqual([
      T,
      T,
      T,
      F,
      U,
      U,
      T,
      U,
      T,
    ]);
    expect(truths("count_true(a, b) < 3", { a: A, b: B })).toEqual(new Array(9).fill(T));
  });
  it("any / all are n-ary or / and", () => {
    expect(truths("any(a, b)", { a: A, b: B })).toEqual([T, T, T, T, F, U, T, U, U]);
    expect(truths("all(a, b)", { a: A, b: B })).toEqual([T, F, U, F, F, F, U, F, U]);
  });
  it("coalesce takes the first present value, for numbers, dates, booleans and categories", () => {
    expect(
      truths("coalesce(upcr, protein_24h / 1 g/24h) >= 1", {
        upcr: [2, null, null, 0.5],
        protein_24h: [0, 3, null, 9],
      }),
    ).toEqual([T, T, U, F]);
    expect(truths("coalesce(a, b)", { a: A, b: B })).toEqual([T, T, T, F, F, F, T, F, U]);
    expect(
      truths("coalesce(biopsy_date, date '2020-01-01') < date '2021-01-01'", {
        biopsy_date: ["2022-01-01", null],
      }),
    ).toEqual([F, T]);
    expect(
      truths("coalesce(biopsy_class, sex) = 'female'", {
        biopsy_class: ["III", null, null],
        sex: ["female", "female", null],
      }),
    ).toEqual([F, T, U]);
  });
  it("min / max / abs on numbers keep the unit and are missing when an argument is", () => {
    expect(truths("min(hb, 70 g/L) >= 6 g/dL", { hb: [50, 80, null] })).toEqual([F, T, U]);
    expect(truths("max(alt, 100) > 120", { alt: [130, 10, null] })).toEqual([T, F, U]);
    expect(truths("abs(sledai - 10) <= 2", { sledai: [8, 12, 13, 7, "<5"] })).toEqual([
      T,
      T,
      F,
      F,
      F,
    ]);
    expect(
      truths("max(biopsy_date, date '2024-06-01') = date '2024-06-01'", {
        biopsy_date: ["2024-01-01", "2025-01-01", null],
      }),
    ).toEqual([T, F, U]);
  });
  it("keeps open bounds through min / max and missing through abs (regressions)", () => {
    expect(truths("min(sledai, 5) <= 5", { sledai: [">0", "<9", null] })).toEqual([T, T, U]);
    expect(truths("max(sledai, 5) >= 5", { sledai: [">0", "<2", null] })).toEqual([T, T, U]);
    expect(truths("abs(sledai) is missing", { sledai: [null, -3] })).toEqual([T, F]);
    expect(truths("abs(sledai) < 0 * sledai", { sledai: [null] })).toEqual([U]);
  });
  it("days_between counts to - from", () => {
    expect(
      truths("days_between(biopsy_date, screening_date) = 365", {
        biopsy_date: ["2025-11-25", "2025-11-24", null],
      }),
    ).toEqual([T, F, U]);
    expect(
      truths("screening_date - biopsy_date = 1", { biopsy_date: ["2026-11-24", "2026-11-25"] }),
    ).toEqual([T, F]);
  });
  it("age_at follows the birthday rule, including 29 February", () => {
    const births = ["2008-11-25", "2008-11-26", "1961-11-25", "1961-11-26", null];
    expect(truths("age_at(birth_date, screening_date) >= 18", { birth_date: births })).toEqual([
      T,
      F,
      T,
      T,
      U,
    ]);
    expect(truths("age between min_age and max_age", { birth_date: births })).toEqual([
      T,
      F,
      T,
      T,
      U,
    ]);
    expect(
      truths("age_at(birth_date, date '2027-02-28') >= 19", { birth_date: ["2008-02-29"] }),
    ).toEqual([F]);
    expect(
      truths("age_at(birth_date, date '2027-03-01') >= 19", { birth_date: ["2008-02-29"] }),
    ).toEqual([T]);
    expect(
      truths("age_at(birth_date, date '2028-02-29') = 20", { birth_date: ["2008-02-29"] }),
    ).toEqual([T]);
    expect(
      truths("age_at(birth_date, biopsy_date) = 1", {
        birth_date: ["2000-01-01", null],
        biopsy_date: ["2001-06-01", "2001-06-01"],
      }),
    ).toEqual([T, U]);
  });
});

describe("comparisons, between and in", () => {
  it("between is inclusive and three-valued", () => {
    expect(
      truths("sledai between 4 and 6", { sledai: [3, 4, 5, 6, 7, null, "<2", ">5", "<5"] }),
    ).toEqual([F, T, T, T, F, U, F, U, U]);
    expect(truths("sledai not between 4 and 6", { sledai: [3, 5, null] })).toEqual([T, F, U]);
  });
  it("numbers in a list", () => {
    expect(truths("sledai in (2, 4)", { sledai: [2, 3, 4, null] })).toEqual([T, F, T, U]);
    expect(truths("sledai not in (2, 4)", { sledai: [2, 3, null] })).toEqual([F, T, U]);
  });
  it("categories compare case-insensitively; values outside the dictionary are unknown", () => {
    const cls = ["III", "iv", "V", null, "IV ", "class 4"];
    expect(truths("biopsy_class in ('III', 'IV')", { biopsy_class: cls })).toEqual([
      T,
      T,
      F,
      U,
      T,
      U,
    ]);
    expect(truths("biopsy_class not in ('III', 'IV')", { biopsy_class: cls })).toEqual([
      F,
      F,
      T,
      U,
      F,
      U,
    ]);
    expect(truths("biopsy_class = 'v'", { biopsy_class: cls })).toEqual([F, F, T, U, F, U]);
    expect(truths("'V' != biopsy_class", { biopsy_class: cls })).toEqual([T, T, F, U, T, U]);
  });
  it("two categories compare by value across dictionaries, case-insensitively", () => {
    const cols = {
      sex: ["female", "male", null, "Female"],
      biopsy_class: ["FEMALE", "III", "III", "female "],
    };
    expect(truths("sex = biopsy_class", cols)).toEqual([T, F, U, T]);
    expect(truths("sex != biopsy_class", cols)).toEqual([F, T, U, F]);
  });
  it("dates compare as days", () => {
    expect(
      truths("biopsy_date < date '2024-01-31'", {
        biopsy_date: ["2024-01-30", "2024-01-31", null],
      }),
    ).toEqual([T, F, U]);
    expect(
      truths("biopsy_date >= screening_date - 7 days", {
        biopsy_date: ["2026-11-18", "2026-11-17"],
      }),
    ).toEqual([T, F]);
  });
});

describe("intervals and censored values", () => {
  it("a censored value is known below or above a threshold when the interval allows", () => {
    expect(
      truths("upcr >= 1.0 g/g", { upcr: ["<0.5", "<1", "<=1", "<2", ">1", ">=1", ">0.5"] }),
    ).toEqual([F, F, U, U, T, T, U]);
    expect(truths("upcr < 1.0 g/g", { upcr: ["<0.5", "<1", "<=1", ">=1", ">0.5"] })).toEqual([
      T,
      T,
      U,
      F,
      U,
    ]);
    expect(truths("upcr > 1.0 g/g", { upcr: ["<=1", ">1", ">=1"] })).toEqual([F, T, U]);
    expect(truths("upcr <= 1.0 g/g", { upcr: ["<=1", ">1", ">=1"] })).toEqual([T, F, U]);
  });
  it("equality holds only for exact values", () => {
    expect(truths("sledai = 4", { sledai: [4, "<=4", ">4", "<3"] })).toEqual([T, U, F, F]);
    expect(truths("sledai != 4", { sledai: [4, "<=4", ">4", "<3"] })).toEqual([F, U, T, T]);
  });
  it("arithmetic is interval arithmetic", () => {
    // [-inf, 0.5) + 1 stays below 2; (3, inf) * 2 stays above 6; 10 - (3, inf) stays below 7
    expect(truths("upcr + 1 < 2", { upcr: ["<0.5", "<0.9", "<2"] })).toEqual([T, T, U]);
    // plain floating point, no outward rounding: (the largest double below 1) + 1 rounds to 2
    expect(truths("upcr + 1 < 2", { upcr: ["<1"] })).toEqual([U]);
    expect(truths("sledai * 2 > 6", { sledai: [">3", ">=3", "<3"] })).toEqual([T, U, F]);
    expect(truths("10 - sledai < 7", { sledai: [">3.5", "<3", 3] })).toEqual([T, F, F]);
    expect(truths("sledai * -1 < 0", { sledai: [">3", "<3"] })).toEqual([T, U]);
    expect(truths("sledai / 2 >= 1", { sledai: [2, ">=2", "<2"] })).toEqual([T, T, F]);
    expect(truths("10 / sledai >= 1", { sledai: [0, 10, "<5"] })).toEqual([U, T, U]);
    expect(truths("0 * sledai = 0", { sledai: ["<5", null] })).toEqual([T, U]);
  });
  it("a score with a missing component still decides when it cannot change the verdict", () => {
    const score = "count_true(a, b, c) + sledai";
    // counts [3,3]+3, [0,2]+9, [0,2]+1, [0,3]+3
    const cols = {
      a: [true, null, null, null],
      b: [true, null, false, null],
      c: [true, false, null, null],
      sledai: [3, 9, 1, 3],
    };
    expect(truths(`${score} >= 5`, cols)).toEqual([T, T, F, U]);
  });
});

describe("units", () => {
  it("converts compatible units (molar mass of the variable where needed)", () => {
    // 113 mg/mmol = 0.99894 g/g (creatinine 113.12 g/mol)
    expect(truths("upcr >= 113 mg/mmol", { upcr: [1.0, 0.99, 0.999, 0.9989] })).toEqual([
      T,
      F,
      T,
      F,
    ]);
    expect(truths("upcr >= 113.12 mg/mmol", { upcr: [1.0, 0.99] })).toEqual([T, F]);
    expect(truths("creatinine > 3 mg/dL", { creatinine: [266, 265, null] })).toEqual([T, F, U]);
    expect(truths("hb < 6 g/dL", { hb: [59, 60] })).toEqual([T, F]);
    expect(truths("anc >= 800 /uL", { anc: [0.8, 0.79] })).toEqual([T, F]);
    expect(truths("egfr >= 30 mL/min/1.73 m2", { egfr: [30, 29.9] })).toEqual([T, F]);
  });
  it("a plain number takes the unit it is compared with; x ULN multiples scale a parameter", () => {
    expect(truths("hb >= 60", { hb: [60, 59] })).toEqual([T, F]);
    expect(truths("alt > alt_mult * alt_uln", { alt: [120, 121, "<10", ">200", null] })).toEqual([
      F,
      T,
      F,
      T,
      U,
    ]);
    expect(truths("alt > 1.5 x ULN * alt_uln", { alt: [60, 61] })).toEqual([F, T]);
  });
  it("reads a column stored in another unit through a conversion", () => {
    // column values in mg/mmol, variable declared in g/g
    expect(truthsWithColumnUnit()).toEqual([T, F, U]);
  });
});

import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import { column, P } from "./helpers.ts";
function truthsWithColumnUnit(): number[] {
  const proto = {
    ...P,
    criteria: [{ id: "X", kind: "inclusion" as const, label: "", text: "", rule: "upcr >= 1 g/g" }],
  };
  const { compiled } = compileProtocol(proto);
  const upcr = column({ type: "number" }, [120, 100, null], "mg/mmol");
  return [...evaluateProtocol(compiled!, { nRows: 3, columns: { upcr } }).truths[0]!];
}

describe("windows", () => {
  const s = "2026-11-25";
  it("within N months before: inclusive, calendar months", () => {
    expect(
      truths("biopsy_date within 12 months before screening_date", {
        biopsy_date: ["2025-11-25", "2025-11-24", s, "2026-11-26", null],
      }),
    ).toEqual([T, F, T, F, U]);
    expect(
      truths("biopsy_date within biopsy_window before screening_date", {
        biopsy_date: ["2025-11-25", "2025-11-24"],
      }),
    ).toEqual([T, F]);
  });
  it("after and of", () => {
    expect(
      truths("biopsy_date within 7 days after screening_date", {
        biopsy_date: [s, "2026-12-02", "2026-12-03", "2026-11-24"],
      }),
    ).toEqual([T, T, F, F]);
    expect(
      truths("biopsy_date within 1 weeks of screening_date", {
        biopsy_date: ["2026-11-18", "2026-11-17", "2026-12-02", "2026-12-03"],
      }),
    ).toEqual([T, F, T, F]);
    expect(
      truths("biopsy_date within 1 years of screening_date", {
        biopsy_date: ["2025-11-25", "2027-11-25", "2027-11-26"],
      }),
    ).toEqual([T, T, F]);
  });
  it("clamps to the end of a shorter month", () => {
    expect(
      truths("biopsy_date within 1 months before date '2024-03-31'", {
        biopsy_date: ["2024-02-29", "2024-02-28"],
      }),
    ).toEqual([T, F]);
  });
  it("takes the anchor and the span per row when they are not constant", () => {
    expect(
      truths("biopsy_date within 12 months before birth_date", {
        biopsy_date: ["2025-11-25", "2025-11-25", "2025-11-25"],
        birth_date: ["2026-11-25", "2026-11-26", null],
      }),
    ).toEqual([T, F, U]);
    expect(
      truths("biopsy_date within sledai days before screening_date", {
        biopsy_date: ["2026-11-20", "2026-11-20", "2026-11-20", "2026-11-20"],
        sledai: [5, 4, null, "<9"],
      }),
    ).toEqual([T, F, U, U]);
  });
  it("accepts a unit word after a plain amount", () => {
    expect(
      truths("biopsy_date within alt_mult months before screening_date", {
        biopsy_date: ["2026-08-25", "2026-08-24"],
      }),
    ).toEqual([T, F]);
  });
  it("date arithmetic with calendar months and plain days", () => {
    expect(
      truths("biopsy_date + 6 months = date '2024-08-31'", {
        biopsy_date: ["2024-02-29", "2024-03-01"],
      }),
    ).toEqual([F, F]);
    expect(
      truths("biopsy_date + 6 months = date '2024-09-30'", { biopsy_date: ["2024-03-31"] }),
    ).toEqual([T]);
    expect(
      truths("biopsy_date - 2 weeks = date '2024-03-17'", { biopsy_date: ["2024-03-31", null] }),
    ).toEqual([T, U]);
  });
});

describe("parameters and overrides", () => {
  it("overrides change thresholds and windows", () => {
    const cols = { upcr: [0.6, 0.4] };
    expect(truths("upcr >= upcr_min", cols)).toEqual([F, F]);
    expect(truths("upcr >= upcr_min", cols, { upcr_min: 0.5 })).toEqual([T, F]);
    expect(truths("upcr >= upcr_min", cols, { upcr_min: "0.5" })).toEqual([T, F]);
    expect(truths("strict or upcr > 1", cols, { strict: "false" })).toEqual([F, F]);
    expect(
      truths(
        "biopsy_date within 12 months before screening_date",
        { biopsy_date: ["2025-01-01"] },
        { screening_date: "2026-01-01" },
      ),
    ).toEqual([T]);
  });
});

import { registerFunction } from "../../../src/engine/functions/registry.ts";
import type { FunctionSpec } from "../../../src/engine/functions/types.ts";
import type { NumVec } from "../../../src/engine/types.ts";
import { errors } from "./helpers.ts";

/** Passes its argument through: shows the value the kernel received, in mg/dL. */
const seenInMgDl: FunctionSpec = {
  name: "test_seen_mg_dl",
  params: [{ name: "scr", type: "number", unit: "mg/dL" }],
  returns: { type: "number", unit: "mg/dL" },
  doc: "test only",
  example: "test_seen_mg_dl(creatinine)",
  kernel(args, n, out) {
    const x = args[0] as NumVec;
    const o = out as NumVec;
    for (let i = 0; i < n; i++) {
      o.lo[i] = x.lo[i]!;
      o.hi[i] = x.hi[i]!;
    }
  },
};
registerFunction(seenInMgDl);

describe("function arguments with a unit", () => {
  it("are converted before the kernel sees them (molar mass of the variable)", () => {
    // 88.4 umol/L creatinine = 1.0 mg/dL (113.12 g/mol)
    expect(
      truths("test_seen_mg_dl(creatinine) between 0.99 and 1.01", {
        creatinine: [88.4, 100, null],
      }),
    ).toEqual([T, F, U]);
    expect(truths("test_seen_mg_dl(2 mg/dL) = 2", {})).toEqual([]);
  });
  it("are an error when the unit cannot convert", () => {
    expect(errors("test_seen_mg_dl(anc) > 1")).toEqual([
      "17: argument 'scr' of test_seen_mg_dl needs mg/dL; cannot convert x10^9/L",
    ]);
    expect(truths("test_seen_mg_dl(hb) = 1000", { hb: [10, 11] })).toEqual([T, F]);
    expect(errors("test_seen_mg_dl(5 umol/L) > 1")).toEqual([
      "17: argument 'scr' of test_seen_mg_dl needs mg/dL; cannot convert umol/L (mass and molar units convert only for a variable with a molar mass)",
    ]);
    expect(errors("test_seen_mg_dl(egfr) > 1")).toEqual([
      "17: argument 'scr' of test_seen_mg_dl needs mg/dL; cannot convert mL/min/1.73m2",
    ]);
  });
});
