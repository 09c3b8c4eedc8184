/**
 * Which columns may be published as subgroups, and with which levels. A subgroup splits every
 * headline number by the column's values, so a column holding one value per patient (the
 * patient id, a record number, a date of birth as text) would publish row-level data. Rules:
 * - the protocol's patient-id column is never a subgroup;
 * - a column whose distinct values cover half the rows or more is id-like and never a subgroup;
 * - every published level holds at least `threshold` patients: smaller levels (and missing)
 *   are merged into one "other" level; if that level is still small, the next smallest levels
 *   join it; a column left with fewer than two levels is refused.
 */
import type { CodeArray } from "../types.ts";

export const OTHER_LEVEL = "other";

export interface SubgroupColumn {
  codes: CodeArray;
  dict: readonly string[];
}

export type SubgroupDecision =
  | { ok: true; codes: Int32Array; dict: string[]; merged: (string | null)[] }
  | { ok: false; reason: string };

/** Distinct values (missing excluded) per row with a value: 1 for an id column. */
function distinctShare(col: SubgroupColumn): { distinct: number; filled: number } {
  const seen = new Uint8Array(col.dict.length);
  let distinct = 0;
  let filled = 0;
  // distinct <= dict.length, so once filled passes twice that the column cannot be id-like:
  // stop there (a large extract's columns are decided after a few hundred rows, not all)
  const enough = 2 * col.dict.length;
  for (let r = 0; r < col.codes.length && filled <= enough; r++) {
    const c = col.codes[r]!;
    if (c < 0 || c >= col.dict.length) continue;
    filled++;
    if (!seen[c]) {
      seen[c] = 1;
      distinct++;
    }
  }
  return { distinct, filled };
}

/** Why `name` can never be a subgroup (id or id-like), or undefined when it may be one. */
export function rowLevelReason(
  name: string,
  col: SubgroupColumn,
  idColumn?: string,
): string | undefined {
  if (idColumn !== undefined && name === idColumn)
    return `"${name}" is the patient id column: one value per patient`;
  const { distinct, filled } = distinctShare(col);
  if (filled > 0 && distinct * 2 >= filled && distinct > 1)
    return `"${name}" has ${distinct} distinct values in ${filled} rows: its values identify patients`;
  return undefined;
}

/**
 * The levels of `col` that may be published with `threshold`, small ones merged into "other";
 * or the reason the column cannot be a subgroup.
 *
 * @example
 * publishableSubgroup("site", { codes, dict }, 11, "patient_id"); // { ok: true, dict: ["A", "B", "other"], ... }
 */
export function publishableSubgroup(
  name: string,
  col: SubgroupColumn,
  threshold: number,
  idColumn?: string,
): SubgroupDecision {
  const why = rowLevelReason(name, col, idColumn);
  if (why) return { ok: false, reason: why };
  const k = col.dict.length;
  const sizes = new Float64Array(k + 1); // [k] = missing
  for (let r = 0; r < col.codes.length; r++) {
    const c = col.codes[r]!;
    const g = c >= 0 && c < k ? c : k;
    sizes[g] = sizes[g]! + 1;
  }
  const levels = [...Array(k + 1).keys()].filter((g) => sizes[g]! > 0);
  const kept = new Set(levels.filter((g) => g < k && sizes[g]! >= threshold));
  const otherSize = () => levels.filter((g) => !kept.has(g)).reduce((s, g) => s + sizes[g]!, 0);
  // a small "other" level takes in the smallest kept levels until it is large enough
  while (otherSize() > 0 && otherSize() < threshold && kept.size > 0) {
    const smallest = [...kept].sort((a, b) => sizes[a]! - sizes[b]! || a - b)[0]!;
    kept.delete(smallest);
  }
  const published = kept.size + (otherSize() > 0 ? 1 : 0);
  if (published < 2)
    return {
      ok: false,
      reason: `"${name}" has no two groups of ${threshold} or more patients`,
    };
  const order = [...kept].sort((a, b) => a - b);
  const dict = order.map((g) => col.dict[g]!);
  let otherName = OTHER_LEVEL;
  while (dict.includes(otherName)) otherName = `(${otherName})`;
  const otherCode = otherSize() > 0 ? dict.push(otherName) - 1 : -1;
  const map = new Int32Array(k + 1).fill(otherCode);
  order.forEach((g, i) => (map[g] = i));
  const codes = new Int32Array(col.codes.length);
  for (let r = 0; r < codes.length; r++) {
    const c = col.codes[r]!;
    codes[r] = map[c >= 0 && c < k ? c : k]!;
  }
  const merged = levels.filter((g) => !kept.has(g)).map((g) => (g < k ? col.dict[g]! : null));
  return { ok: true, codes, dict, merged };
}
