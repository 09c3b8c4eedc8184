/**
 * Word-level loops behind ResultSet: packing verdict codes into bitsets, per-row counters,
 * bit-sliced "any / at least two", and one funnel step. Private hot loops, public free API above.
 */
import type { Bitset } from "./bitset.ts";

/** The index of the only set bit of the 64-bit word (lo, hi); -1 if none, -2 if several. */
export function single(lo: number, hi: number): number {
  if (lo === 0 && hi === 0) return -1;
  if (lo !== 0 && hi !== 0) return -2;
  const w = lo !== 0 ? lo : hi;
  if ((w & (w - 1)) !== 0) return -2;
  return 31 - Math.clz32(w) + (lo !== 0 ? 0 : 32);
}

export function slice2(sets: readonly Bitset[], ones: Bitset, twos: Bitset): void {
  ones.fill(0);
  twos.fill(0);
  // blocks of words so ones/twos stay in cache while every criterion passes over them
  for (let b0 = 0; b0 < ones.length; b0 += 2048) {
    const b1 = Math.min(ones.length, b0 + 2048);
    for (const s of sets) {
      for (let w = b0; w < b1; w++) {
        const x = s[w]!;
        const o = ones[w]!;
        twos[w] = twos[w]! | (o & x);
        ones[w] = o | x;
      }
    }
  }
}

/** popcount(a & ~b & c) with no temporary bitset (exact gains: failing alone and some unknown). */
export function countAndNotAnd(a: Bitset, b: Bitset, c: Bitset): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) {
    let x = a[w]! & ~b[w]! & c[w]!;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    n += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
  }
  return n;
}

/** Keep only the rows passing one more criterion; returns [remaining low, remaining high]. */
export function narrow(
  inLo: Bitset,
  inHi: Bitset,
  lo: Bitset,
  hi: Bitset,
  f: Bitset,
  u: Bitset,
): [number, number] {
  let cLo = 0;
  let cHi = 0;
  for (let w = 0; w < lo.length; w++) {
    const fw = f[w]!;
    const h = inHi[w]! & ~fw;
    const l = inLo[w]! & ~(fw | u[w]!);
    hi[w] = h;
    lo[w] = l;
    // popcount inlined by hand: V8 keeps this loop on int32 only when no call is involved
    let x = h - ((h >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    cHi += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
    let y = l - ((l >>> 1) & 0x55555555);
    y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
    cLo += (Math.imul((y + (y >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
  }
  return [cLo, cHi];
}

/**
 * Pack verdict codes into FAIL and UNDECIDED bits. Codes are 2-bit (PASS 00, FAIL 01, UNDECIDED 10,
 * SITE 11), so FAIL = x & ~(x >> 1) and UNDECIDED = (x >> 1) & ~x, four rows per 32-bit load when
 * the array is aligned. Returns the SITE count and the first row with an invalid code (or -1).
 */
export function packVerdicts(v: Uint8Array, f: Bitset, u: Bitset): { site: number; bad: number } {
  const n = v.length;
  let site = 0;
  let acc = 0;
  let r0 = 0;
  if ((v.byteOffset & 3) === 0 && v.length >= 32) {
    const q = new Uint32Array(v.buffer, v.byteOffset, n >>> 2);
    const full = n >>> 5;
    for (let w = 0; w < full; w++) {
      let fw = 0;
      let uw = 0;
      for (let k = 0; k < 8; k++) {
        const x = q[(w << 3) + k]! | 0;
        acc |= x;
        const hi = x >>> 1;
        const fm = x & ~hi & 0x01010101;
        const um = hi & ~x & 0x01010101;
        const sm = x & hi & 0x01010101;
        site += (sm & 1) + ((sm >>> 8) & 1) + ((sm >>> 16) & 1) + (sm >>> 24);
        fw |= ((fm | (fm >>> 7) | (fm >>> 14) | (fm >>> 21)) & 15) << (k << 2);
        uw |= ((um | (um >>> 7) | (um >>> 14) | (um >>> 21)) & 15) << (k << 2);
      }
      f[w] = fw;
      u[w] = uw;
    }
    r0 = full << 5;
  }
  for (let r = r0; r < n; r++) {
    const x = v[r]!;
    acc |= x;
    const hi = x >>> 1;
    f[r >>> 5] = f[r >>> 5]! | ((x & ~hi & 1) << (r & 31));
    u[r >>> 5] = u[r >>> 5]! | ((hi & ~x & 1) << (r & 31));
    site += x & hi & 1;
  }
  if ((acc & 0xfcfcfcfc) === 0) return { site, bad: -1 };
  return { site, bad: v.findIndex((x) => x > 3) };
}

/**
 * Per row, the number of criteria in its set: the popcount of its `stride` words (FailSets
 * words). At 1M rows x 33 criteria one pass instead of a pass per criterion over its set bits.
 */
export function setSizes(
  words: Uint32Array,
  stride: number,
  n: number,
  out: Uint8Array | Uint16Array,
): void {
  for (let r = 0; r < n; r++) {
    let c = 0;
    for (let k = r * stride, end = k + stride; k < end; k++) {
      // popcount inlined by hand (as in narrow)
      let x = words[k]! | 0;
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      c += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
    }
    out[r] = c;
  }
}
