/**
 * The mapping's loops over a number column (apply.ts), one tight pass each: per-row unit
 * conversion from a unit column's codes, and counting values outside a plausible range. Row
 * examples are found afterwards, only when something was counted (the first rows, in order),
 * so the hot loops hold no branch that is ever taken on clean data. On the synthetic registry
 * the three unit columns and 14 range checks took ~115 ms of a 210 ms mapping as general loops.
 */
import { nextDown, nextUp } from "../read/values.ts";

/**
 * Converts [lo, hi] in place by each row's factor, `factors[code]` (NaN: unit unknown or not
 * convertible; code -1: no unit), plus `offsets[code]` when given (°F, K: units.ts convertUnit). Missing values (NaN) are left alone. Rows with a value and no
 * usable factor become missing; they are counted and the first `maxExamples` listed with their
 * value and unit code. Returns the rows converted per code.
 */
export function convertByCode(
  lo: Float64Array,
  hi: Float64Array,
  codes: ArrayLike<number>,
  factors: Float64Array,
  n: number,
  maxExamples = 5,
  offsets?: Float64Array,
): {
  converted: Float64Array;
  unconvertible: number;
  examples: { row: number; value: number; code: number }[];
} {
  // index code + 1: slot 0 is "no unit"
  const f1 = new Float64Array(factors.length + 1);
  f1[0] = NaN;
  f1.set(factors, 1);
  const o1 = new Float64Array(factors.length + 1);
  if (offsets) o1.set(offsets, 1);
  const converted = new Float64Array(factors.length + 1);
  const examples: { row: number; value: number; code: number }[] = [];
  let unconvertible = 0;
  const both = hi !== lo;
  for (let i = 0; i < n; i++) {
    const x = lo[i]!;
    if (x !== x) continue;
    const k = codes[i]! + 1;
    const f = f1[k]!;
    if (f !== f) {
      // no usable unit: the value cannot be trusted, so it becomes missing (counted)
      unconvertible++;
      if (examples.length < maxExamples) examples.push({ row: i, value: x, code: k - 1 });
      lo[i] = NaN;
      if (both) hi[i] = NaN;
      continue;
    }
    converted[k]!++;
    // (an offset only between temperature scales; else exactly x * f)
    const o = o1[k]!;
    if (o !== 0) affineAt(lo, hi, i, f, o);
    else {
      lo[i] = x * f;
      if (both) hi[i] = hi[i]! * f;
    }
  }
  return { converted: converted.subarray(1), unconvertible, examples };
}

/**
 * Rows whose interval lies wholly outside [a, b] (lo > b or hi < a; missing never counts), and
 * the first `maxExamples` of them (0-based rows, ascending).
 */
export function outOfRange(
  lo: Float64Array,
  hi: Float64Array,
  a: number,
  b: number,
  n: number,
  maxExamples = 5,
): { count: number; rows: number[] } {
  let count = 0;
  // (a comparison with NaN is false: missing values never count)
  for (let i = 0; i < n; i++) if (lo[i]! > b || hi[i]! < a) count++;
  const rows: number[] = [];
  for (let i = 0; i < n && rows.length < Math.min(count, maxExamples); i++)
    if (lo[i]! > b || hi[i]! < a) rows.push(i);
  return { count, rows };
}

/**
 * Row i of [lo, hi] converted as x * f + o (°F, K to °C: units.ts convertUnit), each result
 * rounded to 9 decimals so that a decimal in one scale is the decimal it equals in the other
 * (100.94 °F is 38.3 °C, not 38.300000000000004: a threshold of 38.3 must see it as equal). A
 * censored bound keeps its strictness: `<100.4` (hi = nextDown(100.4)) becomes < 38, i.e.
 * nextDown(38), not 38.
 */
export function affineAt(
  lo: Float64Array,
  hi: Float64Array,
  i: number,
  f: number,
  o: number,
): void {
  const a = lo[i]!;
  const b = hi[i]!;
  lo[i] = a === -Infinity ? a : b === Infinity ? strictLo(a, f, o) : snap(a * f + o);
  if (hi === lo) return;
  hi[i] = b === Infinity ? b : a !== -Infinity ? snap(b * f + o) : strictHi(b, f, o);
}

/** x rounded to 9 decimals (exact: an integer divided by a power of ten), for |x| < 1e6 */
function snap(x: number): number {
  return x > -1e6 && x < 1e6 ? Math.round(x * 1e9) / 1e9 : x;
}

/** the upper bound b of `<x` / `<=x` converted: strict (b = nextDown of a shorter decimal) stays strict */
function strictHi(b: number, f: number, o: number): number {
  const up = nextUp(b);
  return String(up).length < String(b).length ? nextDown(snap(up * f + o)) : snap(b * f + o);
}

function strictLo(a: number, f: number, o: number): number {
  const down = nextDown(a);
  return String(down).length < String(a).length ? nextUp(snap(down * f + o)) : snap(a * f + o);
}
