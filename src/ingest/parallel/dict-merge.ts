/**
 * Merging the category dictionaries of parts read in parallel: the first part's codes stay,
 * each later part gets a code remap, and the merged dictionary lists values in order of first
 * appearance (as one reader would). Dictionaries are merged packed (one string + end offsets,
 * engine/packed-dict.ts): a patient-id column has as many values as rows, and a million
 * strings per part would cost ~40 MB each and a slow structured clone. The parts share no id:
 * a Map (or any exact hash table) of a million values costs a cache miss per value (~0.2 s; a
 * Map of strings took ~0.4 s and left ~50 MB of heap garbage at the load's peak). Here a Bloom
 * filter of the values seen so far (8 bits per value: it stays in cache) clears most values at
 * once; only its "maybe" answers (~3%) are checked exactly, by one pass over the hashes of the
 * values seen so far against a small table of those candidates (1M ids: ~60 ms). The merged
 * text is the first part's followed by each later part's runs of new values (a later part of
 * distinct ids is one piece).
 *
 * @example
 * mergeDicts([["a", "b"], ["b", "c"]]); // { dict: ["a", "b", "c"], remaps: [null, [1, 2]] }
 */
import { packDict, packedEntry, type PackedDict } from "../../engine/packed-dict.ts";

export interface MergedPacked {
  packed: PackedDict;
  /** per part: its code -> merged code (null for the first part: unchanged) */
  remaps: (Int32Array | null)[];
}

export interface MergedDicts {
  dict: string[];
  remaps: (Int32Array | null)[];
}

/** Hash of text[s, e) (FNV-1a, then mixed). */
function hash(text: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) | 0;
}

const startOf = (d: PackedDict, k: number): number => (k === 0 ? 0 : d.ends[k - 1]!);

/** Entry a of x equals entry b of y. */
function same(x: PackedDict, a: number, y: PackedDict, b: number): boolean {
  const s = startOf(x, a);
  const t = startOf(y, b);
  const len = x.ends[a]! - s;
  if (y.ends[b]! - t !== len) return false;
  for (let j = 0; j < len; j++)
    if (x.text.charCodeAt(s + j) !== y.text.charCodeAt(t + j)) return false;
  return true;
}

/** A Bloom filter over value hashes: 3 probes (double hashing) in a power-of-two bit set. */
class Bloom {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  constructor(values: number) {
    let n = 1 << 10;
    while (n < values * 8) n *= 2;
    this.bits = new Uint32Array(n >>> 5);
    this.mask = n - 1;
  }
  add(h: number): void {
    const step = Math.imul(h ^ (h >>> 16), 0x85ebca6b) | 1;
    for (let i = 0, x = h; i < 3; i++, x = (x + step) | 0) {
      const b = x & this.mask;
      this.bits[b >>> 5]! |= 1 << (b & 31);
    }
  }
  has(h: number): boolean {
    const step = Math.imul(h ^ (h >>> 16), 0x85ebca6b) | 1;
    for (let i = 0, x = h; i < 3; i++, x = (x + step) | 0) {
      const b = x & this.mask;
      if ((this.bits[b >>> 5]! & (1 << (b & 31))) === 0) return false;
    }
    return true;
  }
}

/** `mergePacked` over string dictionaries (tests, small dictionaries). */
export function mergeDicts(dicts: readonly (readonly string[])[]): MergedDicts {
  const { packed, remaps } = mergePacked(dicts.map(packDict));
  return { dict: Array.from(packed.ends, (_, k) => packedEntry(packed, k)), remaps };
}

export function mergePacked(dicts: readonly PackedDict[]): MergedPacked {
  const first = dicts[0] ?? { text: "", ends: new Int32Array(0) };
  if (dicts.length <= 1) return { packed: first, remaps: [null] };
  let total = 0;
  for (const d of dicts) total += d.ends.length;
  const n0 = first.ends.length;
  const seen = new Bloom(total);
  // (what only a third part or later is checked against is kept only when there is one)
  const more = dicts.length > 2;
  /** per merged code: its value's hash */
  const hashOf = new Int32Array(more ? total : n0);
  for (let k = 0; k < n0; k++)
    seen.add((hashOf[k] = hash(first.text, startOf(first, k), first.ends[k]!)));
  /** per merged code after the first part's: the part and code it came from */
  const fromPart = new Int32Array(more ? total - n0 : 0);
  const fromCode = new Int32Array(more ? total - n0 : 0);
  let added = 0;
  const remaps: (Int32Array | null)[] = [null];
  const pieces = [first.text];
  const ends = new Int32Array(total);
  ends.set(first.ends);
  let at = first.text.length;
  for (let p = 1; p < dicts.length; p++) {
    const d = dicts[p]!;
    const m = d.ends.length;
    const hashes = new Int32Array(m);
    /** merged code, or -1: a new value, -2: maybe seen before (checked below) */
    const remap = new Int32Array(m).fill(-1);
    const maybe: number[] = [];
    for (let c = 0; c < m; c++) {
      const h = (hashes[c] = hash(d.text, startOf(d, c), d.ends[c]!));
      if (seen.has(h)) {
        remap[c] = -2;
        maybe.push(c);
      }
    }
    if (maybe.length > 0)
      resolve(maybe, d, hashes, remap, dicts, n0, fromPart, fromCode, added, hashOf);
    // new values get codes in this part's order (its order of first appearance); their text is
    // taken in runs of consecutive new values
    for (let c = 0; c < m;) {
      if (remap[c]! >= 0) {
        c++;
        continue;
      }
      const run = c;
      for (; c < m && remap[c]! < 0; c++) {
        const k = n0 + added;
        remap[c] = k;
        ends[k] = at += d.ends[c]! - startOf(d, c);
        added++;
        if (!more) continue;
        fromPart[k - n0] = p;
        fromCode[k - n0] = c;
        seen.add((hashOf[k] = hashes[c]!));
      }
      pieces.push(d.text.slice(startOf(d, run), d.ends[c - 1]!));
    }
    remaps.push(remap);
  }
  // a few pieces are concatenated (V8 keeps a rope, made flat when first read: no 8 MB copy for
  // a million ids while the merge is at its peak), many are joined
  const text = pieces.length <= 8 ? pieces.reduce((a, b) => a + b) : pieces.join("");
  const n = n0 + added;
  return { packed: { text, ends: n === total ? ends : ends.slice(0, n) }, remaps };
}

/**
 * The candidates (`maybe`: codes of `d`) against every value merged so far, in one pass over
 * their hashes through a small table of the candidates' hashes (values compared only when the
 * hashes are equal; most candidates are false alarms of the filter).
 */
function resolve(
  maybe: readonly number[],
  d: PackedDict,
  hashes: Int32Array,
  remap: Int32Array,
  dicts: readonly PackedDict[],
  n0: number,
  fromPart: Int32Array,
  fromCode: Int32Array,
  added: number,
  hashOf: Int32Array,
): void {
  let size = 16;
  while (size < maybe.length * 2) size *= 2;
  const mask = size - 1;
  /** candidate code + 1 per slot, 0 when empty */
  const slots = new Int32Array(size);
  for (const c of maybe) {
    let i = hashes[c]! & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = c + 1;
  }
  const n = n0 + added;
  for (let k = 0; k < n; k++) {
    const h = hashOf[k]!;
    for (let i = h & mask; slots[i] !== 0; i = (i + 1) & mask) {
      const c = slots[i]! - 1;
      if (hashes[c] !== h || remap[c]! >= 0) continue;
      const same_ =
        k < n0
          ? same(d, c, dicts[0]!, k)
          : same(d, c, dicts[fromPart[k - n0]!]!, fromCode[k - n0]!);
      if (same_) remap[c] = k;
    }
  }
}
