/**
 * Counts per 64-bit key (two int32 halves, not both zero) in an open-addressing hash table over
 * typed arrays: no boxing, and iteration is a linear scan, which makes ranking tens of thousands
 * of fail sets cheap. A key whose count drops to zero keeps its slot until the next rehash.
 */
export class CountTable {
  private lo: Int32Array;
  private hi: Int32Array;
  private counts: Int32Array;
  private bits: number;
  private used = 0;
  /** number of keys with a positive count */
  size = 0;

  constructor(bits = 10) {
    this.bits = bits;
    this.lo = new Int32Array(1 << bits);
    this.hi = new Int32Array(1 << bits);
    this.counts = new Int32Array(1 << bits);
  }

  /** Add `delta` to the count of key (lo, hi); the key must not be (0, 0). */
  add(lo: number, hi: number, delta: number): void {
    const kl = lo | 0;
    const kh = hi | 0;
    const mask = this.lo.length - 1;
    let p = Math.imul(kl ^ Math.imul(kh, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const al = this.lo[p]!;
      const ah = this.hi[p]!;
      if (al === kl && ah === kh) break;
      if (al === 0 && ah === 0) {
        this.lo[p] = kl;
        this.hi[p] = kh;
        this.used++;
        break;
      }
      p = (p + 1) & mask;
    }
    const before = this.counts[p]!;
    const after = before + delta;
    this.counts[p] = after;
    if (before <= 0 && after > 0) this.size++;
    else if (before > 0 && after <= 0) this.size--;
    if (this.used * 2 > this.lo.length) this.rehash();
  }

  /** Call fn(lo, hi, count) for every key with a positive count. */
  forEach(fn: (lo: number, hi: number, count: number) => void): void {
    const { lo, hi, counts } = this;
    for (let p = 0; p < lo.length; p++) if (counts[p]! > 0) fn(lo[p]!, hi[p]!, counts[p]!);
  }

  /** The `k` keys with the highest counts, as [lo, hi, count], highest first (ties arbitrary). */
  top(k: number): [number, number, number][] {
    const best: [number, number, number][] = [];
    let floor = 0;
    const { lo, hi, counts } = this;
    for (let p = 0; p < lo.length; p++) {
      const c = counts[p]!;
      if (c <= 0 || (best.length >= k && c < floor)) continue;
      best.push([lo[p]!, hi[p]!, c]);
      if (best.length > k * 4 + 16) {
        best.sort((a, b) => b[2] - a[2]);
        best.length = k;
        floor = best[k - 1]?.[2] ?? 0;
      }
    }
    return best.sort((a, b) => b[2] - a[2]).slice(0, k);
  }

  private rehash(): void {
    const { lo, hi, counts } = this;
    while (this.size * 4 > 1 << this.bits) this.bits++;
    this.lo = new Int32Array(1 << this.bits);
    this.hi = new Int32Array(1 << this.bits);
    this.counts = new Int32Array(1 << this.bits);
    this.used = 0;
    this.size = 0;
    for (let p = 0; p < lo.length; p++) if (counts[p]! > 0) this.add(lo[p]!, hi[p]!, counts[p]!);
  }
}
