/**
 * Category codes recoded through a table in one pass (categories.ts `toCategory`): `out[i] =
 * remap[codes[i]]`, -1 staying -1, with the rows whose value has no allowed counterpart
 * (remap -1) counted per value. The counting pass runs only when some value has none, and the
 * values' order of first appearance (the report's examples) is found by a scan that stops once
 * it has them. On the synthetic registry the 17 mapped category columns took ~90 ms as one
 * general loop with a map update per unknown row.
 */
import type { CodeArray } from "../../engine/types.ts";

export interface Recoded {
  /** rows whose value was not allowed (now -1) */
  unknown: number;
  /** codes of those values in order of first appearance, at most `maxExamples` */
  firstUnknown: number[];
}

/**
 * Recodes `codes` into `out` (may be the same array) through `remap` (-1: not allowed).
 * `out` must hold every value of `remap`.
 */
export function recodeCategories(
  codes: CodeArray,
  out: CodeArray,
  remap: readonly number[],
  maxExamples = 5,
): Recoded {
  const n = codes.length;
  // index code + 1: slot 0 is missing (-1)
  const table = new Int32Array(remap.length + 1);
  table[0] = -1;
  let anyUnknown = false;
  remap.forEach((r, c) => {
    table[c + 1] = r;
    if (r === -1) anyUnknown = true;
  });
  let unknown = 0;
  const firstUnknown: number[] = [];
  if (anyUnknown) {
    // (before the codes are overwritten, when recoded in place)
    const counts = new Int32Array(remap.length + 1);
    for (let i = 0; i < n; i++) counts[codes[i]! + 1]!++;
    let kinds = 0;
    for (let c = 0; c < remap.length; c++)
      if (remap[c] === -1 && counts[c + 1]! > 0) {
        unknown += counts[c + 1]!;
        kinds++;
      }
    const want = Math.min(kinds, maxExamples);
    const seen = new Uint8Array(remap.length);
    for (let i = 0; i < n && firstUnknown.length < want; i++) {
      const c = codes[i]!;
      if (c >= 0 && remap[c] === -1 && seen[c] === 0) {
        seen[c] = 1;
        firstUnknown.push(c);
      }
    }
  }
  for (let i = 0; i < n; i++) out[i] = table[codes[i]! + 1]!;
  return { unknown, firstUnknown };
}
