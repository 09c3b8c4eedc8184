/**
 * Cockcroft-Gault creatinine clearance (mL/min) over intervals: a missing component widens the
 * result by what it could add.
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import type { BoolVec, NumVec } from "../types.ts";
import type { FunctionSpec } from "./types.ts";

/** Interval product of [a, b] and [c, d]; 0 × ∞ counts as 0 (a zero factor bounds the product). */
function mulLo(a: number, b: number, c: number, d: number): number {
  return Math.min(m(a, c), m(a, d), m(b, c), m(b, d));
}
function mulHi(a: number, b: number, c: number, d: number): number {
  return Math.max(m(a, c), m(a, d), m(b, c), m(b, d));
}
function m(x: number, y: number): number {
  return x === 0 || y === 0 ? (Number.isNaN(x) || Number.isNaN(y) ? NaN : 0) : x * y;
}

/** x / y for a positive divisor interval bound; 0 / 0 counts as 0, x / 0 as ±∞. */
function dv(x: number, y: number): number {
  return x === 0 ? (Number.isNaN(y) ? NaN : 0) : x / y;
}

/**
 * Cockcroft-Gault: (140 − age) × weight / (72 × SCr) × 0.85 if female, SCr in mg/dL
 * (the checker converts µmol/L through creatinine's molar mass). Unknown sex gives the
 * interval [× 0.85, × 1]; a censored creatinine `<0.5` gives a clearance above its bound.
 */
export const COCKCROFT_GAULT: FunctionSpec = {
  name: "cockcroft_gault",
  params: [
    { name: "age", type: "number", unit: "years" },
    { name: "weight", type: "number", unit: "kg" },
    { name: "female", type: "boolean" },
    { name: "creatinine", type: "number", unit: "mg/dL" },
  ],
  returns: { type: "number", unit: "mL/min" },
  doc: "Cockcroft-Gault creatinine clearance (mL/min): (140 − age) × weight / (72 × SCr), × 0.85 if female",
  example: "cockcroft_gault(age, weight, sex = 'female', creatinine)",
  kernel(args, n, out) {
    const age = args[0] as NumVec;
    const wt = args[1] as NumVec;
    const fem = args[2] as BoolVec;
    const scr = args[3] as NumVec;
    const o = out as NumVec;
    for (let i = 0; i < n; i++) {
      const aLo = 140 - age.hi[i]!;
      const aHi = 140 - age.lo[i]!;
      const w = wt.lo[i]!;
      const s = scr.lo[i]!;
      const f = fem[i]!;
      // exact values (most rows): the interval arithmetic below gives exactly this point, as
      // long as no factor is 0 or missing and the sex is known
      if (
        aLo === aHi &&
        w === wt.hi[i]! &&
        s === scr.hi[i]! &&
        s > 0 &&
        aLo !== 0 &&
        w !== 0 &&
        (f === TRUE || f === FALSE) &&
        Number.isFinite(aLo * w) &&
        Number.isFinite(s)
      ) {
        const p = aLo * w;
        const q = p / (72 * s);
        if (q !== 0 && Number.isFinite(q)) {
          o.lo[i] = o.hi[i] = q * (f === TRUE ? 0.85 : 1);
          continue;
        }
      }
      const pLo = mulLo(aLo, aHi, wt.lo[i]!, wt.hi[i]!);
      const pHi = mulHi(aLo, aHi, wt.lo[i]!, wt.hi[i]!);
      // creatinine is positive: a censored lower bound (-Infinity) means "just above 0"
      const sLo = Math.max(scr.lo[i]!, 0);
      const sHi = scr.hi[i]!;
      const fLo = f === TRUE ? 0.85 : f === FALSE ? 1 : 0.85;
      const fHi = f === TRUE ? 0.85 : 1;
      if (!(sHi > 0) || Number.isNaN(pLo) || Number.isNaN(pHi) || f > UNKNOWN) {
        o.lo[i] = NaN;
        o.hi[i] = NaN;
        continue;
      }
      // divide (not multiply by a reciprocal) so exact inputs give exact boundaries: 4320 / 144 = 30
      const dLo = 72 * sLo;
      const dHi = 72 * sHi;
      const qLo = Math.min(dv(pLo, dLo), dv(pLo, dHi), dv(pHi, dLo), dv(pHi, dHi));
      const qHi = Math.max(dv(pLo, dLo), dv(pLo, dHi), dv(pHi, dLo), dv(pHi, dHi));
      o.lo[i] = mulLo(qLo, qHi, fLo, fHi);
      o.hi[i] = mulHi(qLo, qHi, fLo, fHi);
    }
  },
};
