/**
 * Interval forms of `^`, `exp`, `ln`, `sqrt` and `round`. A value is an interval [lo, hi]
 * (NaN = missing); the result holds every value the function takes on it. Monotone pieces are
 * exact (the function of the bounds); where a function is not monotone the extreme values are
 * among the bounds and the turning point, so the hull of those is exact too.
 *
 * Powers, roots and logarithms of negative numbers are not real: a non-whole power, a square
 * root or a logarithm reads only the part of the interval at or above 0 (a censored `<0.5`
 * creatinine is [-∞, 0.5) by storage but [0, 0.5) in fact), and is missing when none is.
 *
 * @example
 * const out = new Float64Array(2);
 * powInterval(0.5, 0.9, -1.2, -1.2, out); // [0.9^-1.2, 0.5^-1.2]
 */

/** [alo, ahi] ^ [blo, bhi] into out[0..1]. */
export function powInterval(
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
  if (alo === ahi && blo === bhi) {
    const v = Math.pow(alo, blo);
    out[0] = out[1] = v;
    return;
  }
  if (blo === bhi && Number.isInteger(blo) && alo < 0) {
    // a whole power of an interval reaching below 0: odd powers are monotone, even ones turn at 0
    const k = blo;
    const x = Math.pow(alo, k);
    const y = Math.pow(ahi, k);
    if (k % 2 !== 0 || k === 0) {
      out[0] = Math.min(x, y);
      out[1] = Math.max(x, y);
      if (k < 0 && ahi >= 0) {
        out[0] = -Infinity; // passes through 1/0
        out[1] = Infinity;
      }
      return;
    }
    if (ahi <= 0) {
      out[0] = Math.min(x, y);
      out[1] = Math.max(x, y);
      return;
    }
    // the interval holds 0: x^k (k even) is smallest there
    const at0 = k > 0 ? 0 : Infinity;
    out[0] = Math.min(x, y, at0);
    out[1] = Math.max(x, y, at0);
    return;
  }
  if (ahi < 0) {
    out[0] = out[1] = NaN;
    return;
  }
  const lo = Math.max(alo, 0);
  // x^y is monotone in x (for x >= 0) and in y (for a fixed x): the extremes are at the corners
  const c1 = Math.pow(lo, blo);
  const c2 = Math.pow(lo, bhi);
  const c3 = Math.pow(ahi, blo);
  const c4 = Math.pow(ahi, bhi);
  out[0] = Math.min(c1, c2, c3, c4);
  out[1] = Math.max(c1, c2, c3, c4);
}

/** exp is increasing. */
export function expInterval(lo: number, hi: number, out: Float64Array): void {
  out[0] = Math.exp(lo);
  out[1] = Math.exp(hi);
}

/** ln is increasing on (0, ∞); ln 0 = -∞; missing when the whole interval is below 0. */
export function lnInterval(lo: number, hi: number, out: Float64Array): void {
  if (!(hi >= 0)) {
    out[0] = out[1] = NaN;
    return;
  }
  out[0] = Math.log(Math.max(lo, 0));
  out[1] = Math.log(hi);
}

/** sqrt is increasing on [0, ∞); missing when the whole interval is below 0. */
export function sqrtInterval(lo: number, hi: number, out: Float64Array): void {
  if (!(hi >= 0)) {
    out[0] = out[1] = NaN;
    return;
  }
  out[0] = Math.sqrt(Math.max(lo, 0));
  out[1] = Math.sqrt(hi);
}

/**
 * Rounds half away from zero to `digits` decimals (0.5 → 1, -0.5 → -1, 2.675 → 2.68: the
 * decimal written, not its nearest binary double 2.67499…). Non-decreasing, so an interval
 * rounds bound by bound.
 */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const m = Math.pow(10, digits);
  const y = Number((Math.abs(x) * m).toPrecision(15));
  const r = Math.floor(y + 0.5) / m;
  return x < 0 ? -r : r;
}
