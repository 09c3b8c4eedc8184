/** A linear scale and "nice" ticks (1, 2, 5 × 10^k steps), enough for these charts. */

export interface LinearScale {
  (v: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
  /** about `count` round tick values inside the domain */
  ticks(count?: number): number[];
}

/**
 * The tick step for a span split into about `count` parts: 1, 2 or 5 times a power of ten.
 * @example tickStep(0, 100, 5) // 20
 */
export function tickStep(lo: number, hi: number, count: number): number {
  const span = Math.abs(hi - lo);
  if (!(span > 0) || !Number.isFinite(span) || !(count > 0)) return 0;
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const err = raw / power;
  const factor = err >= 7.07 ? 10 : err >= 3.16 ? 5 : err >= 1.41 ? 2 : 1;
  return factor * power;
}

/**
 * Round values from lo to hi (inclusive) at `tickStep` spacing, free of float noise.
 * @example ticks(0, 1, 5) // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const [a, b] = lo < hi ? [lo, hi] : [hi, lo];
  const step = tickStep(a, b, count);
  if (step === 0) return [a];
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const first = Math.ceil(a / step - 1e-9);
  const last = Math.floor(b / step + 1e-9);
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(Number((i * step).toFixed(decimals)));
  return lo < hi ? out : out.reverse();
}

/**
 * Widens [lo, hi] outward to tick boundaries so the axis starts and ends on a tick.
 * @example nice(0, 937) // [0, 1000]
 */
export function nice(lo: number, hi: number, count = 5): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return [lo, hi];
  let [a, b] = lo < hi ? [lo, hi] : [hi, lo];
  for (let i = 0; i < 3; i++) {
    const step = tickStep(a, b, count);
    if (step === 0) break;
    let na = Math.floor(a / step) * step;
    let nb = Math.ceil(b / step) * step;
    // a / step can underflow to 0 for denormal inputs: keep the domain inside
    if (na > a) na -= step;
    if (nb < b) nb += step;
    if (na === a && nb === b) break;
    a = na;
    b = nb;
  }
  return lo < hi ? [a, b] : [b, a];
}

/**
 * Maps domain onto range linearly. A zero-width domain maps everything to the range's middle.
 * @example linear([0, 10], [0, 100])(5) // 50
 */
export function linear(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((v: number) =>
    span === 0 || !Number.isFinite(span)
      ? (r0 + r1) / 2
      : r0 + ((v - d0) / span) * (r1 - r0)) as LinearScale;
  scale.domain = [d0, d1];
  scale.range = [r0, r1];
  scale.ticks = (count = 5) => ticks(d0, d1, count);
  return scale;
}

/**
 * Ticks for a count axis: whole numbers only, so a domain of [0, 3] does not print 0.5 patients.
 * @example countTicks(linear([0, 3], [0, 100]), 5) // [0, 1, 2, 3]
 */
export function countTicks(scale: LinearScale, count = 5): number[] {
  return scale.ticks(count).filter((t) => Number.isInteger(t));
}
