/**
 * The attrition table as OHDSI ATLAS shows it, from the funnel's cells: per step the patients
 * remaining, removed (n and % of the previous step) and the cumulative % of all patients.
 * Unknown verdicts make each figure a range: the low end counts unknown as fail, the high end as
 * pass. Only published counts are used: a percentage whose inputs include a hidden count is
 * hidden too (null), so the table tells nothing the report's audited cells do not.
 *
 * @example
 * attritionRows(100, [{ id: "I1", label: "Age", remainingLow: 80, remainingHigh: 90,
 *   removedLow: 20, removedHigh: 10 }]);
 * // [{ id: "I1", …, removedPct: [10, 20], cumulativePct: [80, 90] }]
 */
import type { Count } from "./types.ts";

export interface AttritionInput {
  id: string;
  label: string;
  remainingLow: Count;
  remainingHigh: Count;
  removedLow: Count;
  removedHigh: Count;
}

export interface AttritionRow {
  id: string;
  label: string;
  /** [unknown counted as fail, as pass] */
  remaining: [Count, Count];
  /** [unknown counted as fail, as pass] (either can be the larger) */
  removed: [Count, Count];
  /** removed as % of the previous step, [lowest, highest], one decimal; null when hidden */
  removedPct: [number, number] | null;
  /** remaining as % of all patients, [low, high], one decimal; null when hidden */
  cumulativePct: [number, number] | null;
}

const pct = (part: number, whole: number) =>
  whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0;

export function attritionRows(start: Count, steps: readonly AttritionInput[]): AttritionRow[] {
  let prevLo: Count = start;
  let prevHi: Count = start;
  return steps.map((s) => {
    const removedPct =
      typeof s.removedLow === "number" &&
      typeof s.removedHigh === "number" &&
      typeof prevLo === "number" &&
      typeof prevHi === "number"
        ? sorted(pct(s.removedLow, prevLo), pct(s.removedHigh, prevHi))
        : null;
    const cumulativePct =
      typeof start === "number" &&
      typeof s.remainingLow === "number" &&
      typeof s.remainingHigh === "number"
        ? sorted(pct(s.remainingLow, start), pct(s.remainingHigh, start))
        : null;
    prevLo = s.remainingLow;
    prevHi = s.remainingHigh;
    return {
      id: s.id,
      label: s.label,
      remaining: [s.remainingLow, s.remainingHigh],
      // in the funnel's order (unknown as fail, as pass) whatever the values: a page shows
      // them low to high, and a hidden one keeps its place
      removed: [s.removedLow, s.removedHigh],
      removedPct,
      cumulativePct,
    };
  });
}

function sorted(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

/**
 * Criterion indices "most restrictive first": fewest patients passing first (failing, then
 * unknown, most first), ties in protocol order.
 */
export function mostRestrictiveFirst(
  per: readonly { index: number; failing: number; unknown: number }[],
): number[] {
  return per
    .slice()
    .sort((a, b) => b.failing - a.failing || b.unknown - a.unknown || a.index - b.index)
    .map((c) => c.index);
}
