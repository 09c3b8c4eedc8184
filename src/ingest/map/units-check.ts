/**
 * A number column's values checked against its variable's plausible range in the unit chosen:
 * when their median is implausible there but plausible in one of the variable's other units
 * (`Hb` 13.5 read as g/L, plausible as g/dL), that unit is suggested.
 */
import type { ProtocolVariable } from "../../engine/protocol/types.ts";
import { applyConversion, convertUnit } from "../../engine/units.ts";

/** Median of the finite values of `lo` (a sample of at most ~5,000), NaN when none. */
export function sampleMedian(lo: Float64Array): number {
  const step = Math.max(1, Math.floor(lo.length / 5000));
  // (a typed array sorts numerically without a comparator call per pair)
  const all = new Float64Array(Math.ceil(lo.length / step));
  let n = 0;
  for (let i = 0; i < lo.length; i += step) if (Number.isFinite(lo[i]!)) all[n++] = lo[i]!;
  const vals = all.subarray(0, n).sort();
  return n ? vals[n >> 1]! : NaN;
}

/**
 * `converted` holds the values in the variable's unit, read from `used`. Returns the first of
 * the variable's units (canonical first) in which the source values' median is plausible, when
 * it is not plausible as read; null otherwise. `median` is in the unit used.
 */
export function suggestUnit(
  v: ProtocolVariable,
  converted: Float64Array,
  used: string,
): { unit: string; median: number } | null {
  if (!v.unit || !v.plausible) return null;
  const m = sampleMedian(converted);
  if (!(m === m)) return null;
  const [lo, hi] = v.plausible;
  if (m >= lo && m <= hi) return null;
  const back = convertUnit(used, v.unit, v.molarMass);
  if (!back || back.scale === 0) return null;
  const source = (m - back.offset) / back.scale;
  for (const u of [v.unit, ...(v.altUnits ?? [])]) {
    if (u === used) continue;
    const f = convertUnit(u, v.unit, v.molarMass);
    const x = f === null ? NaN : applyConversion(f, source);
    if (x >= lo && x <= hi) return { unit: u, median: source };
  }
  return null;
}
