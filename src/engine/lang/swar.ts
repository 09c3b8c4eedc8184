/**
 * Kleene logic on four truth codes at a time (codes 0 false, 1 true, 2 unknown in each byte of
 * a 32-bit word). No byte carries into the next: every per-byte intermediate stays below 4,
 * and right shifts are masked back to bit 0 of each byte.
 */
const ONES = 0x01010101;

/** and per byte: 0 if either is 0; 1 if both are 1; else 2 */
export const andWord = (a: number, b: number): number => {
  const nz = ((a + ONES) >>> 1) & ((b + ONES) >>> 1) & ONES;
  const unknown = ((a | b) >>> 1) & ONES;
  return nz + (nz & unknown);
};

/** or per byte: 1 if either is 1; 0 if both are 0; else 2 */
export const orWord = (a: number, b: number): number => {
  const x = a | b;
  const t = x & ONES;
  return t | (((t ^ ONES) & (x >>> 1) & ONES) << 1);
};

/** not per byte: swaps 0 and 1, keeps 2 (also the inclusion verdict mapping) */
export const notWord = (x: number): number => x ^ (~(x >>> 1) & ONES);

/** 32-bit view of bytes [0, n) when 4-byte aligned, else null. */
export function words(a: Uint8Array, n: number): Uint32Array | null {
  return (a.byteOffset & 3) === 0 ? new Uint32Array(a.buffer, a.byteOffset, n >>> 2) : null;
}
