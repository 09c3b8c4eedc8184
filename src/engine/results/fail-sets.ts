import { forEachSet, type Bitset } from "./bitset.ts";

/**
 * Per-row set of failed criteria (as bit words) plus a count per distinct set, kept up to date
 * incrementally: flipping criterion i on the rows of a diff bitset touches only those rows,
 * so a what-if on one criterion costs O(changed rows), not O(rows x criteria).
 * Sets are keyed by a number when there are at most 32 criteria, by a string otherwise.
 */
export class FailSets {
  readonly stride: number;
  private readonly words: Uint32Array;
  private readonly counts = new Map<number | string, number>();

  constructor(
    readonly nRows: number,
    readonly nCriteria: number,
  ) {
    this.stride = Math.max(1, Math.ceil(nCriteria / 32));
    this.words = new Uint32Array(nRows * this.stride);
  }

  /** Toggle criterion i on every row set in `diff`, moving those rows between set counts. */
  toggle(i: number, diff: Bitset): void {
    const off = i >>> 5;
    const bit = 1 << (i & 31);
    const { words, stride, counts } = this;
    if (stride === 1) {
      forEachSet(diff, (r) => {
        const old = words[r]!;
        const next = (old ^ bit) >>> 0;
        words[r] = next;
        if (old !== 0) decrement(counts, old);
        if (next !== 0) counts.set(next, (counts.get(next) ?? 0) + 1);
      });
      return;
    }
    forEachSet(diff, (r) => {
      const oldKey = this.keyOf(r);
      const p = r * stride + off;
      words[p] = words[p]! ^ bit;
      const newKey = this.keyOf(r);
      if (oldKey !== "") decrement(counts, oldKey);
      if (newKey !== "") counts.set(newKey, (counts.get(newKey) ?? 0) + 1);
    });
  }

  /** Criterion indices of every distinct non-empty fail set with its row count. */
  entries(): { set: number[]; count: number }[] {
    const out: { set: number[]; count: number }[] = [];
    for (const [key, count] of this.counts) out.push({ set: this.decode(key), count });
    return out;
  }

  /** The `topK` most frequent non-empty sets (ties by fewer criteria, then lexicographic). */
  top(topK: number): { set: number[]; count: number }[] {
    const best: [number | string, number][] = [];
    let floor = 0;
    for (const entry of this.counts) {
      if (best.length >= topK && entry[1] < floor) continue;
      best.push(entry);
      if (best.length > topK * 4 + 16) {
        best.sort((a, b) => b[1] - a[1]);
        best.length = topK;
        floor = best[best.length - 1]?.[1] ?? 0;
      }
    }
    const decoded = best.map(([key, count]) => ({ set: this.decode(key), count }));
    decoded.sort(
      (a, b) => b.count - a.count || a.set.length - b.set.length || compareSets(a.set, b.set),
    );
    return decoded.slice(0, topK);
  }

  private keyOf(r: number): number | string {
    const base = r * this.stride;
    let key = "";
    let any = false;
    for (let k = 0; k < this.stride; k++) {
      const w = this.words[base + k]!;
      if (w !== 0) any = true;
      key += (k ? "," : "") + w.toString(36);
    }
    return any ? key : "";
  }

  private decode(key: number | string): number[] {
    const ws = typeof key === "number" ? [key] : key.split(",").map((s) => parseInt(s, 36));
    const set: number[] = [];
    ws.forEach((w, k) => {
      for (let b = 0; b < 32; b++) if ((w >>> b) & 1) set.push(k * 32 + b);
    });
    return set;
  }
}

function decrement(counts: Map<number | string, number>, key: number | string): void {
  const c = (counts.get(key) ?? 0) - 1;
  if (c <= 0) counts.delete(key);
  else counts.set(key, c);
}

function compareSets(a: number[], b: number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return a.length - b.length;
}
