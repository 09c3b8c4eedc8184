/**
 * A category column's spelling → code table: open addressing over Int32Arrays, keyed by a
 * hash of the char codes that the fast path computes while it finds the cell's end, so a
 * spelling seen before is found from the text without making its string (a Map would need
 * the string). Raw spellings (" a", "NA") and trimmed values share the table.
 *
 * @example
 * const t = new Spellings();
 * t.add("IV", hashString("IV"), 3);
 * t.findRange("x,IV,", 2, 4, hashRange("x,IV,", 2, 4)); // 3
 */

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

export class Spellings {
  private keys: string[] = [];
  private hashes = new Int32Array(64);
  private codes = new Int32Array(64);
  /** entry index + 1 per slot, 0 when empty */
  private slots = new Int32Array(128);
  private mask = 127;
  size = 0;

  /** Code of text[s, e), whose hash is h, or ABSENT. */
  findRange(text: string, s: number, e: number, h: number): number {
    const len = e - s;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = mix(h) & mask; ; i = (i + 1) & mask) {
      const k = slots[i]!;
      if (k === 0) return ABSENT;
      if (this.hashes[k - 1] === h) {
        const key = this.keys[k - 1]!;
        if (key.length === len && text.startsWith(key, s)) return this.codes[k - 1]!;
      }
    }
  }

  /** Code of the spelling t, whose hash is h, or ABSENT. */
  find(t: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = mix(h) & mask; ; i = (i + 1) & mask) {
      const k = slots[i]!;
      if (k === 0) return ABSENT;
      if (this.hashes[k - 1] === h && this.keys[k - 1] === t) return this.codes[k - 1]!;
    }
  }

  /** Adds a spelling that is not in the table. */
  add(t: string, h: number, code: number): void {
    const e = this.size;
    if (e === this.hashes.length) {
      const hs = new Int32Array(e * 2);
      hs.set(this.hashes);
      this.hashes = hs;
      const cs = new Int32Array(e * 2);
      cs.set(this.codes);
      this.codes = cs;
    }
    this.keys.push(t);
    this.hashes[e] = h;
    this.codes[e] = code;
    this.size = e + 1;
    // at most half full
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
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
