/**
 * The values a sensitivity sweep visits: `n` even steps over [min, max] (on the parameter's
 * step), plus the values that must be shown (the current value, the protocol's default), in
 * ascending order without repeats.
 *
 * @example
 * sweepValues(0.3, 2, 0.1, 4, [0.5]); // [0.3, 0.5, 0.7, 1.1, 1.6, 2]
 */
export function sweepValues(
  min: number,
  max: number,
  step: number | undefined,
  n: number,
  include: readonly number[] = [],
): number[] {
  const out = new Set<number>();
  for (let i = 0; i <= n; i++) {
    let v = min + ((max - min) * i) / n;
    if (step) v = Math.round(v / step) * step;
    out.add(Number(v.toPrecision(10)));
  }
  for (const v of include) if (Number.isFinite(v)) out.add(Number(v.toPrecision(10)));
  return [...out].sort((a, b) => a - b);
}
