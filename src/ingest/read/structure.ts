/**
 * The file's structure (a layer of the ingest core, see core.ts): which record is the
 * header (titles and notes above it are reported, not read), which short rows at the end are a
 * footer, and whether a quoted cell spanning lines is one cell or a malformed quote that
 * swallowed the rows after it. Records then go on to the rows (row-sink.ts).
 */
import { cleanHeader, headerIndex, isBlank } from "./header.ts";
import { emptyRow, footerLike, totalsRow } from "./footer.ts";
import { EXAMPLES } from "../types.ts";
import { RowSink } from "./row-sink.ts";
import { judgeJoined, LineCells, type PapaResult } from "./spanning.ts";

/** records looked at to find the header row (titles and notes above it) */
const HEADER_SCAN = 30;

/** A record read before the header is chosen (with its text when its quoted cells span lines). */
export interface Above {
  row: string[];
  line: number;
  raw?: string;
  extra?: number;
  errs?: PapaResult["errors"];
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
   * The header is chosen (header.ts `headerIndex`): the records above it are titles or notes,
   * reported and not read.
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
    const wanted = this.opts.headerRow;
    const k = headerIndex(above, wanted);
    if (wanted !== undefined && above[k]!.line !== wanted)
      this.problems.push({
        where: this.where,
        line: above[k]!.line,
        message: `line ${wanted} is not the start of a row with cells: the header was read from line ${above[k]!.line}`,
        severity: "warning",
      });
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
      this.header && !this.skipHeader
        ? this.joined(
            a.row,
            a.raw!,
            a.line,
            a.extra!,
            (a.errs ?? []).some((e) => e.code === "InvalidQuotes" || e.code === "MissingQuotes"),
          )
        : null;
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
   * A record whose quoted cell ran over `extra` line breaks: reported when it leaves the row
   * ragged or joins more than a few lines; its lines as rows when they are rows (spanning.ts).
   */
  private joined(
    row: string[],
    raw: string,
    line: number,
    extra: number,
    badQuote: boolean,
  ): string[][] | null {
    const d = this.dialect!;
    this.lineCells ??= new LineCells(d.delimiter, d.newline);
    const j = judgeJoined(row, raw, line, extra, this.header!.length, this.lineCells, badQuote);
    if (!j) return null;
    // (each stray break among the lines is a line, as a stray break outside quotes is)
    this.line += j.strays;
    this.joins++;
    if (this.joins <= EXAMPLES)
      this.problems.push({ where: this.where, line, message: j.message, severity: "warning" });
    return j.rows;
  }

  private lineCells: LineCells | null = null;

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

/** The row's text for a message (cells joined, cut at 60 characters). */
function excerpt(row: string[]): string {
  const t = row
    .map((c) => c.trim())
    .join(" | ")
    .trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
