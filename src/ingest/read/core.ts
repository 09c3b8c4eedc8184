/**
 * The one ingest core shared by the browser worker and the Node command line: bytes in
 * (any chunking), decoded text fed incrementally to PapaParse's Parser, cells straight into
 * typed column builders. Drivers (parse.ts) only move bytes and report progress.
 */
import Papa from "papaparse";
import type { Problem } from "../../engine/protocol/types";
import { assemble, type Part } from "../parallel/assemble";
import { cleanHeader } from "./header";
import type { ColumnBuilder, ColumnPlan } from "./columns";
import { resolveDates } from "./dates";
import { inferPlan, makeBuilder } from "./infer";
import { ChunkDecoder, binaryProblem, detectEncoding } from "./decode";
import { FusedReader } from "./fused";
import { sniffDelimiter, sniffNewline } from "./sniff";
import { LineMapBuilder } from "./lines";
import { emptyRow, footerLike, footerStart, totalsRow } from "./footer";
import { strayBreaks, type StrayBreaks } from "./breaks";
import { EXAMPLES, type DateOrder, type Dialect, type ParseOptions, type RawTable } from "../types";

/**
 * How to read one byte range of a file whose start was inspected already (parallel parts):
 * same dialect, header and column types as every other part.
 */
export interface Preset {
  dialect: Dialect;
  header: string[];
  plans: ColumnPlan[];
  /** the range starts at the file start: skip the BOM and the header record */
  first: boolean;
  bomLength: number;
  /** expected rows (typed arrays are allocated once at this size, +3%) */
  capacity: number;
  /** columns sized for the whole file, returned as views (the other parts go in after them) */
  keepSpare?: boolean;
  /** physical line of the header (lines above it are titles or notes; default 1) */
  headerLine?: number;
  /** the range ends at the file's end: short rows after the data are its footer */
  last?: boolean;
}

const HEAD_BYTES = 64 * 1024;
/**
 * Text parsed at a time, and bytes decoded at a time: 64 KiB strings live in V8's young
 * generation; a 1 MiB one is allocated outside the heap, page faults included (measured: ~13%
 * less CPU for a load than with 1 MiB).
 */
const TEXT_CHUNK = 1 << 16;
const DECODE_SLICE = 1 << 16;
const SAMPLE_ROWS = 2000;
/**
 * Chars the fused reader (fused.ts) may look at past the end of the rows it reads, which must
 * exist: a read past a string's end makes V8 deoptimize and recompile it with slower reads.
 */
const SLACK = 16;
const PAD = "\n".repeat(SLACK);
const BATCH = 256;
/** an unfinished record this long waits for as much text again before it is parsed again */
const LONG_RECORD = 1 << 16;
/** records looked at to find the header row (titles and notes above it) */
const HEADER_SCAN = 30;
/** a quoted cell joining more lines than this into one row is reported */
const MAX_JOINED = 5;

/** A record read before the header is chosen (with its text when its quoted cells span lines). */
interface Above {
  row: string[];
  line: number;
  raw?: string;
  extra?: number;
  errs?: PapaResult["errors"];
}

interface PapaResult {
  data: string[][];
  errors: { code: string; message: string; row?: number }[];
  meta: { cursor: number };
}

export class IngestCore {
  readonly problems: Problem[] = [];
  bytes = 0;
  rows = 0;
  private readonly where: string;
  private head: Uint8Array[] = [];
  private headLen = 0;
  private decoder: ChunkDecoder | null = null;
  private dialect: Dialect | null = null;
  private parser: Papa.Parser | null = null;
  private pending: string[] = [];
  private pendingLen = 0;
  private partial = "";
  private header: string[] | null = null;
  private builders: ColumnBuilder[] = [];
  private sample: { row: string[]; line: number }[] | null = [];
  private line = 1;
  /** each row's physical line (where rows do not follow line by line) */
  private readonly rowLines = new LineMapBuilder();
  private blankLines = 0;
  private short = { count: 0, lines: [] as number[] };
  private long = { count: 0, lines: [] as number[], cells: 0 };
  private fatal = false;
  private charsPerRow = 0;
  private decodedChars = 0;

  /** a record was seen whose quoted cells span lines */
  multiline = false;
  private skipHeader = false;

  constructor(
    private readonly opts: ParseOptions = {},
    preset?: Preset,
  ) {
    this.where = opts.name ?? "file";
    if (!preset) return;
    const d = preset.dialect;
    this.encoding = d.encoding;
    this.decoder = new ChunkDecoder({
      encoding: d.encoding,
      bomLength: preset.first ? preset.bomLength : 0,
      notes: [],
    });
    this.dialect = { ...d, notes: [] };
    this.parser = new Papa.Parser({ delimiter: d.delimiter, newline: d.newline, quoteChar: '"' });
    this.header = preset.header;
    this.skipHeader = preset.first;
    this.headerLine = preset.headerLine ?? 1;
    this.last = preset.last ?? false;
    this.sample = null;
    this.builders = preset.plans.map((p, j) => {
      const b = makeBuilder(p, preset.header[j]!, j, preset.capacity, d.decimalComma);
      b.keepSpare = preset.keepSpare === true;
      return b;
    });
  }

  /** Dialect, header and column plans after the bytes pushed so far (for parallel parts). */
  inspect(): {
    dialect: Dialect;
    header: string[];
    plans: ColumnPlan[];
    bomLength: number;
    charsPerRow: number;
    headerLine: number;
  } | null {
    if (!this.decoder && !this.fatal && this.headLen > 0) this.startDecoding();
    if (this.fatal || !this.decoder) return null;
    if (this.pendingLen > 0) this.flush(false);
    // (the probe of a parallel read: its head is the whole file when fewer records were read)
    this.settleHeader();
    if (this.header && this.sample && this.sample.length > 0)
      this.startColumns(this.charsPerRow || 100);
    if (!this.dialect || !this.header || this.builders.length === 0) return null;
    return {
      dialect: this.dialect,
      header: this.header,
      plans: this.builders.map((b) => b.plan),
      bomLength: this.bomLength,
      charsPerRow: this.charsPerRow,
      headerLine: this.headerLine,
    };
  }

  /** Feeds raw bytes (any chunk size). */
  pushBytes(bytes: Uint8Array): void {
    if (this.fatal) return;
    this.bytes += bytes.length;
    if (!this.decoder) {
      // a copy: the caller may read into the same buffer again (node.ts does)
      this.head.push(bytes.slice());
      this.headLen += bytes.length;
      if (this.headLen < HEAD_BYTES) return;
      this.startDecoding();
      return;
    }
    // decoded in pieces that V8 allocates in its young generation (a string over ~1 MB is
    // malloc'ed outside the heap, page faults included)
    for (let k = 0; k < bytes.length; k += DECODE_SLICE) {
      const slice = bytes.subarray(k, k + DECODE_SLICE);
      this.decodedBytes += slice.length;
      this.pushText(this.decoder.decode(slice));
    }
  }

  /**
   * Feeds text decoded elsewhere from the next `bytes` bytes of the input (a browser part read
   * with `Blob.text()`, blob-text.ts), instead of `pushBytes`. Only for a core opened with a
   * preset (its decoder made) whose bytes so far ended on a complete character: the text must
   * start where the decoder stopped. Its U+FFFD characters count as invalid byte sequences.
   */
  pushDecoded(text: string, bytes: number): void {
    if (this.fatal || !this.decoder) return;
    this.bytes += bytes;
    this.decodedBytes += bytes;
    this.decoder.decodedElsewhere(text);
    this.pushText(text);
  }

  /** bytes handed to the decoder so far (the capacity estimate's bytes per character) */
  private decodedBytes = 0;

  private startDecoding(): void {
    const head = concat(this.head, this.headLen);
    this.head = [];
    const bin = binaryProblem(head);
    if (bin && !this.opts.encoding) {
      this.fail(bin);
      return;
    }
    const forced = this.opts.encoding;
    if (forced && !isEncoding(forced)) {
      this.fail(
        `unknown encoding "${String(forced)}": use utf-8, utf-16le, utf-16be or windows-1252`,
      );
      return;
    }
    const guess = detectEncoding(head, forced);
    this.bomLength = guess.bomLength;
    this.decoder = new ChunkDecoder(guess);
    this.notes.push(...guess.notes);
    this.encoding = guess.encoding;
    this.decodedBytes += head.length;
    this.pushText(this.decoder.decode(head));
  }

  private notes: string[] = [];
  private encoding: Dialect["encoding"] = "utf-8";
  private bomLength = 0;

  private pushText(text: string): void {
    if (text.length === 0 || this.fatal) return;
    this.decodedChars += text.length;
    this.pending.push(text);
    this.pendingLen += text.length;
    if (this.pendingLen >= (this.opts.textChunk ?? TEXT_CHUNK)) this.flush(false);
  }

  private flush(final: boolean): void {
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
    IngestCore.papaChars += text.length;
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
    IngestCore.fastRows += r.rows;
    return r.bail;
  }

  private fused: FusedReader | null = null;

  /** characters handed to PapaParse so far, in this process (tests check the work is linear) */
  static papaChars = 0;

  /** rows read by the quote-free fast path so far, in this process (tests check it is used) */
  static fastRows = 0;

  /** A row of the fast path with too few or too many cells: text[start, end) (end: its newline). */
  raggedRow(
    text: string,
    start: number,
    end: number,
    line: number,
    crlf: boolean,
    dc: number,
  ): void {
    let stopAt = end;
    if (crlf && stopAt > start && text.charCodeAt(stopAt - 1) === 13) stopAt--;
    const b = this.builders;
    const n = b.length;
    let j = 0;
    let s = start;
    for (;;) {
      let e = s;
      while (e < stopAt && text.charCodeAt(e) !== dc) e++;
      if (j < n) b[j]!.pushRange(text, s, e, line);
      j++;
      if (e >= stopAt) break;
      s = e + 1;
    }
    const rec = j < n ? this.short : this.long;
    rec.count++;
    if (rec.lines.length < EXAMPLES) rec.lines.push(line);
    if (j > n) this.long.cells += j - n;
    for (let k = j; k < n; k++) b[k]!.pushPad();
    this.rowLines.note(this.rows, line);
    this.rows++;
  }

  /** The fast path skipped a blank line: row `row` is on line `line`. */
  rowOnLine(row: number, line: number): void {
    this.rowLines.note(row, line);
  }

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

  /**
   * A record whose quoted cells span lines: kept as one row, or read as the rows its lines are
   * (joined); decided once the header is known.
   */
  private spanning(
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

  /** One record: the header, a blank line, a type-sample row or a data row (batched). */
  private take(
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

  private admit(
    row: string[],
    line: number,
    rows: string[][],
    lines: number[],
    cursor: number,
    nData: number,
  ): void {
    if (this.sample) {
      this.sample.push({ row, line });
      if (this.sample.length >= SAMPLE_ROWS) this.startColumns(cursor / Math.max(1, nData));
      return;
    }
    rows.push(row);
    lines.push(line);
  }

  /** records before the header is chosen */
  private above: Above[] = [];
  /** short rows that may be the footer (after them, so far, only blank lines) */
  private held: { row: string[]; line: number }[] = [];
  private headerLine = 1;
  private last = true;
  private prefaces = 0;
  private footers = 0;

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
  private settleHeader(): void {
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

  /** blank lines before the header; lines joined into rows by quoted cells spanning lines */
  private blankBefore = 0;
  private joinedLines = 0;
  private joins = 0;

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

  /**
   * Only the column plans are wanted (the parallel probe): the type sample is not typed and
   * the builders are not sized for the file; `rows` counts the sample once the plans are made.
   */
  plansOnly = false;

  private startColumns(charsPerRow: number): void {
    const header = this.header!;
    const sample = this.sample!;
    this.sample = null;
    const total = this.opts.totalBytes;
    const perRow = this.charsPerRow || charsPerRow;
    // bytes decoded so far, not pushed: a pushed chunk is decoded (and may start the columns)
    // a slice at a time
    const bytesPerChar = this.decodedChars > 0 ? this.decodedBytes / this.decodedChars : 1;
    const capacity =
      total && perRow > 0 && !this.plansOnly
        ? Math.ceil((total / (perRow * bytesPerChar)) * 1.03) + 64
        : Math.max(1024, sample.length * 2);
    const dc = this.dialect!.decimalComma;
    this.builders = header.map((name, j) => {
      const plan = inferPlan(
        sample.map((s) => s.row[j] ?? ""),
        name,
        dc,
      );
      const forced = pickOrder(this.opts.dateOrder, name);
      const p: ColumnPlan =
        plan.kind === "date" && forced ? { kind: "date", dateOrder: forced } : plan;
      return makeBuilder(p, name, j, capacity, dc);
    });
    // typing the sample is one long step on a wide file (2,000 rows x every column, in code not
    // yet optimized: ~0.25 s for 95 columns in Chromium): progress between its two halves
    this.opts.onProgress?.({ bytes: this.bytes, rows: this.rows, totalBytes: total });
    if (this.plansOnly) {
      this.rows += sample.length;
      return;
    }
    this.pushRows(
      sample.map((s) => s.row),
      sample.map((s) => s.line),
    );
  }

  /** Hands a batch of rows to the builders, column by column (tight loops per type). */
  private pushRows(rows: string[][], lines: number[]): void {
    const b = this.builders;
    const n = b.length;
    for (let r = 0; r < rows.length; r++) {
      const m = rows[r]!.length;
      if (m === n) continue;
      const rec = m < n ? this.short : this.long;
      rec.count++;
      if (rec.lines.length < EXAMPLES) rec.lines.push(lines[r]!);
      if (m > n) this.long.cells += m - n;
    }
    // batches small enough for the row arrays to stay in cache across the column passes
    for (let k = 0; k < rows.length; k += BATCH) {
      const rs = k === 0 && rows.length <= BATCH ? rows : rows.slice(k, k + BATCH);
      const ls = k === 0 && rows.length <= BATCH ? lines : lines.slice(k, k + BATCH);
      for (let j = 0; j < n; j++) b[j]!.pushBatch(rs, j, ls);
    }
    this.rowLines.noteBatch(this.rows, lines);
    this.rows += rows.length;
  }

  private strays = 0;

  /** Reports the stray line breaks before `end` (the rest is parsed again with the next text). */
  private reportStrays(st: StrayBreaks, end: number): void {
    const kind = this.dialect!.newline === "\n" ? "a lone CR" : "a lone LF";
    const usual =
      this.dialect!.newline === "\r\n" ? "CRLF" : this.dialect!.newline === "\n" ? "LF" : "CR";
    for (let k = 0; k < st.at.length && st.at[k]! <= end; k++) {
      this.strays++;
      const line = this.line + st.lines[k]!;
      if (this.strays <= EXAMPLES)
        this.problems.push({
          where: this.where,
          line,
          message: `line ${line} ends with ${kind} while the file's lines end with ${usual}: the row ends there, as a line break is shown (mixed line endings)`,
          severity: "warning",
        });
      else if (this.strays === EXAMPLES + 1)
        this.problems.push({
          where: this.where,
          line,
          message: `more lines end with ${kind} (mixed line endings); only the first ${EXAMPLES} are listed`,
          severity: "warning",
        });
    }
  }

  private papaError(e: { code: string; message: string; row?: number }, line?: number): void {
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
  private endHeld(): void {
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

  /** Stops reading with an error (binary file, unreadable file, unknown encoding). */
  fail(message: string): void {
    this.fatal = true;
    this.problems.push({ where: this.where, message, severity: "error" });
  }

  /** Ends the input and returns this part's columns and counters (see assemble.ts). */
  finishPart(): Part {
    if (!this.decoder && !this.fatal && this.headLen > 0) this.startDecoding();
    if (this.decoder && !this.fatal) {
      this.pushText(this.decoder.end());
      this.flush(true);
    }
    if (!this.fatal) this.settleHeader();
    if (!this.fatal && this.held.length > 0) this.endHeld();
    if (!this.fatal && this.header && this.sample) this.startColumns(this.charsPerRow || 100);
    const dialect: Dialect = this.dialect ?? {
      delimiter: ",",
      encoding: this.encoding,
      decimalComma: false,
      newline: "\n",
      notes: this.notes,
    };
    return {
      nRows: this.rows,
      lines: this.line - 1,
      bytes: this.bytes,
      header: this.header,
      dialect,
      columns: this.builders.map((b) => b.finish()),
      short: this.short,
      long: this.long,
      blankLines: this.blankLines,
      structure: {
        blankBefore: this.blankBefore,
        prefaces: this.prefaces,
        footers: this.footers,
        joinedLines: this.joinedLines,
        headerLine: this.header ? this.headerLine : 0,
      },
      replaced: this.decoder?.replaced ?? 0,
      problems: this.problems,
      fatal: this.fatal,
      multiline: this.multiline,
      rowLines: this.rowLines.result(),
    };
  }

  /** Ends the input and returns the table (with problems for anything odd). */
  finish(): RawTable {
    return assemble(this.finishPart(), this.where);
  }
}

/** Applies a day/month order to an ambiguous date column after parsing. */
export function chooseDateOrder(col: RawTable["columns"][number], order: DateOrder): void {
  if (col.dateAmbiguity) resolveDates(col, col.dateAmbiguity, order);
}

function pickOrder(o: ParseOptions["dateOrder"], name: string): DateOrder | null {
  if (!o) return null;
  if (typeof o === "string") return o;
  return o[name] ?? null;
}

function isEncoding(e: string): boolean {
  try {
    new TextDecoder(e);
    return true;
  } catch {
    return false;
  }
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(n);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

function countChar(s: string, ch: string, end: number, from = 0): number {
  let n = 0;
  let i = s.indexOf(ch, from);
  while (i !== -1 && i < end) {
    n++;
    i = s.indexOf(ch, i + 1);
  }
  return n;
}

/** Position after the `k`-th `ch` from `from` (the text's end when there are fewer). */
function afterNth(s: string, ch: string, from: number, k: number): number {
  let i = from - 1;
  for (let m = 0; m < k; m++) {
    i = s.indexOf(ch, i + 1);
    if (i === -1) return s.length;
  }
  return i + 1;
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

function embeddedNewlines(row: string[], nl: string): number {
  let n = 0;
  for (const c of row) if (c.length > 0 && c.indexOf(nl) !== -1) n += countChar(c, nl, c.length);
  return n;
}
