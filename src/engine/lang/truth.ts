/**
 * Three-valued (Kleene) primitives over truth codes FALSE=0, TRUE=1, UNKNOWN=2 and interval
 * comparisons, shared by constant folding, compiled kernels and explanations.
 */
import { FALSE, TRUE, UNKNOWN, type Truth } from "../types.ts";
import type { CompareOp } from "./ast.ts";

/** AND[a * 3 + b], OR[a * 3 + b], NOT[a] */
export const AND = Uint8Array.of(0, 0, 0, 0, 1, 2, 0, 2, 2);
export const OR = Uint8Array.of(0, 1, 2, 1, 1, 1, 2, 1, 2);
export const NOT = Uint8Array.of(1, 0, 2);

/**
 * Relative tolerance of numeric comparisons between two exact values: values closer than this
 * fraction of the larger magnitude compare as equal, so a value exactly at a threshold in
 * another unit (0.11312 g/mmol = 0.9999999999999999 g/g) or a product of values (1.5 × 1.2 =
 * 1.7999999999999998) is at the threshold. Lab values carry at most ~6 significant digits, so
 * no real difference is this small. Zero compares exactly, and so do the bounds of intervals
 * (censored values: `<1` is held as the largest double below 1 and must stay below 1).
 */
export const REL_TOL = 1e-9;

/** x and y are equal within REL_TOL of the larger magnitude (infinities only to themselves). */
export function near(x: number, y: number): boolean {
  return x === y || Math.abs(x - y) <= REL_TOL * Math.max(Math.abs(x), Math.abs(y));
}

/**
 * Compares intervals [alo, ahi] OP [blo, bhi]: TRUE when it holds for every value in them,
 * FALSE when for none, UNKNOWN otherwise or when either is missing (NaN). Two exact values
 * within REL_TOL of each other are equal (`near`); interval bounds compare exactly.
 */
export function compareIntervals(
  op: CompareOp,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): Truth {
  if (alo !== alo || blo !== blo) return UNKNOWN;
  if (alo === ahi && blo === bhi && alo !== blo && near(alo, blo)) blo = bhi = alo;
  switch (op) {
    case "<":
      return ahi < blo ? TRUE : alo >= bhi ? FALSE : UNKNOWN;
    case "<=":
      return ahi <= blo ? TRUE : alo > bhi ? FALSE : UNKNOWN;
    case ">":
      return alo > bhi ? TRUE : ahi <= blo ? FALSE : UNKNOWN;
    case ">=":
      return alo >= bhi ? TRUE : ahi < blo ? FALSE : UNKNOWN;
    case "=":
    case "!=": {
      // != is the negation of =
      const eq =
        alo === ahi && blo === bhi && alo === blo ? TRUE : ahi < blo || alo > bhi ? FALSE : UNKNOWN;
      return op === "=" ? eq : (NOT[eq] as Truth);
    }
  }
}

/** Compares two day numbers (NaN = missing); whole days compare exactly. */
export function compareDays(op: CompareOp, a: number, b: number): Truth {
  return compareIntervals(op, a, a, b, b);
}

/** Interval product [alo, ahi] * [blo, bhi] written into out[0..1]; 0 * ±Infinity counts as 0. */
export function mulInterval(
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
  out: Float64Array,
): void {
  if (alo !== alo || blo !== blo) {
    out[0] = out[1] = NaN;
    return;
  }
  const p1 = alo === 0 || blo === 0 ? 0 : alo * blo;
  const p2 = alo === 0 || bhi === 0 ? 0 : alo * bhi;
  const p3 = ahi === 0 || blo === 0 ? 0 : ahi * blo;
  const p4 = ahi === 0 || bhi === 0 ? 0 : ahi * bhi;
  out[0] = Math.min(p1, p2, p3, p4);
  out[1] = Math.max(p1, p2, p3, p4);
}

/** Interval quotient; a divisor that may be 0 gives (-Infinity, Infinity), exactly 0 gives missing. */
export function divInterval(
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
  out: Float64Array,
): void {
  if (alo !== alo || blo !== blo || (blo === 0 && bhi === 0)) {
    out[0] = out[1] = NaN;
    return;
  }
  if (blo <= 0 && bhi >= 0) {
    out[0] = -Infinity;
    out[1] = Infinity;
    return;
  }
  mulInterval(alo, ahi, 1 / bhi, 1 / blo, out);
}

export { FALSE, TRUE, UNKNOWN };
