/**
 * Quoted cells that span lines (structure.ts): one cell, or a malformed quote such as
 * `P1,"3"0` that swallowed the rows after it. Judged once the header's cell count is known.
 */
import Papa from "papaparse";
import { isBlank } from "./header.ts";
import type { Dialect } from "../types.ts";

/** a quoted cell joining more lines than this into one row is reported */
const MAX_JOINED = 5;

export interface PapaResult {
  data: string[][];
  errors: { code: string; message: string; row?: number }[];
  meta: { cursor: number };
}

/** One line's cells read on their own (a PapaParse parser of the file's dialect, kept). */
export class LineCells {
  private parser: Papa.Parser;
  constructor(
    private readonly delimiter: string,
    newline: Dialect["newline"],
  ) {
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  }

  /** `text`'s cells; a line whose quotes do not close is split as text */
  read(text: string): string[] {
    const res = this.parser.parse(text, 0, false) as PapaResult;
    if (res.errors.length === 0 && res.data.length === 1) return res.data[0]!;
    return text.split(this.delimiter);
  }
}

/** What a record joined by a quoted cell is: its lines as rows (`rows`) or one row (null). */
export interface Joined {
  rows: string[][] | null;
  /** lone line breaks among the lines (each one a line more) */
  strays: number;
  /** the warning to report */
  message: string;
}

/**
 * The record `row` (text `raw`, from line `line`) whose quoted cell ran over `extra` line
 * breaks, in a table of `n` columns. Null when it is an ordinary multi-line cell (the row has
 * `n` cells and joins at most MAX_JOINED lines). Else reported; and when the quote is shown to be
 * wrong (PapaParse found text after a closing quote or no closing quote: `badQuote`, or the row
 * is ragged) and its first line (the quote's own) and nine in ten of the others, read alone,
 * have `n` cells, the lines are the rows they are. A well-formed quoted cell that fits its row
 * stays one cell however many lines it holds: in a one-column table every line "has n cells".
 */
export function judgeJoined(
  row: string[],
  raw: string,
  line: number,
  extra: number,
  n: number,
  cells: LineCells,
  badQuote: boolean,
): Joined | null {
  const count = extra + 1;
  if (row.length === n && count <= MAX_JOINED) return null;
  // any line break ends a line here (the stray breaks inside were hidden by the open quote)
  const texts = raw.split(/\r\n|\n|\r/);
  if (texts.length > 1 && texts[texts.length - 1] === "") texts.pop();
  const strays = Math.max(0, texts.length - count);
  const alone = texts.map((t) => (t.trim() === "" ? [""] : cells.read(t)));
  const last = line + extra;
  let fit = 0;
  let filledLines = 0;
  for (const c of alone)
    if (!isBlank(c)) {
      filledLines++;
      if (c.length === n) fit++;
    }
  if ((badQuote || row.length !== n) && alone[0]!.length === n && fit >= 0.9 * filledLines)
    return {
      rows: alone,
      strays,
      message: `a quote opened on line ${line} is not closed where its row ends (malformed quotes): it would have joined lines ${line}-${last} (${count} lines) into one row; each of those lines has ${n} cells like the other rows, so they were read as ${texts.length} rows (the quote kept as text${texts.length - count > 0 ? `; ${texts.length - count} lone line break(s) among them ended rows too` : ""})`,
    };
  return {
    rows: null,
    strays,
    message: `a quoted cell runs from line ${line} to line ${last}: ${count} lines were joined into one row${row.length !== n ? ` of ${row.length} cells (the header has ${n})` : ""}; check its quotes`,
  };
}
