/**
 * Weighted counts of three-valued flags as intervals [#true, #true + #unknown]: the kernel of
 * the ACR 1997 and SLEDAI-2K scores.
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 */
import { FALSE, TRUE } from "../types.ts";
import type { BoolVec, NumVec } from "../types.ts";
import type { AnyVec } from "./types.ts";

/**
 * Counts TRUE flags as an interval [#true, #true + #unknown], each weighted.
 *
 * Whole weights with a total up to 255 (SLEDAI-2K: 105, ACR 1997: 11) are summed four rows at
 * a time (`byteWeightedCount`: each row's sums in one byte of a 32-bit word). Up to 0xffff
 * without a branch per flag: one int32 per row holds the TRUE sum in its low 16 bits and the
 * TRUE-or-unknown sum in its high 16 bits, and each flag adds its entry of a 256-entry table
 * (a branch on random flags mispredicted about a third of the time: 2-4x slower, measured).
 * Other weights take the plain loop.
 */
function weightedCount(
  args: readonly AnyVec[],
  weights: readonly number[],
  n: number,
  o: NumVec,
): void {
  if (!packableWeights(weights)) {
    plainWeightedCount(args, weights, n, o);
    return;
  }
  if (byteWeightedCount(args as readonly BoolVec[], weights, n, o)) return;
  if (countScratch.length < n) countScratch = new Int32Array(n);
  const acc = countScratch;
  const step = countStep;
  acc.fill(0, 0, n);
  // column by column: sequential reads of each flag vector
  for (let k = 0; k < weights.length; k++) {
    const v = args[k] as BoolVec;
    const w = weights[k]!;
    // FALSE adds nothing, TRUE adds to both sums, anything else (unknown) to the upper one
    step.fill(w << 16);
    step[FALSE] = 0;
    step[TRUE] = w | (w << 16);
    for (let i = 0; i < n; i++) acc[i] = (acc[i]! + step[v[i]!]!) | 0;
  }
  const lo = o.lo;
  const hi = o.hi;
  for (let i = 0; i < n; i++) {
    const a = acc[i]!;
    lo[i] = a & 0xffff;
    hi[i] = a >>> 16;
  }
}

const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;
const ONES = 0x01010101;
/** per byte of x: 1 where the byte is not 0, else 0 (no carry crosses bytes) */
const nonZeroBytes = (x: number): number => ((((x & LOW7) + LOW7) | x) & HIGH) >>> 7;
/** byte j of a Uint32Array word is byte 4w + j of its buffer (little-endian) */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * `weightedCount` four rows at a time, for whole weights totalling at most 255: per 32-bit word
 * of a flag vector, the bytes equal to TRUE and the bytes not FALSE as 0/1 per byte (exact for
 * any byte, not only the truth codes), times the weight, added to per-byte sums that cannot
 * carry (a vector not starting on a word boundary is read as two words shifted together).
 * Returns false (nothing written) when the weights do not allow it, or when such a vector ends
 * within 3 bytes of its buffer's end. SLEDAI-2K and ACR 1997 over 1M rows: the table loop's 35 lookups per row took
 * ~0.2 s of the synthetic registry's evaluation.
 */
export function byteWeightedCount(
  args: readonly BoolVec[],
  weights: readonly number[],
  n: number,
  o: NumVec,
): boolean {
  let total = 0;
  for (const w of weights) total += w;
  if (!LITTLE_ENDIAN || total > 0xff || weights.length > args.length) return false;
  const nw = n >>> 2;
  // each flag vector as 32-bit words from the word boundary at or below its start (a column in
  // a shared table may start at any byte); one word more when it does not start on a boundary
  // flags read from the same bytes (unmapped variables all read one missing vector) are one
  // vector with their weights summed
  const { vecs, ws } = sameVectorsMerged(args, weights);
  const views: Uint32Array[] = [];
  for (const v of vecs) {
    const from = v.byteOffset & ~3;
    const words = nw + ((v.byteOffset & 3) === 0 ? 0 : 1);
    if (from + 4 * words > v.buffer.byteLength) return false;
    views.push(new Uint32Array(v.buffer, from, words));
  }
  if (byteLo.length < nw) {
    byteLo = new Int32Array(nw);
    byteHi = new Int32Array(nw);
  }
  const accLo = byteLo;
  const accHi = byteHi;
  accLo.fill(0, 0, nw);
  accHi.fill(0, 0, nw);
  for (let k = 0; k < views.length; k++) {
    const x = views[k]!;
    const w = ws[k]!;
    const shift = (vecs[k]!.byteOffset & 3) << 3;
    if (shift === 0)
      for (let j = 0; j < nw; j++) {
        const b = x[j]!;
        // bytes equal to TRUE (1): those where b ^ 0x01 is 0
        const t = nonZeroBytes(b ^ ONES) ^ ONES;
        accLo[j] = (accLo[j]! + Math.imul(t, w)) | 0;
        accHi[j] = (accHi[j]! + Math.imul(nonZeroBytes(b), w)) | 0;
      }
    else
      for (let j = 0; j < nw; j++) {
        // rows 4j .. 4j+3 straddle two words
        const b = (x[j]! >>> shift) | (x[j + 1]! << (32 - shift));
        const t = nonZeroBytes(b ^ ONES) ^ ONES;
        accLo[j] = (accLo[j]! + Math.imul(t, w)) | 0;
        accHi[j] = (accHi[j]! + Math.imul(nonZeroBytes(b), w)) | 0;
      }
  }
  const lo = o.lo;
  const hi = o.hi;
  for (let j = 0; j < nw; j++) {
    const a = accLo[j]!;
    const c = accHi[j]!;
    const i = j << 2;
    lo[i] = a & 0xff;
    lo[i + 1] = (a >>> 8) & 0xff;
    lo[i + 2] = (a >>> 16) & 0xff;
    lo[i + 3] = a >>> 24;
    hi[i] = c & 0xff;
    hi[i + 1] = (c >>> 8) & 0xff;
    hi[i + 2] = (c >>> 16) & 0xff;
    hi[i + 3] = c >>> 24;
  }
  // the last rows (n not a multiple of 4)
  for (let i = nw << 2; i < n; i++) {
    let l = 0;
    let h = 0;
    for (let k = 0; k < weights.length; k++) {
      const f = args[k]![i]!;
      const w = weights[k]!;
      l += f === TRUE ? w : 0;
      h += f !== FALSE ? w : 0;
    }
    lo[i] = l;
    hi[i] = h;
  }
  return true;
}

/**
 * The distinct vectors among `args` (the same buffer and offset: the same bytes for the batch)
 * with the sum of their weights.
 */
function sameVectorsMerged(
  args: readonly BoolVec[],
  weights: readonly number[],
): { vecs: BoolVec[]; ws: number[] } {
  const vecs: BoolVec[] = [];
  const ws: number[] = [];
  for (let k = 0; k < weights.length; k++) {
    const v = args[k]!;
    const w = weights[k]!;
    const same = vecs.findIndex((u) => u.buffer === v.buffer && u.byteOffset === v.byteOffset);
    if (same >= 0) ws[same] = ws[same]! + w;
    else {
      vecs.push(v);
      ws.push(w);
    }
  }
  return { vecs, ws };
}

let byteLo = new Int32Array(0);
let byteHi = new Int32Array(0);

let countScratch = new Int32Array(0);
const countStep = new Int32Array(256);

/** Whole, non-negative weights whose total fits 16 bits (see weightedCount). */
export function packableWeights(weights: readonly number[]): boolean {
  let total = 0;
  for (const w of weights) {
    if (!Number.isInteger(w) || w < 0) return false;
    total += w;
  }
  return total <= 0xffff;
}

/** `weightedCount` for any weights: a branch per flag. */
export function plainWeightedCount(
  args: readonly AnyVec[],
  weights: readonly number[],
  n: number,
  o: NumVec,
): void {
  const lo = o.lo;
  const hi = o.hi;
  lo.fill(0, 0, n);
  hi.fill(0, 0, n);
  for (let k = 0; k < weights.length; k++) {
    const v = args[k] as BoolVec;
    const w = weights[k]!;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if (x === TRUE) {
        lo[i]! += w;
        hi[i]! += w;
      } else if (x !== FALSE) hi[i]! += w;
    }
  }
}

export { weightedCount };
