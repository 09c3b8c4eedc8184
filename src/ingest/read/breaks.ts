/**
 * Line breaks a person sees but the file's own newline is not: a lone LF in a CRLF file, a
 * lone CR in an LF file (or an LF in a CR file). Outside quoted cells each one ends the row
 * there (PapaParse would have read on into the next line) and is reported by its line.
 * Quotes are followed as PapaParse does: a quote opens a quoted cell only at a cell's start
 * and closes it only before the delimiter, the newline (spaces allowed) or the text's end.
 * Also the counting of line breaks that gives records their physical lines.
 */
import { EXAMPLES } from "../types.ts";

export interface StrayBreaks {
  /** the text with each stray break replaced by the file's newline */
  text: string;
  /** position in `text` after each replaced break */
  at: number[];
  /** line of each replaced break (0 = the text's first line; counted in `text`) */
  lines: number[];
}

/** null when `text` has no stray break (the common case: one indexOf). */
export function strayBreaks(
  text: string,
  newline: "\n" | "\r\n" | "\r",
  delimiter: string,
  final: boolean,
): StrayBreaks | null {
  const strayCode = newline === "\n" ? 13 : 10;
  if (text.indexOf(strayCode === 13 ? "\r" : "\n") === -1) return null;
  const nlCode = newline === "\r" ? 13 : 10;
  const dc = delimiter.charCodeAt(0);
  const n = text.length;
  const out: string[] = [];
  const at: number[] = [];
  const lines: number[] = [];
  let outLen = 0;
  let from = 0;
  let line = 0;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else if (closes(text, i, dc, nlCode)) quoted = false;
      } else if (c === nlCode) line++;
      continue;
    }
    if (c === 34 && fieldStart) {
      quoted = true;
      fieldStart = false;
      continue;
    }
    if (c === dc) {
      fieldStart = true;
      continue;
    }
    const stray =
      c === strayCode &&
      (strayCode === 10
        ? i === 0 || text.charCodeAt(i - 1) !== 13
        : i + 1 < n
          ? text.charCodeAt(i + 1) !== 10
          : final);
    if (stray) {
      out.push(text.substring(from, i), newline);
      outLen += i - from + newline.length;
      from = i + 1;
      at.push(outLen);
      lines.push(line);
      line++;
      fieldStart = true;
      continue;
    }
    if (c === nlCode) {
      line++;
      fieldStart = true;
    } else if (!(c === 13 && newline === "\r\n")) fieldStart = false;
  }
  if (at.length === 0) return null;
  out.push(text.substring(from));
  return { text: out.join(""), at, lines };
}

/** A quote at `i` inside a quoted cell closes it (PapaParse: spaces, then delimiter/newline/end). */
function closes(text: string, i: number, dc: number, nlCode: number): boolean {
  let k = i + 1;
  while (text.charCodeAt(k) === 32) k++;
  if (k >= text.length) return true;
  const c = text.charCodeAt(k);
  return c === dc || c === nlCode || c === 13;
}

/**
 * The warning for a stray break on `line` (`more`: the one after the listed examples, which
 * says that more follow).
 */
export function strayMessage(newline: "\n" | "\r\n" | "\r", line: number, more: boolean): string {
  const kind = newline === "\n" ? "a lone CR" : "a lone LF";
  const usual = newline === "\r\n" ? "CRLF" : newline === "\n" ? "LF" : "CR";
  return more
    ? `more lines end with ${kind} (mixed line endings); only the first ${EXAMPLES} are listed`
    : `line ${line} ends with ${kind} while the file's lines end with ${usual}: the row ends there, as a line break is shown (mixed line endings)`;
}

/** Occurrences of `ch` in s[from, end). */
export function countChar(s: string, ch: string, end: number, from = 0): number {
  let n = 0;
  let i = s.indexOf(ch, from);
  while (i !== -1 && i < end) {
    n++;
    i = s.indexOf(ch, i + 1);
  }
  return n;
}

/** Position after the `k`-th `ch` from `from` (the text's end when there are fewer). */
export function afterNth(s: string, ch: string, from: number, k: number): number {
  let i = from - 1;
  for (let m = 0; m < k; m++) {
    i = s.indexOf(ch, i + 1);
    if (i === -1) return s.length;
  }
  return i + 1;
}

/** Line breaks `nl` inside a record's cells (the lines its quoted cells join). */
export function embeddedNewlines(row: string[], nl: string): number {
  let n = 0;
  for (const c of row) if (c.length > 0 && c.indexOf(nl) !== -1) n += countChar(c, nl, c.length);
  return n;
}
