/**
 * The grid's row order: which rows pass the filter mask and in what order they are shown, as
 * one Int32Array of row numbers. The grid (ag-grid's infinite row model) asks for windows of
 * this array, so 1M rows never become 1M row objects. Keys are typed arrays, one number per
 * row (NaN = missing, always last); small-integer keys (statuses, verdicts) sort by counting.
 *
 * @example
 * viewOrder(4, null, [{ key: Uint8Array.of(2, 0, 1, 0), desc: false }]); // Int32Array [1, 3, 2, 0]
 */

import type { CodeArray, ColumnArray } from "../../engine/types.ts";

export interface SortSpec {
  /** one sort key per row; NaN sorts last in both directions */
  key: ColumnArray;
  desc: boolean;
}

/** Rows passing `mask` (all when null), ordered by `specs` (first spec first; ties by row). */
export function viewOrder(
  n: number,
  mask: Uint8Array | null,
  specs: readonly SortSpec[],
): Int32Array {
  let rows: Int32Array;
  if (mask) {
    let c = 0;
    for (let i = 0; i < n; i++) c += mask[i]! & 1;
    rows = new Int32Array(c);
    for (let i = 0, j = 0; i < n; i++) if (mask[i]! & 1) rows[j++] = i;
  } else {
    rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
  }
  if (specs.length === 0) return rows;
  if (specs.every((s) => s.key instanceof Uint8Array)) {
    // stable counting sorts from the last key to the first (LSD)
    for (let k = specs.length - 1; k >= 0; k--) rows = countingSort(rows, specs[k]!);
    return rows;
  }
  const keys = specs.map((s) => s.key);
  const sign = specs.map((s) => (s.desc ? -1 : 1));
  return rows.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const x = keys[k]![a]!;
      const y = keys[k]![b]!;
      if (x === y) continue;
      const xm = x !== x;
      const ym = y !== y;
      if (xm || ym) {
        if (xm && ym) continue;
        return xm ? 1 : -1;
      }
      return x < y ? -sign[k]! : sign[k]!;
    }
    return a - b;
  });
}

function countingSort(rows: Int32Array, spec: SortSpec): Int32Array {
  const key = spec.key as Uint8Array;
  const count = new Int32Array(257);
  for (let j = 0; j < rows.length; j++)
    count[(spec.desc ? 255 - key[rows[j]!]! : key[rows[j]!]!) + 1]!++;
  for (let v = 1; v < 257; v++) count[v]! += count[v - 1]!;
  const out = new Int32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    out[count[spec.desc ? 255 - key[r]! : key[r]!]!++] = r;
  }
  return out;
}

/**
 * Sort ranks of a category dictionary (codes -> rank by text, numbers before words via the
 * collator's numeric option), for a per-row Float64Array key; code -1 (missing) is NaN.
 */
export function categoryKey(codes: CodeArray, dict: readonly string[], n: number): Float64Array {
  const collator = new Intl.Collator(undefined, { numeric: true });
  const byText = dict.map((_, c) => c).sort((a, b) => collator.compare(dict[a]!, dict[b]!));
  const rank = new Float64Array(dict.length);
  byText.forEach((c, r) => (rank[c] = r));
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    key[i] = c < 0 ? NaN : rank[c]!;
  }
  return key;
}
