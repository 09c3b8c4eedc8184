/**
 * Cell value parsing: null tokens, numbers (decimal comma, thousands separators, censored
 * bounds), booleans, dates. Pure and allocation-free on the hot path.
 *
 * @example
 * parseNumber("<0.5") // { lo: -Infinity, hi: 0.49999999999999994 }
 * parseNumber("1,5", true) // { lo: 1.5, hi: 1.5 }
 * parseDate("03.04.2020") // 18355 (3 April 2020)
 */
import { FALSE, TRUE, type Truth } from "../../engine/types.ts";
import type { DateOrder } from "../types.ts";
import { daysOfDate } from "../../engine/calendar.ts";

/** Null tokens (compared case-insensitively, after trimming). Blank and whitespace are missing too. */
export const NULL_TOKENS: readonly string[] = [
  "na",
  "n/a",
  "n.a.",
  "#n/a",
  "nd",
  "n.d.",
  "null",
  "nil",
  "nan",
  "-",
  "--",
  ".",
  "?",
  "pending",
  "unknown",
  "unk",
  "missing",
  "not done",
  "not available",
];
const NULLS = new Set(NULL_TOKENS);

/**
 * Bit `len` of TOKEN_LENGTHS[c] is set when a null token of that length starts with the
 * lower-cased char code c (a cheap reject for ids, digits and most words).
 */
const TOKEN_LENGTHS = new Int32Array(128);
for (const t of NULL_TOKENS) TOKEN_LENGTHS[t.charCodeAt(0)]! |= 1 << t.length;

/** The normalised null token when `t` (trimmed) is one, "" for blank, else null. */
export function nullToken(t: string): string | null {
  const n = t.length;
  if (n === 0) return "";
  if (n > 13) return null;
  const c = t.charCodeAt(0) | 32;
  // (a false positive such as "\r" | 32 === "-" is settled by the comparison below)
  if (c >= 128 || (TOKEN_LENGTHS[c]! & (1 << n)) === 0) return null;
  const l = t.toLowerCase();
  return NULLS.has(l) ? l : null;
}

/** Trims ASCII and non-breaking spaces quickly (most cells need nothing). */
export function trimCell(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  if (a > 32 && a !== 160 && b > 32 && b !== 160) return s;
  return s.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, "");
}

/** Output slot for parseNumberInto (reused to avoid allocation). */
export interface Interval {
  lo: number;
  hi: number;
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DEC_COMMA = /^[+-]?\d+,\d+$/;
const THOU_DOT_DEC_COMMA = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const THOU_COMMA_DEC_DOT = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const THOU_SPACE = /^[+-]?\d{1,3}([ \u00a0\u202f']\d{3})+([.,]\d+)?$/;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Plain decimal number or NaN; the common case. Up to 15 significant digits the value is
 * mantissa / 10^k, exact integers divided once, so correctly rounded: the same double as `+s`.
 */
export function plainNumber(s: string): number {
  const v = plainNumberAt(s, 0, s.length);
  // the rare rest, an exponent or more than 15 digits, when the whole text is a plain number
  return v === v || !PLAIN.test(s) ? v : +s;
}

/**
 * `plainNumber(text.slice(s, e))` without making the string, for the quote-free fast path;
 * NaN whenever the cell is anything but a plain decimal of at most 15 digits (the caller then
 * takes the general path with the cell's text, so the result is always the same).
 */
export function plainNumberAt(text: string, s: number, e: number): number {
  let i = s;
  let c = text.charCodeAt(i);
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let digits = 0;
  let m = 0;
  let frac = -1;
  for (; i < e; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = frac > 0 ? m / POW10[frac]! : m;
  return neg ? -v : v;
}

/** A number without censoring: plain, decimal comma (when allowed), thousands separators. */
export function parseMagnitude(s: string, decimalComma: boolean): number {
  const v = plainNumber(s);
  if (v === v) {
    // "1.234" is always a decimal point; "1,234" only reaches here via the regexes below
    return v;
  }
  // (every form below starts with a digit, after an optional sign: words need no regex)
  const c = s.charCodeAt(s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0);
  if (!(c >= 48 && c <= 57)) return NaN;
  if (decimalComma && DEC_COMMA.test(s)) return +s.replace(",", ".");
  if (decimalComma && THOU_DOT_DEC_COMMA.test(s)) return +s.replace(/\./g, "").replace(",", ".");
  if (THOU_COMMA_DEC_DOT.test(s)) return +s.replace(/,/g, "");
  if (THOU_SPACE.test(s)) {
    const t = s.replace(/[ \u00a0\u202f']/g, "");
    if (t.includes(",")) return decimalComma ? +t.replace(",", ".") : NaN;
    return +t;
  }
  return NaN;
}

const F64 = new Float64Array(1);
/** the same 8 bytes as two 32-bit halves (low word first on little-endian machines) */
const U32 = new Uint32Array(F64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** Largest double below x. */
export function nextDown(x: number): number {
  if (x !== x || x === -Infinity) return x;
  if (x === 0) return -Number.MIN_VALUE;
  F64[0] = x;
  // the bit pattern as a 64-bit integer, minus one toward zero for x > 0, plus one for x < 0
  if (x > 0) {
    if (U32[LO] === 0) U32[HI]!--;
    U32[LO]!--;
  } else {
    U32[LO]!++;
    if (U32[LO] === 0) U32[HI]!++;
  }
  return F64[0]!;
}
/** Smallest double above x. */
export function nextUp(x: number): number {
  return -nextDown(-x);
}

/**
 * Parses a trimmed, non-missing cell as a number into `out` (lo = hi for exact values,
 * one open side for censored `<x`, `<=x`, `>x`, `>=x`, `≤x`, `≥x`). Returns false when not a number.
 */
export function parseNumberInto(s: string, decimalComma: boolean, out: Interval): boolean {
  const c = s.charCodeAt(0);
  if (c === 60 || c === 62 || c === 8804 || c === 8805) {
    let i = 1;
    let inclusive = c === 8804 || c === 8805;
    if (!inclusive && s.charCodeAt(1) === 61) {
      inclusive = true;
      i = 2;
    }
    const v = parseMagnitude(s.slice(i).trim(), decimalComma);
    if (v !== v) return false;
    if (c === 60 || c === 8804) {
      out.lo = -Infinity;
      out.hi = inclusive ? v : nextDown(v);
    } else {
      out.lo = inclusive ? v : nextUp(v);
      out.hi = Infinity;
    }
    return true;
  }
  const v = parseMagnitude(s, decimalComma);
  if (v !== v || !Number.isFinite(v)) return false;
  out.lo = v;
  out.hi = v;
  return true;
}

/** Convenience: the interval of a cell, or null when missing or not a number. */
export function parseNumber(cell: string, decimalComma = false): Interval | null {
  const t = trimCell(cell);
  if (nullToken(t) !== null) return null;
  const out = { lo: NaN, hi: NaN };
  return parseNumberInto(t, decimalComma, out) ? out : null;
}

const TRUE_WORDS = new Set([
  "yes",
  "y",
  "true",
  "t",
  "1",
  "positive",
  "pos",
  "+",
  "ja",
  "oui",
  "si",
  "sí",
]);
const FALSE_WORDS = new Set(["no", "n", "false", "f", "0", "negative", "neg", "nein", "non"]);

/** TRUE / FALSE for a trimmed boolean word (any case), -1 when not one. */
export function parseBooleanWord(s: string): Truth | -1 {
  const n = s.length;
  // the common spellings by char codes (no lower-casing, no hashing)
  if (n === 3) {
    const a = s.charCodeAt(0) | 32;
    const b = s.charCodeAt(1) | 32;
    const c = s.charCodeAt(2) | 32;
    if (a === 121 && b === 101 && c === 115) return TRUE; // yes
    if (a === 112 && b === 111 && c === 115) return TRUE; // pos
    if (a === 110 && b === 101 && c === 103) return FALSE; // neg
  } else if (n === 2) {
    if ((s.charCodeAt(0) | 32) === 110 && (s.charCodeAt(1) | 32) === 111) return FALSE; // no
  } else if (n === 1) {
    const a = s.charCodeAt(0);
    if (a === 49 || a === 43) return TRUE; // 1 +
    if (a === 48) return FALSE; // 0
    const l = a | 32;
    if (l === 121 || l === 116) return TRUE; // y t
    if (l === 110 || l === 102) return FALSE; // n f
    return -1;
  }
  if (n > 8 || n === 0) return -1;
  const l = s.toLowerCase();
  if (TRUE_WORDS.has(l)) return TRUE;
  if (FALSE_WORDS.has(l)) return FALSE;
  return -1;
}

/** Shape of a date cell, before the day/month order is known. */
export interface DateParts {
  /** iso: Y-M-D, Y/M/D or Y.M.D (optional time); ymd8: YYYYMMDD; dot: DD.MM.YYYY; slash: a/b/YYYY or a-b-YYYY */
  form: "iso" | "ymd8" | "dot" | "slash";
  y: number;
  a: number;
  b: number;
}

/** year first: Y-M-D, also YYYY/MM/DD (Japanese, Chinese exports) and YYYY.MM.DD (one separator) */
const ISO =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD8 = /^(\d{4})(\d{2})(\d{2})$/;
const DOT = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const SLASH = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/** Splits a trimmed date cell into parts (no validation of the calendar), or null. */
export function dateParts(s: string): DateParts | null {
  const n = s.length;
  // (every form starts with a digit)
  if (n < 8 || n > 32 || !(s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57)) return null;
  if (n === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digitsAt(s, 0, 4);
    const a = digitsAt(s, 5, 2);
    const b = digitsAt(s, 8, 2);
    if (y >= 0 && a >= 0 && b >= 0) return { form: "iso", y, a, b };
  }
  let m = ISO.exec(s);
  if (m) return { form: "iso", y: +m[1]!, a: +m[3]!, b: +m[4]! };
  m = SLASH.exec(s);
  if (m) return { form: "slash", y: +m[3]!, a: +m[1]!, b: +m[2]! };
  m = DOT.exec(s);
  if (m) return { form: "dot", y: +m[3]!, a: +m[2]!, b: +m[1]! };
  m = YMD8.exec(s);
  if (m) return { form: "ymd8", y: +m[1]!, a: +m[2]!, b: +m[3]! };
  return null;
}

/** The `len` decimal digits of s at `at` as a number, -1 when one is not a digit. */
export function digitsAt(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Day number of a date cell. ISO, YYYYMMDD and DD.MM.YYYY need no order; slash dates use
 * `order` (null: only slash dates that read the same either way, e.g. 05/05/2020, are accepted).
 * Returns NaN when not a valid date.
 */
export function parseDate(cell: string, order: DateOrder | null = null): number {
  const p = dateParts(trimCell(cell));
  return p ? partsToDays(p, order) : NaN;
}

/** Day number of parsed parts, NaN when invalid or ambiguous without an order. */
export function partsToDays(p: DateParts, order: DateOrder | null): number {
  if (p.form !== "slash") return daysOfDate(p.y, p.a, p.b);
  if (order === "dmy") return daysOfDate(p.y, p.b, p.a);
  if (order === "mdy") return daysOfDate(p.y, p.a, p.b);
  if (p.a > 12) return daysOfDate(p.y, p.b, p.a);
  if (p.b > 12) return daysOfDate(p.y, p.a, p.b);
  return p.a === p.b ? daysOfDate(p.y, p.a, p.b) : NaN;
}

/** What a slash date says about the order: "dmy" (first part > 12), "mdy" (second > 12), or null. */
export function orderEvidence(p: DateParts): DateOrder | null {
  if (p.form !== "slash") return null;
  if (p.a > 12 && p.b <= 12) return "dmy";
  if (p.b > 12 && p.a <= 12) return "mdy";
  return null;
}

/** Formats a day number as YYYY-MM-DD (for messages and round trips). */
export function formatDay(days: number): string {
  if (days !== days) return "";
  const d = new Date(days * 86400000);
  return d.toISOString().slice(0, 10);
}
