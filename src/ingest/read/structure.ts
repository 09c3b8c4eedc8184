/**
 * The file's structure (a layer of the ingest core, see core.ts): which record is the
 * header (titles and notes above it are reported, not read), which short rows at the end are a
 * footer, and whether a quoted cell spanning lines is one cell or a malformed quote that
 * swallowed the rows after it. Records then go on to the rows (row-sink.ts).
 */
import Papa from "papaparse";
import { cleanHeader } from "./header.ts";
import { emptyRow, footerLike, totalsRow } from "./footer.ts";
import { EXAMPLES } from "../types.ts";
import { RowSink } from "./row-sink.ts";

/** records looked at to find the header row (titles and notes above it) */
const HEADER_SCAN = 30;
/** a quoted cell joining more lines than this into one row is reported */
const MAX_JOINED = 5;

/** A record read before the header is chosen (with its text when its quoted cells span lines). */
export interface Above {
  row: string[];
  line: number;
  raw?: string;
  extra?: number;
  errs?: PapaResult["errors"];
}

export interface PapaResult {
  data: string[][];
  errors: { code: string; message: string; row?: number }[];
  meta: { cursor: number };
}

export class StructureReader extends RowSink {
  /** records before the header is chosen */
  private above: Above[] = [];
  /** short rows that may be the footer (after them, so far, only blank lines) */
  protected held: { row: string[]; line: number }[] = [];
  protected headerLine = 1;
  protected last = true;
  protected prefaces = 0;
  protected footers = 0;

  /** blank lines before the header; lines joined into rows by quoted cells spanning lines */
  protected blankBefore = 0;
  protected joinedLines = 0;
  private joins = 0;

  /** One record: the header, a blank line, a type-sample row or a data row (batched). */
  protected take(
    row: string[],
    line: number,
    rows: string[][],
    lines: number[],
    cursor: number,
    nData: number,
  ): void {
    if (!this.header) {
      this.above.push({ row, line });
      const wanted = this.opts.headerRow;
      if (wanted !== undefined ? line >= wanted && !isBlank(row) : this.above.length >= HEADER_SCAN)
        this.chooseHeader(rows, lines, cursor, nData);
      return;
    }
    // a blank line is skipped (counted), except in a one-column file where it is a missing value
    if (isBlank(row) && this.header.length !== 1) {
      if (this.skipHeader) this.blankBefore++;
      else this.blankLines++;
      return;
    }
    if (this.skipHeader) {
      // a part that starts the file: the lines up to its header were read by the probe
      if (line >= this.headerLine) this.skipHeader = false;
      else this.preface(row, line);
      return;
    }
    const n = this.header.length;
    if ((row.length < n && footerLike(row)) || totalsRow(row) || emptyRow(row)) {
      this.held.push({ row, line });
      return;
    }
    if (this.held.length > 0) {
      const h = this.held;
      this.held = [];
      for (const x of h) this.admit(x.row, x.line, rows, lines, cursor, nData);
    }
    this.admit(row, line, rows, lines, cursor, nData);
  }

  /**
   * The header is the first record with the table's usual number of cells (the most common
   * count among the first records; more cells win a tie), or the record on `headerRow`: the
   * records above it are titles or notes, reported and not read.
   */
  private chooseHeader(rows: string[][], lines: number[], cursor: number, nData: number): void {
    const all = this.above;
    this.above = [];
    // blank lines above the header are counted; below it they are read as any other
    const firstFilled = all.findIndex((a) => !isBlank(a.row));
    if (firstFilled < 0) {
      this.blankBefore += all.length;
      return;
    }
    const above = all.slice(firstFilled);
    let k: number;
    const wanted = this.opts.headerRow;
    if (wanted !== undefined) {
      k = above.findIndex((a) => a.line >= wanted && !isBlank(a.row));
      if (k < 0) k = 0;
      if (above[k]!.line !== wanted)
        this.problems.push({
          where: this.where,
          line: above[k]!.line,
          message: `line ${wanted} is not the start of a row with cells: the header was read from line ${above[k]!.line}`,
          severity: "warning",
        });
    } else {
      const freq = new Map<number, number>();
      for (const a of above)
        if (!isBlank(a.row)) freq.set(a.row.length, (freq.get(a.row.length) ?? 0) + 1);
      let width = 0;
      let best = 0;
      for (const [w, f] of freq) if (f > best || (f === best && w > width)) [width, best] = [w, f];
      // (a title padded with delimiters to the table's width has one filled cell)
      // (a blank line is never the header, even in a one-column file where it has the width)
      k = above.findIndex(
        (a) => a.row.length === width && !isBlank(a.row) && (width < 2 || filled(a.row) > 1),
      );
      if (k < 0) k = above.findIndex((a) => a.row.length === width && !isBlank(a.row));
    }
    const h = above[k]!;
    this.blankBefore += firstFilled;
    for (let m = 0; m < k; m++)
      if (isBlank(above[m]!.row)) this.blankBefore++;
      else this.preface(above[m]!.row, above[m]!.line);
    this.headerLine = h.line;
    if (k > 0)
      this.notes.push(
        wanted !== undefined
          ? `the header is line ${h.line}, as chosen`
          : `the header is line ${h.line}, the first with the table's ${h.row.length} cells (choose another header row if this is wrong)`,
      );
    this.header = cleanHeader(h.row, this.where, this.problems, h.line);
    for (let m = k + 1; m < above.length; m++) {
      const a = above[m]!;
      if (a.raw !== undefined) this.spanning(a, rows, lines, cursor, nData);
      else this.take(a.row, a.line, rows, lines, cursor, nData);
    }
  }

  /** Chooses the header from the records read so far, if it is not chosen yet. */
  protected settleHeader(): void {
    if (this.header || this.above.length === 0) return;
    const rows: string[][] = [];
    const lines: number[] = [];
    this.chooseHeader(rows, lines, 0, 1);
    if (rows.length > 0) this.pushRows(rows, lines);
  }

  /** A title or note line above the header. */
  private preface(row: string[], line: number): void {
    this.prefaces++;
    if (this.prefaces <= EXAMPLES)
      this.problems.push({
        where: this.where,
        line,
        message: `line ${line} ("${excerpt(row)}") is above the header: read as a title or note, not as data`,
        severity: "warning",
      });
  }

  /**
   * A record whose quoted cells span lines: kept as one row, or read as the rows its lines are
   * (joined); decided once the header is known.
   */
  protected spanning(
    a: Above,
    rows: string[][],
    lines: number[],
    cursor: number,
    nData: number,
  ): void {
    if (!this.header && !this.skipHeader) {
      this.above.push(a);
      if (this.above.length >= HEADER_SCAN && this.opts.headerRow === undefined)
        this.chooseHeader(rows, lines, cursor, nData);
      return;
    }
    const alone =
      this.header && !this.skipHeader ? this.joined(a.row, a.raw!, a.line, a.extra!) : null;
    if (alone) {
      for (let k = 0; k < alone.length; k++)
        this.take(alone[k]!, a.line + k, rows, lines, cursor, nData);
      return;
    }
    this.joinedLines += a.extra!;
    for (const e of a.errs ?? []) this.papaError(e, a.line);
    this.take(a.row, a.line, rows, lines, cursor, nData);
  }

  /**
   * A record whose quoted cell ran over `extra` line breaks. When it leaves the row ragged or
   * joins more than a few lines it is reported; when each of its lines, read alone, has the
   * header's number of cells (a malformed quote such as `P1,"3"0` swallowed the rows after it)
   * the lines are returned as the rows they are. Else null: the record stays one row.
   */
  private joined(row: string[], raw: string, line: number, extra: number): string[][] | null {
    const n = this.header!.length;
    const count = extra + 1;
    if (row.length === n && count <= MAX_JOINED) return null;
    // any line break ends a line here (the stray breaks inside were hidden by the open quote)
    const texts = raw.split(/\r\n|\n|\r/);
    if (texts.length > 1 && texts[texts.length - 1] === "") texts.pop();
    const strays = texts.length - count;
    // (each of those breaks is a line, as a stray break outside quotes is)
    this.line += Math.max(0, strays);
    const alone = texts.map((t) => (t.trim() === "" ? [""] : this.readAlone(t)));
    const last = line + extra;
    this.joins++;
    // the lines look like rows: the first (the quote's own) and nine in ten of the others have
    // the header's cell count (a real cell's lines do not: its row continues on its last line)
    let fit = 0;
    let filledLines = 0;
    for (const c of alone)
      if (!isBlank(c)) {
        filledLines++;
        if (c.length === n) fit++;
      }
    if (alone[0]!.length === n && fit >= 0.9 * filledLines) {
      if (this.joins <= EXAMPLES)
        this.problems.push({
          where: this.where,
          line,
          message: `a quote opened on line ${line} is not closed where its row ends (malformed quotes): it would have joined lines ${line}-${last} (${count} lines) into one row; each of those lines has ${n} cells like the other rows, so they were read as ${texts.length} rows (the quote kept as text${strays > 0 ? `; ${strays} lone line break(s) among them ended rows too` : ""})`,
          severity: "warning",
        });
      return alone;
    }
    if (this.joins <= EXAMPLES)
      this.problems.push({
        where: this.where,
        line,
        message: `a quoted cell runs from line ${line} to line ${last}: ${count} lines were joined into one row${row.length !== n ? ` of ${row.length} cells (the header has ${n})` : ""}; check its quotes`,
        severity: "warning",
      });
    return null;
  }

  private aloneParser: Papa.Parser | null = null;

  /** One line's cells read on their own; a line whose quotes do not close is split as text. */
  private readAlone(text: string): string[] {
    const d = this.dialect!;
    this.aloneParser ??= new Papa.Parser({
      delimiter: d.delimiter,
      newline: d.newline,
      quoteChar: '"',
    });
    const res = this.aloneParser.parse(text, 0, false) as PapaResult;
    if (res.errors.length === 0 && res.data.length === 1) return res.data[0]!;
    return text.split(d.delimiter);
  }

  protected papaError(e: { code: string; message: string; row?: number }, line?: number): void {
    if (this.problems.length > 200) return;
    const message =
      e.code === "MissingQuotes"
        ? "a quoted field is never closed: everything after its opening quote was read as one value"
        : e.code === "InvalidQuotes"
          ? "a quoted field has text after its closing quote (malformed quotes); the value was kept as read"
          : e.message;
    this.problems.push({
      where: this.where,
      line: line ?? this.line,
      message,
      severity: "warning",
    });
  }

  /** Short rows at the end: the file's footer (totals, notes), or rows when more parts follow. */
  protected endHeld(): void {
    const h = this.held;
    this.held = [];
    if (!this.last) {
      const rows: string[][] = [];
      const lines: number[] = [];
      for (const x of h) this.admit(x.row, x.line, rows, lines, 0, 1);
      if (rows.length > 0) this.pushRows(rows, lines);
      return;
    }
    for (const x of h) {
      this.footers++;
      if (this.footers <= EXAMPLES)
        this.problems.push({
          where: this.where,
          line: x.line,
          message: emptyRow(x.row)
            ? `line ${x.line} below the data has only empty cells: not read as a patient`
            : `line ${x.line} ("${excerpt(x.row)}") below the data looks like a totals or note row: not read as a patient`,
          severity: "warning",
        });
    }
  }
}

function filled(row: string[]): number {
  let n = 0;
  for (const c of row) if (c.trim() !== "") n++;
  return n;
}

function isBlank(row: string[]): boolean {
  return row.length === 1 && row[0]!.trim() === "";
}

/** The row's text for a message (cells joined, cut at 60 characters). */
function excerpt(row: string[]): string {
  const t = row
    .map((c) => c.trim())
    .join(" | ")
    .trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
