/** `^`, exp, ln, sqrt, round and pow: parsing, units, and interval semantics. */
import { describe, expect, it } from "vitest";
import { FALSE, TRUE, UNKNOWN } from "../../../src/engine/types.ts";
import { powInterval, roundTo } from "../../../src/engine/lang/interval-math.ts";
import { errors, truths } from "./helpers.ts";

describe("the '^' operator", () => {
  it("binds tighter than unary minus and is right-associative", () => {
    expect(truths("-2 ^ 2 = -4 and 2 ^ 3 ^ 2 = 512 and 2 ^ -1 = 0.5", { a: [true] })).toEqual([
      TRUE,
    ]);
    expect(truths("sledai ^ 2 >= 36", { sledai: [6, 5, "<6", null] })).toEqual([
      TRUE,
      FALSE,
      UNKNOWN,
      UNKNOWN,
    ]);
  });
  it("raises a plain ratio; a base with a unit needs a fixed power; the exponent is plain", () => {
    expect(
      truths("(creatinine / 88.4 umol/L) ^ -1.2 > 1", { creatinine: [80, 100, null] }),
    ).toEqual([TRUE, FALSE, UNKNOWN]);
    expect(errors("creatinine ^ sledai > 1")).toEqual([
      "1: a number in umol/L can only be raised to a fixed power: divide it by a value in umol/L first, e.g. (x / 1 umol/L) ^ y",
    ]);
    expect(errors("sledai ^ creatinine > 1")).toEqual([
      "10: the exponent of '^' must be a plain number, but this is a number in umol/L",
    ]);
  });
  it("takes monotone pieces exactly and turns at 0 for even powers", () => {
    const out = new Float64Array(2);
    powInterval(-2, 3, 2, 2, out);
    expect([...out]).toEqual([0, 9]);
    powInterval(-2, 3, 3, 3, out);
    expect([...out]).toEqual([-8, 27]);
    powInterval(0.5, 2, -1, 1, out); // corners: 2, 0.5, 0.5, 2
    expect([...out]).toEqual([0.5, 2]);
    powInterval(-1, 4, 0.5, 0.5, out); // a root reads the part >= 0
    expect([...out]).toEqual([0, 2]);
    powInterval(-4, -1, 0.5, 0.5, out);
    expect([...out]).toEqual([NaN, NaN]);
  });
});

describe("exp, ln, sqrt, round, pow", () => {
  it("are increasing functions of the bounds", () => {
    expect(
      truths("exp(sledai) > 100 and ln(sledai) < 2", { sledai: [5, 4, "<4", ">10", null] }),
    ).toEqual([TRUE, FALSE, FALSE, FALSE, UNKNOWN]);
    expect(truths("sqrt(sledai) >= 3", { sledai: [9, 8.99, ">9", "<9", -4] })).toEqual([
      TRUE,
      FALSE,
      TRUE,
      FALSE,
      UNKNOWN,
    ]);
    expect(truths("pow(sledai, 0.5) = sqrt(sledai)", { sledai: [16] })).toEqual([TRUE]);
  });
  it("round keeps the unit and rounds half away from zero", () => {
    expect(truths("round(hb) >= 100 g/L", { hb: [99.5, 99.49, null] })).toEqual([
      TRUE,
      FALSE,
      UNKNOWN,
    ]);
    expect(truths("round(hb, 1) = 2.7", { hb: [2.65] })).toEqual([TRUE]);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(-0.5, 0)).toBe(-1);
    expect(errors("round(hb, 1, 2) > 1")).toEqual([
      "1: round takes at most 2 arguments (x, digits…), got 3",
    ]);
  });
  it("exp and ln need plain numbers", () => {
    expect(errors("ln(creatinine) > 1")).toEqual([
      "4: argument 'x' of ln must be a plain number, but this is a number in umol/L: divide it by a value in umol/L first, e.g. ln(x / 1 umol/L)",
    ]);
  });
});

describe("clinical units in rules", () => {
  it("reads lesion sizes, seconds and UCUM spellings after a number", () => {
    expect(
      truths("creatinine < 1.5 mg/dL and 10 mm < 2 cm and 35 s < 1 h", { creatinine: [100, 140] }),
    ).toEqual([TRUE, FALSE]);
    expect(truths("anc >= 1.5 10*9/L", { anc: [1.5, 1.4] })).toEqual([TRUE, FALSE]);
    expect(truths("egfr >= 60 mL/min/{1.73_m2}", { egfr: [60, 59] })).toEqual([TRUE, FALSE]);
    expect(truths("120 mm[Hg] < 140 mmHg", { a: [true] })).toEqual([TRUE]);
  });
});
