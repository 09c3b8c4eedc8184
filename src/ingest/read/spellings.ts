/**
 * A category column's spelling → code table: open addressing over Int32Arrays, keyed by a
 * hash of the char codes that the fast path computes while it finds the cell's end, so a
 * spelling seen before is found from the text without making its string (a Map would need
 * the string). Raw spellings (" a", "NA") and trimmed values share the table. The keys are
 * kept as characters in one growing typed array (Latin-1 bytes, widened to UTF-16 code units
 * when a key needs it), not as strings: a column of a million distinct ids holds 8 MB of
 * characters instead of a million V8 strings (~24 bytes each, plus an array slot), and its
 * dictionary leaves as one string (`pack`).
 *
 * @example
 * const t = new Spellings();
 * t.add("IV", hashString("IV"), 3);
 * t.findRange("x,IV,", 2, 4, hashRange("x,IV,", 2, 4)); // 3
 */
import type { PackedDict } from "../../engine/packed-dict.ts";

/** returned by the finders when the spelling is not in the table */
export const ABSENT = -2;

/** Hash of text[s, e) (the fast path folds the same step into its scan: h * 31 + c). */
export function hashRange(text: string, s: number, e: number): number {
  let h = 0;
  for (let i = s; i < e; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

export function hashString(t: string): number {
  return hashRange(t, 0, t.length);
}

/**
 * Folds the high bits into the low ones (as Java's HashMap does). Not a full mix on purpose:
 * sequential ids (P0000001, P0000002 ...) stay in neighbouring slots, so a column of distinct
 * ids probes the table in order instead of missing the cache at every cell (measured).
 */
function mix(h: number): number {
  return h ^ (h >>> 16);
}

/** Latin-1 bytes until a key has a char above 0xFF, then UTF-16 code units. */
type Chars = Uint8Array | Uint16Array;

export class Spellings {
  /** every key's characters, back to back (no string per key: see the header) */
  private chars: Chars = new Uint8Array(512);
  /** key e is chars[offs[e], offs[e + 1]) */
  private offs = new Int32Array(65);
  private hashes = new Int32Array(64);
  private codes = new Int32Array(64);
  /** entry index + 1 per slot, 0 when empty */
  private slots = new Int32Array(128);
  private mask = 127;
  size = 0;
  /** per value code: the entry holding the value (see `addValue`) */
  private valueEntries = new Int32Array(64);
  /** values (codes 0 ..< values) */
  values = 0;

  /** Code of text[s, e), whose hash is h, or ABSENT. */
  findRange(text: string, s: number, e: number, h: number): number {
    const len = e - s;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = mix(h) & mask; ; i = (i + 1) & mask) {
      const k = slots[i]!;
      if (k === 0) return ABSENT;
      if (this.hashes[k - 1] === h) {
        const a = this.offs[k - 1]!;
        if (this.offs[k]! - a === len && this.same(text, s, a, len)) return this.codes[k - 1]!;
      }
    }
  }

  /** Code of the spelling t, whose hash is h, or ABSENT. */
  find(t: string, h: number): number {
    return this.findRange(t, 0, t.length, h);
  }

  /** text[s, s + len) equals the stored chars from a */
  private same(text: string, s: number, a: number, len: number): boolean {
    const chars = this.chars;
    for (let j = 0; j < len; j++) if (chars[a + j] !== text.charCodeAt(s + j)) return false;
    return true;
  }

  /** Adds a spelling that is not in the table; returns its entry index. */
  add(t: string, h: number, code: number): number {
    const e = this.size;
    if (e === this.hashes.length) {
      this.hashes = grown(this.hashes, e * 2);
      this.codes = grown(this.codes, e * 2);
      this.offs = grown(this.offs, e * 2 + 1);
    }
    this.append(t);
    this.hashes[e] = h;
    this.codes[e] = code;
    this.size = e + 1;
    // at most half full
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
    return e;
  }

  /** Adds the value t (not in the table) under the next value code; returns the code. */
  addValue(t: string, h: number): number {
    const c = this.values++;
    if (c === this.valueEntries.length) this.valueEntries = grown(this.valueEntries, c * 2);
    this.valueEntries[c] = this.add(t, h, c);
    return c;
  }

  /** The values in code order, as strings. */
  valueList(): string[] {
    const out = new Array<string>(this.values);
    for (let c = 0; c < this.values; c++) out[c] = this.key(this.valueEntries[c]!);
    return out;
  }

  /** The values in code order, packed. */
  packValues(): PackedDict {
    return this.pack(this.valueEntries, this.values);
  }

  /** The spelling of entry e (made on demand). */
  key(e: number): string {
    return charsText(this.chars, this.offs[e]!, this.offs[e + 1]!);
  }

  /**
   * The keys of `entries[0, n)` (entry indexes, in order) as one string and end offsets
   * (runs of consecutive entries are read in one piece).
   */
  pack(entries: Int32Array, n: number): PackedDict {
    const ends = new Int32Array(n);
    const pieces: string[] = [];
    let at = 0;
    for (let k = 0; k < n;) {
      const first = entries[k]!;
      let j = k + 1;
      while (j < n && entries[j] === first + (j - k)) j++;
      const a = this.offs[first]!;
      for (let q = k; q < j; q++)
        ends[q] = at += this.offs[entries[q]! + 1]! - this.offs[entries[q]!]!;
      pieces.push(charsText(this.chars, a, this.offs[first + j - k]!));
      k = j;
    }
    return { text: pieces.join(""), ends };
  }

  private append(t: string): void {
    const at = this.offs[this.size]!;
    const end = at + t.length;
    let chars = this.chars;
    let wide = chars instanceof Uint16Array;
    if (!wide) for (let j = 0; j < t.length && !wide; j++) wide = t.charCodeAt(j) > 0xff;
    if (end > chars.length || (wide && chars instanceof Uint8Array)) {
      let m = chars.length;
      while (m < end) m *= 2;
      const next = wide ? new Uint16Array(m) : new Uint8Array(m);
      next.set(chars.subarray(0, at));
      this.chars = chars = next;
    }
    for (let j = 0; j < t.length; j++) chars[at + j] = t.charCodeAt(j);
    this.offs[this.size + 1] = end;
  }

  private place(e: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = mix(this.hashes[e]!) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = e + 1;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n);
    this.mask = n - 1;
    for (let e = 0; e < this.size; e++) this.place(e);
  }
}

function grown(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** The string of chars[a, b) (8,192 chars per String.fromCharCode call). */
function charsText(chars: Chars, a: number, b: number): string {
  if (b - a <= 8192)
    return String.fromCharCode.apply(null, chars.subarray(a, b) as unknown as number[]);
  const parts: string[] = [];
  for (let s = a; s < b; s += 8192)
    parts.push(
      String.fromCharCode.apply(
        null,
        chars.subarray(s, Math.min(b, s + 8192)) as unknown as number[],
      ),
    );
  return parts.join("");
}
