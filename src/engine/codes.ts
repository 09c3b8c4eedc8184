/**
 * Category codes in the narrowest signed array their dictionary needs: Int8Array up to 128
 * values, Int16Array up to 32,768, else Int32Array; -1 = missing in all three. A column's
 * codes are widened by one copy when its dictionary outgrows them (reading, merging parts,
 * editing a cell). Compiled expressions read them into Int32 batches (`CatVec`).
 *
 * @example
 * let codes = newCodes(codeBytes(3), 10); // Int8Array(10)
 * codes = fitCodes(codes, 300); // Int16Array, values kept
 */
import type { CategoryColumn, CodeArray } from "./types.ts";

/** Bytes per code for a dictionary of `size` values (codes 0 .. size - 1). */
export function codeBytes(size: number): 1 | 2 | 4 {
  return size <= 128 ? 1 : size <= 32768 ? 2 : 4;
}

/** Largest code an array of `bytes` per element holds. */
export function maxCode(bytes: number): number {
  return bytes === 1 ? 127 : bytes === 2 ? 32767 : 2147483647;
}

/** A zeroed code array of `bytes` per element. */
export function newCodes(bytes: number, n: number): CodeArray {
  return bytes === 1 ? new Int8Array(n) : bytes === 2 ? new Int16Array(n) : new Int32Array(n);
}

/** `codes` itself when a dictionary of `size` values fits it, else a wider copy of it. */
export function fitCodes(codes: CodeArray, size: number): CodeArray {
  const bytes = codeBytes(size);
  if (bytes <= codes.BYTES_PER_ELEMENT) return codes;
  const out = newCodes(bytes, codes.length);
  out.set(codes);
  return out;
}

/** Writes `code` at `row`, first widening the column's codes when it does not fit them (edits). */
export function setCode(col: CategoryColumn, row: number, code: number): void {
  if (code > maxCode(col.codes.BYTES_PER_ELEMENT)) col.codes = fitCodes(col.codes, code + 1);
  col.codes[row] = code;
}
