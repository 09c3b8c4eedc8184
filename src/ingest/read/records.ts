/**
 * Text to records (a layer of the ingest core, see core.ts): the dialect is sniffed,
 * text is parsed 64 KiB at a time, by the fused fast path (fused.ts) where it applies, else by
 * PapaParse with the unfinished record carried to the next chunk; line numbers are kept, lone
 * line breaks reported. Each record goes on to the structure layer (structure.ts).
 */
import Papa from "papaparse";
import { FusedReader } from "./fused.ts";
import { sniffDelimiter, sniffNewline } from "./sniff.ts";
import { footerStart } from "./footer.ts";
import {
  afterNth,
  countChar,
  embeddedNewlines,
  strayBreaks,
  strayMessage,
  type StrayBreaks,
} from "./breaks.ts";
import { EXAMPLES, type Dialect } from "../types.ts";
import { StructureReader } from "./structure.ts";
import type { PapaResult } from "./spanning.ts";

/**
 * Text parsed at a time (and bytes decoded at a time, core.ts): 64 KiB strings live in V8's young
 * generation; a 1 MiB one is allocated outside the heap, page faults included (measured: ~13%
 * less CPU for a load than with 1 MiB).
 */
const TEXT_CHUNK = 1 << 16;
/**
 * Chars the fused reader (fused.ts) may look at past the end of the rows it reads, which must
 * exist: a read past a string's end makes V8 deoptimize and recompile it with slower reads.
 */
const SLACK = 16;
const PAD = "\n".repeat(SLACK);
/** an unfinished record this long waits for as much text again before it is parsed again */
const LONG_RECORD = 1 << 16;

export class RecordReader extends StructureReader {
  protected encoding: Dialect["encoding"] = "utf-8";
  protected parser: Papa.Parser | null = null;
  private pending: string[] = [];
  protected pendingLen = 0;
  private partial = "";

  /** a record was seen whose quoted cells span lines */
  multiline = false;

  protected pushText(text: string): void {
    if (text.length === 0 || this.fatal) return;
    this.decodedChars += text.length;
    this.pending.push(text);
    this.pendingLen += text.length;
    if (this.pendingLen >= (this.opts.textChunk ?? TEXT_CHUNK)) this.flush(false);
  }

  protected flush(final: boolean): void {
    // A record left unfinished (a quoted cell running on) is parsed again from its start with
    // the next text: tried at once, a 16 MB cell of "" took ~n²/64 KiB steps (80 s). It is
    // tried again only once the text after it is as long as itself: linear.
    if (
      !final &&
      this.partial.length >= Math.min(LONG_RECORD, this.opts.textChunk ?? TEXT_CHUNK) &&
      this.pendingLen < this.partial.length
    )
      return;
    // flat strings (charCodeAt on a cons string is slow)
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join("");
    this.pending = [];
    this.pendingLen = 0;
    if (this.dialect && this.canFast(text)) {
      this.fastChunk(text, final);
      return;
    }
    const chunk = this.partial.length === 0 ? text : [this.partial, text].join("");
    this.partial = "";
    if (!this.dialect) {
      if (chunk.length === 0) return;
      this.setDialect(chunk);
    }
    this.papaChunk(chunk, final);
  }

  /** Parses `chunk` (starting at a record start) with PapaParse; keeps its unfinished record. */
  private papaChunk(text: string, final: boolean): void {
    RecordReader.papaChars += text.length;
    const d = this.dialect!;
    const strays = strayBreaks(text, d.newline, d.delimiter, final);
    const chunk = strays ? strays.text : text;
    const res = this.parser!.parse(chunk, 0, !final) as PapaResult;
    this.partial = final ? "" : chunk.substring(res.meta.cursor);
    if (strays) this.reportStrays(strays, final ? chunk.length : res.meta.cursor);
    const last = res.data[res.data.length - 1];
    // the empty "row" after a final newline is not a blank line
    if (final && last && last.length === 1 && last[0] === "" && /[\r\n]$/.test(chunk))
      res.data.pop();
    this.consume(res.data, chunk, res.meta.cursor, res.errors);
  }

  /**
   * The fast path applies: columns are set up, the header is behind us, and (for CRLF files)
   * the chunk has no bare LF. Quoted cells are read by the fast path when simple (closed on the
   * same line, right before a delimiter or the line end); anything else hands the rest of the
   * chunk, from that record on, to PapaParse.
   */
  private canFast(chunk: string): boolean {
    if (this.opts.fastPath === false) return false;
    if (this.sample || !this.header || this.skipHeader || this.builders.length < 2) return false;
    // a short row that may be the file's footer is held until a row follows it (take)
    if (this.held.length > 0) return false;
    const d = this.dialect!;
    if (d.delimiter.length !== 1) return false;
    if (d.newline === "\r\n") {
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1))
        if (i === 0 ? !this.partial.endsWith("\r") : chunk.charCodeAt(i - 1) !== 13) return false;
    } else if (d.newline === "\n") {
      // a lone CR ends a row (breaks.ts): PapaParse's path with strayBreaks
      for (let i = chunk.indexOf("\r"); i !== -1; i = chunk.indexOf("\r", i + 1))
        if (chunk.charCodeAt(i + 1) !== 10) return false;
    } else if (chunk.indexOf("\n") !== -1) return false;
    return true;
  }

  /**
   * Reads the complete lines of a quote-free chunk straight into the builders (cells as
   * ranges of the chunk: no per-cell strings for numbers, yes/no, ISO dates, known categories).
   * Same rows, lines and counters as the PapaParse path.
   */
  private fastChunk(text: string, final: boolean): void {
    const nls = this.dialect!.newline === "\r" ? "\r" : "\n";
    let from = 0;
    if (this.footerHeld || (final && this.partial.length > 0)) {
      // lines that ended the previous chunk and may be the footer, or the file's last line:
      // read with this text (so the file's last lines are looked at together)
      text = [this.partial, text].join("");
      this.partial = "";
      this.footerHeld = false;
    } else if (this.partial.length > 0) {
      // the line cut at the end of the previous chunk, completed (a small string, not a copy
      // of the whole chunk), padded (SLACK)
      const k = text.indexOf(nls);
      if (k === -1 && !final) {
        this.partial = [this.partial, text].join("");
        return;
      }
      from = k === -1 ? text.length : k + 1;
      const line = [this.partial, text.substring(0, from)].join("");
      this.partial = "";
      const bail = this.fastConsume([line, PAD].join(""), 0, line.length);
      if (bail >= 0) {
        // e.g. a quoted cell spanning lines: PapaParse reads on from that record
        this.papaChunk([line.substring(bail), text.substring(from)].join(""), final);
        return;
      }
    }
    const end = final ? text.length : Math.max(from, text.lastIndexOf(nls) + 1);
    // totals rows ending the text are left to the row-by-row path (at the file's end: the
    // footer), or carried to the next chunk (more rows may follow): one look at the last lines
    const stop = footerStart(text, from, end, this.dialect!.delimiter, nls);
    // the rows read from the text leave SLACK chars after them; the last ones are read from
    // a padded copy (a few lines). Chunks go to PapaParse exactly as without this.
    const safe =
      text.length <= SLACK
        ? from
        : Math.min(stop, Math.max(from, text.lastIndexOf(nls, text.length - SLACK - 1) + 1));
    let bail = this.fastConsume(text, from, safe);
    if (bail < 0 && safe < stop) {
      const rest = this.fastConsume([text.substring(safe, stop), PAD].join(""), 0, stop - safe);
      if (rest >= 0) bail = safe + rest;
    }
    if (bail >= 0) this.papaChunk(text.substring(bail), final);
    else if (stop < end && final) this.papaChunk(text.substring(stop), true);
    else {
      this.partial = final ? "" : text.substring(stop);
      this.footerHeld = stop < end;
    }
  }

  /** `partial` starts with lines that may be the footer (see fastChunk) */
  private footerHeld = false;

  /**
   * Reads the records of text[from, stop) (`stop` is a record end) with the fused fast path;
   * returns -1, or the start of the first record it leaves to PapaParse (a quoted cell that
   * spans lines, is not closed right before a delimiter or the line end, or a ragged or
   * one-cell row with quotes).
   */
  private fastConsume(text: string, from: number, stop: number): number {
    if (!this.fused) {
      const d = this.dialect!;
      this.fused = new FusedReader(this.builders, d.delimiter.charCodeAt(0), d.newline);
    }
    const row = this.rows;
    this.rowLines.note(row, this.line);
    const r = this.fused.consume(text, from, stop, this.line, row, this);
    this.line = r.line;
    this.blankLines += r.blank;
    this.rows = row + r.rows;
    RecordReader.fastRows += r.rows;
    return r.bail;
  }

  private fused: FusedReader | null = null;

  /** characters handed to PapaParse so far, in this process (tests check the work is linear) */
  static papaChars = 0;

  /** rows read by the quote-free fast path so far, in this process (tests check it is used) */
  static fastRows = 0;

  private setDialect(sample: string): void {
    const delimiter = this.opts.delimiter ?? sniffDelimiter(sample.slice(0, 256 * 1024));
    const newline = sniffNewline(sample.slice(0, 256 * 1024));
    const decimalComma = delimiter !== ",";
    const notes = this.notes;
    if (!this.opts.delimiter && delimiter !== ",")
      notes.push(`delimiter: ${delimiter === "\t" ? "tab" : `"${delimiter}"`}`);
    this.dialect = { delimiter, encoding: this.encoding, decimalComma, newline, notes };
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  }

  private consume(
    data: string[][],
    chunk: string,
    cursor: number,
    errors: PapaResult["errors"] = [],
  ): void {
    const nl = this.dialect!.newline === "\r" ? "\r" : "\n";
    const sequential = countChar(chunk, nl, cursor) === data.length;
    const rows: string[][] = [];
    const lines: number[] = [];
    const rowLines: number[] = [];
    const split = new Set<number>();
    let pos = 0;
    for (let r = 0; r < data.length; r++) {
      const row = data[r]!;
      const line = this.line;
      rowLines.push(line);
      if (sequential) this.line++;
      else {
        let extra = embeddedNewlines(row, nl);
        const end = afterNth(chunk, nl, pos, extra + 1);
        // a quote left open to the end took the file's last newline into its cell: that
        // newline ends the last line, it joins none
        if (
          extra > 0 &&
          end === chunk.length &&
          row[row.length - 1]!.endsWith(nl) &&
          countChar(chunk, nl, chunk.length, pos) === extra
        )
          extra--;
        this.line += 1 + extra;
        if (extra > 0) {
          this.multiline = true;
          split.add(r);
          const errs = errors.filter((e) => e.row === r);
          this.spanning(
            { row, line, raw: chunk.substring(pos, end), extra, errs },
            rows,
            lines,
            cursor,
            data.length,
          );
          pos = end;
          continue;
        }
        pos = end;
      }
      this.take(row, line, rows, lines, cursor, data.length);
    }
    for (const e of errors) {
      // (an error in the unfinished record is found again when it is parsed whole)
      if (e.row !== undefined && (e.row >= data.length || split.has(e.row))) continue;
      this.papaError(e, rowLines[e.row ?? 0]);
    }
    if (rows.length > 0) this.pushRows(rows, lines);
    if (!this.charsPerRow && data.length > 1) this.charsPerRow = cursor / data.length;
  }

  private strays = 0;

  /** Reports the stray line breaks before `end` (the rest is parsed again with the next text). */
  private reportStrays(st: StrayBreaks, end: number): void {
    for (let k = 0; k < st.at.length && st.at[k]! <= end; k++) {
      this.strays++;
      if (this.strays > EXAMPLES + 1) continue;
      const line = this.line + st.lines[k]!;
      const message = strayMessage(this.dialect!.newline, line, this.strays > EXAMPLES);
      this.problems.push({ where: this.where, line, message, severity: "warning" });
    }
  }
}
