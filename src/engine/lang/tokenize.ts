/**
 * Lexer of the criteria language. A number takes a unit when the next lexeme is a known unit
 * spelling or looks like one (contains `/` or `^`): `1.0 g/g`, `0.8 x10^9/L`, `6 months`.
 *
 * @example
 * tokenize("upcr >= 1.0 g/g").tokens.map((t) => t.kind) // ["ident", "op", "num", "eof"]
 */
import { lookupUnit, suggestUnits } from "../units.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { didYouMean } from "../suggest.ts";

export type TokenKind = "num" | "str" | "ident" | "op" | "(" | ")" | "," | "eof";

export interface Token {
  kind: TokenKind;
  /** source text (for strings: the unquoted value; for ops: the canonical operator) */
  text: string;
  offset: number;
  length: number;
  /** numbers: the value */
  value?: number;
  /** numbers: the unit as written, with its position */
  unit?: { text: string; offset: number; length: number };
}

/** Words that are never units or variable names. */
export const KEYWORDS = new Set([
  "and",
  "or",
  "not",
  "in",
  "is",
  "between",
  "within",
  "before",
  "after",
  "of",
  "missing",
  "present",
  "true",
  "false",
  "date",
]);

const OPS: Record<string, string> = {
  "<=": "<=",
  ">=": ">=",
  "!=": "!=",
  "<>": "!=",
  "==": "=",
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
  "<": "<",
  ">": ">",
  "=": "=",
  "+": "+",
  "^": "^",
  "-": "-",
  "*": "*",
  "/": "/",
  "×": "*",
};

const isDigit = (c: string) => c >= "0" && c <= "9";
const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_]/.test(c);
/** characters a unit lexeme may start with / contain */
const UNIT_START = /[A-Za-z%/µμ°×[]/;
/** also UCUM's brackets and braces: `mm[Hg]`, `[iU]/L`, `mL/min/{1.73_m2}` */
const UNIT_CHAR = /[A-Za-z0-9%/^.µμ°×²³⁹_[\]{}]/;
const SPACE = /\s/;

/** Splits rule text into tokens; problems are reported, never thrown. */
export function tokenize(src: string): { tokens: Token[]; problems: Diagnostic[] } {
  const tokens: Token[] = [];
  const problems: Diagnostic[] = [];
  let i = 0;
  const n = src.length;

  const unitLexeme = (from: number): number => {
    let j = from;
    // UCUM's powers of ten: `1.5 10*9/L`, `4 10*3/uL`
    const pow10 = /^10[*^]\d+\/[A-Za-zµμ]+/.exec(src.slice(j, j + 16));
    if (pow10) return j + pow10[0].length;
    if (j < n && UNIT_START.test(src[j]!)) {
      j++;
      while (j < n && UNIT_CHAR.test(src[j]!)) j++;
    }
    // a trailing '.' ends a sentence rather than belonging to the unit
    while (j > from && src[j - 1] === ".") j--;
    return j;
  };

  const readUnit = (tok: Token) => {
    let j = i;
    while (j < n && SPACE.test(src[j]!) && src[j] !== "\n") j++;
    const start = j;
    const end = unitLexeme(start);
    if (end === start) return;
    let text = src.slice(start, end);
    if (KEYWORDS.has(text.toLowerCase())) return;
    let stop = end;
    // multi-word spellings such as "x ULN" or "mL/min/1.73 m2"
    let k = end;
    while (k < n && src[k] === " ") k++;
    const end2 = unitLexeme(k);
    if (k > end && end2 > k) {
      const joined = `${text} ${src.slice(k, end2)}`;
      if (lookupUnit(joined)) {
        text = joined;
        stop = end2;
      }
    }
    let known = lookupUnit(text) !== undefined;
    // `3 mg/dL/2`: the longest known unit before a '/' (the rest is a division)
    for (let cut = text.lastIndexOf("/"); !known && cut > 0; cut = text.lastIndexOf("/", cut - 1)) {
      if (lookupUnit(text.slice(0, cut))) {
        text = text.slice(0, cut);
        stop = start + cut;
        known = true;
      }
    }
    // an identifier, or a division (`10 / x`, `20/2`), not a unit
    if (!known && (!/[/^]/.test(text) || text.startsWith("/"))) return;
    if (!known) {
      problems.push({
        offset: start,
        length: stop - start,
        message: `unknown unit '${text}'${didYouMean(suggestUnits(text))}`,
      });
    }
    tok.unit = { text, offset: start, length: stop - start };
    tok.length = stop - tok.offset;
    i = stop;
  };

  while (i < n) {
    const c = src[i]!;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === "." && isDigit(src[i + 1] ?? ""))) {
      while (i < n && isDigit(src[i]!)) i++;
      if (src[i] === "." && isDigit(src[i + 1] ?? "")) {
        i++;
        while (i < n && isDigit(src[i]!)) i++;
      }
      if ((src[i] === "e" || src[i] === "E") && /^[eE][+-]?\d/.test(src.slice(i, i + 3))) {
        i++;
        if (src[i] === "+" || src[i] === "-") i++;
        while (i < n && isDigit(src[i]!)) i++;
      }
      const text = src.slice(start, i);
      const tok: Token = {
        kind: "num",
        text,
        offset: start,
        length: i - start,
        value: Number(text),
      };
      tokens.push(tok);
      readUnit(tok);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentChar(src[i]!)) i++;
      tokens.push({ kind: "ident", text: src.slice(start, i), offset: start, length: i - start });
      continue;
    }
    if (c === "'" || c === '"' || c === "‘" || c === "“") {
      const close = c === "‘" ? "’" : c === "“" ? "”" : c;
      let value = "";
      i++;
      let closed = false;
      while (i < n) {
        const d = src[i]!;
        if (d === "\\" && i + 1 < n) {
          value += src[i + 1];
          i += 2;
        } else if (d === close && src[i + 1] === close && close === c) {
          value += d;
          i += 2;
        } else if (d === close) {
          i++;
          closed = true;
          break;
        } else {
          value += d;
          i++;
        }
      }
      if (!closed) {
        problems.push({
          offset: start,
          length: i - start,
          message: `unterminated string: add the closing ${close}`,
        });
      }
      tokens.push({ kind: "str", text: value, offset: start, length: i - start });
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: c, text: c, offset: start, length: 1 });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    const op =
      OPS[two] !== undefined && two.length === 2 ? two : OPS[c] !== undefined ? c : undefined;
    if (op !== undefined) {
      tokens.push({ kind: "op", text: OPS[op]!, offset: start, length: op.length });
      i += op.length;
      continue;
    }
    problems.push({ offset: start, length: 1, message: `unexpected character '${c}'` });
    i++;
  }
  tokens.push({ kind: "eof", text: "", offset: n, length: 0 });
  return { tokens, problems };
}
