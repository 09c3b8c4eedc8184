import { forEachSet, type Bitset } from "./bitset.ts";
import { CountTable } from "./count-table.ts";

/**
 * Per-row set of failed criteria (as bit words) plus a count per distinct set, kept up to date
 * incrementally: flipping criterion i on the rows of a diff bitset touches only those rows,
 * so a what-if on one criterion costs O(changed rows), not O(rows x criteria).
 * Up to 64 criteria a set is a 64-bit key in a typed hash table; beyond, a string in a Map.
 */
export class FailSets {
  readonly stride: number;
  /** per row, `stride` words of criterion bits (read-only outside this class) */
  readonly words: Uint32Array;
  /** counts per set when stride <= 2 */
  private readonly table = new CountTable();
  /** counts per set when stride > 2 (words joined as a string) */
  private readonly counts = new Map<string, number>();
  /**
   * Whether the counts per set are made: after `fill` they are made from the words when first
   * asked for (`size`, `entries`, `top`): a screen that never asks (the command line's summary
   * without --summary) skips a hash update per row (~30-40 ms at 1M rows).
   */
  private countsMade = true;

  /** `counted` false keeps only the per-row words (no count per set) */
  constructor(
    readonly nRows: number,
    readonly nCriteria: number,
    readonly counted = true,
  ) {
    this.stride = Math.max(1, Math.ceil(nCriteria / 32));
    this.words = new Uint32Array(nRows * this.stride);
  }

  /**
   * Sets criterion i's bits from `sets[i]` for every i on fresh (all-zero) sets; each row's set
   * is counted once, when the counts are first asked for: the same state as toggling each
   * criterion in turn, without moving a row between counts once per bit.
   */
  fill(sets: readonly Bitset[]): void {
    const { words, stride, nRows } = this;
    // 32 rows x 32 criteria at a time: the criteria's words for those rows, transposed into
    // the rows' words (a bit at a time this was ~30-50 ms per 1M rows x 33 criteria)
    const block = transposeScratch;
    const nw = (nRows + 31) >>> 5;
    for (let g = 0; g < stride; g++) {
      const first = g << 5;
      const k = Math.min(32, sets.length - first);
      if (k <= 0) break;
      for (let w = 0; w < nw; w++) {
        let any = 0;
        for (let j = 0; j < k; j++) {
          const x = sets[first + j]![w]! | 0;
          block[j] = x;
          any |= x;
        }
        if (any === 0) continue;
        block.fill(0, k);
        transpose32(block);
        const r0 = w << 5;
        const rows = Math.min(32, nRows - r0);
        for (let b = 0; b < rows; b++) {
          const v = block[b]!;
          if (v === 0) continue;
          const p = (r0 + b) * stride + g;
          words[p] = words[p]! | v;
        }
      }
    }
    if (this.counted) this.countsMade = false;
  }

  /** Makes the counts per set from the words (once, after `fill`). */
  private makeCounts(): void {
    if (this.countsMade) return;
    this.countsMade = true;
    const { words, stride } = this;
    for (let r = 0; r < this.nRows; r++) {
      if (stride === 1) {
        const v = words[r]! | 0;
        if (v !== 0) this.table.add(v, 0, 1);
      } else if (stride === 2) {
        const lo = words[r << 1]! | 0;
        const hi = words[(r << 1) + 1]! | 0;
        if ((lo | hi) !== 0) this.table.add(lo, hi, 1);
      } else {
        const key = this.keyOf(r);
        if (key !== "") this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    }
  }

  /** Toggle criterion i on every row set in `diff`, moving those rows between set counts. */
  toggle(i: number, diff: Bitset): void {
    forEachSet(diff, (r) => this.flip(i, r));
  }

  /** Toggle criterion i on row r, moving the row between set counts. */
  flip(i: number, r: number): void {
    const { words, stride, table } = this;
    const bit = 1 << (i & 31);
    const p = r * stride + (i >>> 5);
    if (!this.counted || !this.countsMade) {
      words[p] = words[p]! ^ bit;
    } else if (stride === 1) {
      const old = words[r]! | 0;
      const next = old ^ bit;
      words[r] = next;
      if (old !== 0) table.add(old, 0, -1);
      if (next !== 0) table.add(next, 0, 1);
    } else if (stride === 2) {
      const q = r << 1;
      const lo = words[q]! | 0;
      const hi = words[q + 1]! | 0;
      if ((lo | hi) !== 0) table.add(lo, hi, -1);
      words[p] = words[p]! ^ bit;
      const nlo = words[q]! | 0;
      const nhi = words[q + 1]! | 0;
      if ((nlo | nhi) !== 0) table.add(nlo, nhi, 1);
    } else {
      const oldKey = this.keyOf(r);
      words[p] = words[p]! ^ bit;
      const newKey = this.keyOf(r);
      if (oldKey !== "") decrement(this.counts, oldKey);
      if (newKey !== "") this.counts.set(newKey, (this.counts.get(newKey) ?? 0) + 1);
    }
  }

  /** Number of distinct non-empty fail sets. */
  get size(): number {
    this.makeCounts();
    return this.stride <= 2 ? this.table.size : this.counts.size;
  }

  /** Criterion indices of every distinct non-empty fail set with its row count. */
  entries(): { set: number[]; count: number }[] {
    this.makeCounts();
    const out: { set: number[]; count: number }[] = [];
    if (this.stride <= 2)
      this.table.forEach((lo, hi, count) => out.push({ set: decode([lo, hi]), count }));
    else
      for (const [key, count] of this.counts)
        out.push({ set: decode(key.split(",").map((s) => parseInt(s, 36))), count });
    return out;
  }

  /** The `topK` most frequent non-empty sets (ties by fewer criteria, then lexicographic). */
  top(topK: number): { set: number[]; count: number }[] {
    this.makeCounts();
    if (this.stride <= 2)
      return rank(
        this.table.top(topK).map(([lo, hi, count]) => ({ set: decode([lo, hi]), count })),
        topK,
      );
    const best: [string, number][] = [];
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
    return rank(
      best.map(([key, count]) => ({
        set: decode(key.split(",").map((s) => parseInt(s, 36))),
        count,
      })),
      topK,
    );
  }

  private keyOf(r: number): string {
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
}

const transposeScratch = new Int32Array(32);

/**
 * Transposes a 32 x 32 bit matrix in place: bit j of word i moves to bit i of word j (blocks of
 * 16, 8, 4, 2 and 1 bits swapped across the diagonal in turn).
 */
export function transpose32(a: Int32Array): void {
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m ^= m << j) {
    for (let k = 0; k < 32; k = ((k | j) + 1) & ~j) {
      const t = ((a[k]! >>> j) ^ a[k | j]!) & m;
      a[k] = a[k]! ^ (t << j);
      a[k | j] = a[k | j]! ^ t;
    }
  }
}

function decode(ws: number[]): number[] {
  const set: number[] = [];
  ws.forEach((w, k) => {
    for (let b = 0; b < 32; b++) if ((w >>> b) & 1) set.push(k * 32 + b);
  });
  return set;
}

function rank(
  sets: { set: number[]; count: number }[],
  topK: number,
): { set: number[]; count: number }[] {
  sets.sort(
    (a, b) => b.count - a.count || a.set.length - b.set.length || compareSets(a.set, b.set),
  );
  return sets.slice(0, topK);
}

function decrement(counts: Map<string, number>, key: string): void {
  const c = (counts.get(key) ?? 0) - 1;
  if (c <= 0) counts.delete(key);
  else counts.set(key, c);
}

function compareSets(a: number[], b: number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return a.length - b.length;
}
