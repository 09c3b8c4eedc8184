/**
 * Counts per non-zero int32 key in an open-addressing hash table over typed arrays: no boxing,
 * and iteration is a linear scan, which makes ranking tens of thousands of fail sets cheap.
 * A key whose count drops to zero keeps its slot until the next rehash.
 */
export class CountTable {
  private keys: Int32Array;
  private counts: Int32Array;
  private bits: number;
  private used = 0;
  /** number of keys with a positive count */
  size = 0;

  constructor(bits = 10) {
    this.bits = bits;
    this.keys = new Int32Array(1 << bits);
    this.counts = new Int32Array(1 << bits);
  }

  /** Add `delta` to the count of `key` (key must be non-zero). */
  add(key: number, delta: number): void {
    const k = key | 0;
    const mask = this.keys.length - 1;
    let p = Math.imul(k, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const at = this.keys[p]!;
      if (at === k) break;
      if (at === 0) {
        this.keys[p] = k;
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
    if (this.used * 2 > this.keys.length) this.rehash();
  }

  /** Call fn(key, count) for every key with a positive count. */
  forEach(fn: (key: number, count: number) => void): void {
    const { keys, counts } = this;
    for (let p = 0; p < keys.length; p++) if (counts[p]! > 0) fn(keys[p]!, counts[p]!);
  }

  /** The `k` keys with the highest counts, as [key, count] pairs, highest first (ties arbitrary). */
  top(k: number): [number, number][] {
    const best: [number, number][] = [];
    let floor = 0;
    const { keys, counts } = this;
    for (let p = 0; p < keys.length; p++) {
      const c = counts[p]!;
      if (c <= 0 || (best.length >= k && c < floor)) continue;
      best.push([keys[p]!, c]);
      if (best.length > k * 4 + 16) {
        best.sort((a, b) => b[1] - a[1]);
        best.length = k;
        floor = best[k - 1]?.[1] ?? 0;
      }
    }
    return best.sort((a, b) => b[1] - a[1]).slice(0, k);
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    while (this.size * 4 > 1 << this.bits) this.bits++;
    this.keys = new Int32Array(1 << this.bits);
    this.counts = new Int32Array(1 << this.bits);
    this.used = 0;
    this.size = 0;
    for (let p = 0; p < oldKeys.length; p++)
      if (oldCounts[p]! > 0) this.add(oldKeys[p]!, oldCounts[p]!);
  }
}
