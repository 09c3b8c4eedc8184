/** Picking and laying out the most frequent combinations of failed criteria (UpSet rows). */
import { countValue } from "./format.ts";
import type { Combination, CriterionRef } from "./types.ts";

export const DEFAULT_LIMIT = 12;

/**
 * The `limit` most frequent combinations (count desc, then fewer criteria, then lowest indices),
 * with each combination's criteria sorted and empty combinations dropped.
 */
export function topCombinations(
  combinations: readonly Combination[],
  limit = DEFAULT_LIMIT,
): Combination[] {
  const n = Math.max(1, Math.min(20, Math.floor(Number.isFinite(limit) ? limit : DEFAULT_LIMIT)));
  // the same set given twice is merged (keyed rows must be unique; counts add up)
  const merged = new Map<string, Combination>();
  for (const c of combinations) {
    if (c.criteria.length === 0) continue;
    const criteria = [...new Set(c.criteria)].sort((a, b) => a - b);
    const key = criteria.join(",");
    const prev = merged.get(key);
    merged.set(key, {
      criteria,
      count: prev ? countValue(prev.count) + countValue(c.count) : c.count,
    });
  }
  return [...merged.values()]
    .sort(
      (a, b) =>
        countValue(b.count) - countValue(a.count) ||
        a.criteria.length - b.criteria.length ||
        a.criteria.join(",").localeCompare(b.criteria.join(",")),
    )
    .slice(0, n);
}

/** The matrix rows: criteria that appear in any shown combination, in the order given. */
export function matrixRows(
  criteria: readonly CriterionRef[],
  shown: readonly Combination[],
): CriterionRef[] {
  const used = new Set(shown.flatMap((c) => c.criteria));
  const known = criteria.filter((c) => used.has(c.index));
  const knownIdx = new Set(known.map((c) => c.index));
  const unknown = [...used]
    .filter((i) => !knownIdx.has(i))
    .sort((a, b) => a - b)
    .map((i) => ({ index: i, id: `#${i}`, label: "" }));
  return [...known, ...unknown];
}

/** "I3 + E9" for a combination, with ids looked up from the criteria. */
export function combinationName(
  combo: readonly number[],
  criteria: readonly CriterionRef[],
): string {
  const ids = new Map(criteria.map((c) => [c.index, c.id]));
  return combo.map((i) => ids.get(i) ?? `#${i}`).join(" + ");
}
