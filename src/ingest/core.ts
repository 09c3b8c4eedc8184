/**
 * The one ingest core shared by the browser worker and the Node command line: bytes in
 * (any chunking), decoded text fed incrementally to PapaParse's Parser, cells straight into
 * typed column builders. Drivers (parse.ts) only move bytes and report progress.
 */
import Papa from "papaparse";
import type { Problem } from "../engine/protocol/types";
import { assemble, type Part } from "./assemble";
import { cleanHeader } from "./header";
import type { ColumnBuilder, ColumnPlan } from "./columns";
import { resolveDates } from "./dates";
import { inferPlan, makeBuilder } from "./infer";
import { ChunkDecoder, binaryProblem, detectEncoding } from "./decode";
import { FusedReader } from "./fused";
import { sniffDelimiter, sniffNewline } from "./sniff";
import { EXAMPLES, type DateOrder, type Dialect, type ParseOptions, type RawTable } from "./types";

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
  } | null {
    if (!this.decoder && !this.fatal && this.headLen > 0) this.startDecoding();
    if (this.fatal || !this.decoder) return null;
    if (this.pendingLen > 0) this.flush(false);
    if (this.header && this.sample && this.sample.length > 0)
      this.startColumns(this.charsPerRow || 100);
    if (!this.dialect || !this.header || this.builders.length === 0) return null;
    return {
      dialect: this.dialect,
      header: this.header,
      plans: this.builders.map((b) => b.plan),
      bomLength: this.bomLength,
      charsPerRow: this.charsPerRow,
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
    if (!final && this.partial.length >= LONG_RECORD && this.pendingLen < this.partial.length)
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
  private papaChunk(chunk: string, final: boolean): void {
    IngestCore.papaChars += chunk.length;
    const res = this.parser!.parse(chunk, 0, !final) as PapaResult;
    this.partial = final ? "" : chunk.substring(res.meta.cursor);
    for (const e of res.errors) this.papaError(e);
    this.loneLineFeeds(chunk, final ? chunk.length : res.meta.cursor);
    const last = res.data[res.data.length - 1];
    // the empty "row" after a final newline is not a blank line
    if (final && last && last.length === 1 && last[0] === "" && /[\r\n]$/.test(chunk))
      res.data.pop();
    this.consume(res.data, chunk, res.meta.cursor);
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
    const d = this.dialect!;
    if (d.delimiter.length !== 1) return false;
    if (d.newline === "\r\n") {
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1))
        if (i === 0 ? !this.partial.endsWith("\r") : chunk.charCodeAt(i - 1) !== 13) return false;
    }
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
    if (this.partial.length > 0) {
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
    const stop = final ? text.length : Math.max(from, text.lastIndexOf(nls) + 1);
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
    else this.partial = final ? "" : text.substring(stop);
  }

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
    this.rows++;
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

  private consume(data: string[][], chunk: string, cursor: number): void {
    const nl = this.dialect!.newline === "\r" ? "\r" : "\n";
    const sequential = countChar(chunk, nl, cursor) === data.length;
    const rows: string[][] = [];
    const lines: number[] = [];
    for (const row of data) {
      const line = this.line;
      if (sequential) this.line++;
      else {
        const extra = embeddedNewlines(row, nl);
        if (extra > 0) this.multiline = true;
        this.line += 1 + extra;
      }
      if (this.skipHeader) {
        this.skipHeader = false;
        continue;
      }
      // a blank line is skipped (counted), except in a one-column file where it is a missing value
      if (row.length === 1 && row[0]!.trim() === "" && this.header?.length !== 1) {
        if (this.header) this.blankLines++;
        continue;
      }
      if (!this.header) {
        this.header = cleanHeader(row, this.where, this.problems);
        continue;
      }
      if (this.sample) {
        this.sample.push({ row, line });
        if (this.sample.length >= SAMPLE_ROWS) this.startColumns(cursor / Math.max(1, data.length));
        continue;
      }
      rows.push(row);
      lines.push(line);
    }
    if (rows.length > 0) this.pushRows(rows, lines);
    if (!this.charsPerRow && data.length > 1) this.charsPerRow = cursor / data.length;
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
    this.rows += rows.length;
  }

  private loneLfs = 0;

  /**
   * In a CRLF file a lone LF outside quotes is no row break for the parser, so two lines are
   * read as one row: never silently. Scans text[0, end) of a chunk that starts at a record
   * start (quote parity: an escaped "" toggles twice); this.line is the chunk's first line.
   */
  private loneLineFeeds(text: string, end: number): void {
    if (this.dialect?.newline !== "\r\n" || text.indexOf("\n") === -1) return;
    let quoted = false;
    let line = this.line;
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10) {
        if (!quoted && (i === 0 || text.charCodeAt(i - 1) !== 13)) {
          this.loneLfs++;
          if (this.loneLfs <= 5)
            this.problems.push({
              where: this.where,
              line,
              message:
                "this line ends with a lone LF while the file's lines end with CRLF: it was read together with the next line as one row (mixed line endings; re-save the file with one kind)",
              severity: "warning",
            });
          else if (this.loneLfs === 6)
            this.problems.push({
              where: this.where,
              line,
              message:
                "more lines end with a lone LF (mixed line endings); only the first 5 are listed",
              severity: "warning",
            });
        }
        line++;
      }
    }
  }

  private papaError(e: { code: string; message: string; row?: number }): void {
    if (this.problems.length > 200) return;
    const message =
      e.code === "MissingQuotes"
        ? "a quoted field is never closed: everything after its opening quote was read as one value"
        : e.code === "InvalidQuotes"
          ? "a quoted field has text after its closing quote (malformed quotes); the value was kept as read"
          : e.message;
    this.problems.push({
      where: this.where,
      line: this.line + (e.row ?? 0),
      message,
      severity: "warning",
    });
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
      replaced: this.decoder?.replaced ?? 0,
      problems: this.problems,
      fatal: this.fatal,
      multiline: this.multiline,
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

function countChar(s: string, ch: string, end: number): number {
  let n = 0;
  let i = s.indexOf(ch);
  while (i !== -1 && i < end) {
    n++;
    i = s.indexOf(ch, i + 1);
  }
  return n;
}

function embeddedNewlines(row: string[], nl: string): number {
  let n = 0;
  for (const c of row) if (c.length > 0 && c.indexOf(nl) !== -1) n += countChar(c, nl, c.length);
  return n;
}
