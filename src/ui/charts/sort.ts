/** Orders for the per-criterion bar chart. */
import { countValue } from "./format.ts";
import type { CriterionSort, CriterionStat } from "./types.ts";

/**
 * Criteria sorted by the chosen measure, largest first; ties and "protocol" keep protocol order.
 * @example sortCriteria(stats, "unknown")
 */
export function sortCriteria(
  criteria: readonly CriterionStat[],
  by: CriterionSort,
): CriterionStat[] {
  const out = criteria.slice();
  out.sort((a, b) => {
    if (by !== "protocol") {
      const d = countValue(b[by]) - countValue(a[by]);
      if (d !== 0) return d;
    }
    return a.index - b.index;
  });
  return out;
}

export const SORT_LABELS: Record<CriterionSort, string> = {
  fail: "Failing",
  unknown: "Unknown",
  alone: "Failing alone",
  protocol: "Protocol order",
};
