/**
 * Boolean words read from a string's chars without making a string (the fused reader,
 * fused.ts): the truth of one-char words from a table, longer words compared four chars at a
 * time. The same words and truths as `parseBooleanWord` (values.ts) for the words they read.
 *
 * @example
 * boolWord("x,Negative,y", 2, 78) // 17: (8 << 1) | 0, "negative" is false
 */

/** the truth of a one-char boolean word (parseBooleanWord), -1 for other chars (ASCII) */
export const BOOL1 = new Int8Array(128).fill(-1);
for (const w of "yYtT1+") BOOL1[w.charCodeAt(0)] = 1;
for (const w of "nNfF0") BOOL1[w.charCodeAt(0)] = 0;

/**
 * The longest boolean word text[s...] starts with, any case: (its length << 1) | truth, or -1.
 * yes/y, no/n, true/t, false/f, positive/pos, negative/neg, 1, 0 (`c` is text[s]). The other
 * words of `parseBooleanWord` (ja, oui, nein, ...) take the general path. Words are compared
 * four chars at a time (`lower4`).
 */
export function boolWord(text: string, s: number, c: number): number {
  const w = lower4(text, s);
  switch (c | 32) {
    case 121: // y
      return (w & 0xffffff) === W_YES ? 7 : 3;
    case 110: // n
      if (w === W_NEGA && lower4(text, s + 4) === W_TIVE) return 16;
      if ((w & 0xffffff) === W_NEG) return 6;
      return (w & 0xffff) === W_NO ? 4 : 2;
    case 116: // t
      return w === W_TRUE ? 9 : 3;
    case 102: // f
      return w === W_FALS && (lower4(text, s + 4) & 0xff) === 101 /* e */ ? 10 : 2;
    case 112: // p
      if (w === W_POSI && lower4(text, s + 4) === W_TIVE) return 17;
      return (w & 0xffffff) === W_POS ? 7 : -1;
    case 49: // 1 (or a control character that | 32 turns into "1")
      return c === 49 ? 3 : -1;
    case 48: // 0
      return c === 48 ? 2 : -1;
  }
  return -1;
}

/**
 * text[s, s + 4) as four bytes (the first lowest), each char `| 32` (an ASCII letter in lower
 * case) and 0 when not ASCII (so that no other char reads as a letter; past the end: 0).
 */
export function lower4(text: string, s: number): number {
  return (
    lowerByte(text.charCodeAt(s)) |
    (lowerByte(text.charCodeAt(s + 1)) << 8) |
    (lowerByte(text.charCodeAt(s + 2)) << 16) |
    (lowerByte(text.charCodeAt(s + 3)) << 24)
  );
}

/** (c | 32) for an ASCII char, else 0 (NaN, past a string's end, too: NaN >> 31 is 0) */
function lowerByte(c: number): number {
  return (c | 32) & ((c - 128) >> 31) & 0xff;
}

/** `lower4` of a lower-case ASCII word (its first four chars) */
function packed(word: string): number {
  let w = 0;
  for (let k = 0; k < 4 && k < word.length; k++) w |= word.charCodeAt(k) << (8 * k);
  return w;
}
const W_YES = packed("yes");
const W_NO = packed("no");
const W_NEG = packed("neg");
export const W_NEGA = packed("nega");
const W_POS = packed("pos");
export const W_POSI = packed("posi");
export const W_TIVE = packed("tive");
const W_TRUE = packed("true");
const W_FALS = packed("fals");
