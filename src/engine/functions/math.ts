/**
 * Elementary functions of the criteria language: `exp`, `ln`, `sqrt`, `pow` (also written
 * `x ^ y`) and `round`, over intervals (see ../lang/interval-math.ts: monotone functions of the
 * bounds, exact hulls elsewhere). exp, ln, sqrt and the exponent of pow take plain numbers;
 * `round` keeps its argument's unit.
 *
 * @example
 * exp(0.5), ln(creatinine / 0.9 mg/dL), sqrt(bsa_ratio), round(egfr), round(bmi, 1)
 */
import type { NumVec } from "../types.ts";
import {
  expInterval,
  lnInterval,
  powInterval,
  roundTo,
  sqrtInterval,
} from "../lang/interval-math.ts";
import type { FunctionSpec } from "./types.ts";

const pair = new Float64Array(2);

function unary(
  name: string,
  f: (lo: number, hi: number, out: Float64Array) => void,
  doc: string,
  example: string,
): FunctionSpec {
  return {
    name,
    params: [{ name: "x", type: "number", plain: true }],
    returns: { type: "number" },
    doc,
    example,
    kernel(args, n, out) {
      const x = args[0] as NumVec;
      const o = out as NumVec;
      for (let i = 0; i < n; i++) {
        const lo = x.lo[i]!;
        if (lo !== lo) {
          o.lo[i] = o.hi[i] = NaN;
          continue;
        }
        f(lo, x.hi[i]!, pair);
        o.lo[i] = pair[0]!;
        o.hi[i] = pair[1]!;
      }
    },
  };
}

export const EXP = unary("exp", expInterval, "e to the power x", "exp(-0.0095 * age)");
export const LN = unary(
  "ln",
  lnInterval,
  "natural logarithm (missing below 0)",
  "ln(creatinine / 1 mg/dL)",
);
export const SQRT = unary(
  "sqrt",
  sqrtInterval,
  "square root (missing below 0)",
  "sqrt(height / 1 cm * weight / 1 kg / 3600)",
);

export const POW: FunctionSpec = {
  name: "pow",
  params: [
    { name: "x", type: "number", plain: true },
    { name: "y", type: "number", plain: true },
  ],
  returns: { type: "number" },
  doc: "x to the power y (the same as x ^ y)",
  example: "pow(creatinine / 0.7 mg/dL, -0.241)",
  kernel(args, n, out) {
    const x = args[0] as NumVec;
    const y = args[1] as NumVec;
    const o = out as NumVec;
    for (let i = 0; i < n; i++) {
      powInterval(x.lo[i]!, x.hi[i]!, y.lo[i]!, y.hi[i]!, pair);
      o.lo[i] = pair[0]!;
      o.hi[i] = pair[1]!;
    }
  },
};

export const ROUND: FunctionSpec = {
  name: "round",
  params: [{ name: "x", type: "number" }],
  variadic: { name: "digits", type: "number", plain: true, max: 1 },
  keepsUnit: true,
  returns: { type: "number" },
  doc: "rounds half away from zero to whole numbers, or to `digits` decimals (keeps the unit)",
  example: "round(egfr) >= 60",
  kernel(args, n, out) {
    const x = args[0] as NumVec;
    const d = args[1] as NumVec | undefined;
    const o = out as NumVec;
    for (let i = 0; i < n; i++) {
      // whole digits only; a fractional or unknown number of digits makes the value unknown
      const k = d ? (d.lo[i] === d.hi[i] && Number.isInteger(d.lo[i]) ? d.lo[i]! : NaN) : 0;
      if (k !== k) {
        o.lo[i] = o.hi[i] = NaN;
        continue;
      }
      o.lo[i] = roundTo(x.lo[i]!, k);
      o.hi[i] = roundTo(x.hi[i]!, k);
    }
  },
};

export const MATH_FUNCTIONS: readonly FunctionSpec[] = [EXP, LN, SQRT, POW, ROUND];
