/**
 * The one ingest core shared by the browser worker and the Node command line: bytes in
 * (any chunking), decoded text fed incrementally to PapaParse's Parser, cells straight into
 * typed column builders. Drivers (parse.ts) only move bytes and report progress.
 *
 * One class in four layers, one file each, each handing its output to the next:
 * - core.ts (`IngestCore`): bytes to text (encoding, BOM, binary refusal), a part's preset,
 *   the result;
 * - records.ts (`RecordReader`): text to records (dialect, fast path or PapaParse, lines);
 * - structure.ts (`StructureReader`): header, titles above it, footer, spanning quotes;
 * - row-sink.ts (`RowSink`): column types from the sample, rows into the column builders.
 * Each layer extends the next one (a subclass calls down; nothing calls up), so the calls
 * between layers are plain method calls on one object, as before the split.
 */
import { assemble, type Part } from "../parallel/assemble.ts";
import type { ColumnPlan } from "./columns.ts";
import { makeBuilder } from "./infer.ts";
import { ChunkDecoder, binaryProblem, detectEncoding } from "./decode.ts";
import Papa from "papaparse";
import type { Dialect, ParseOptions, RawTable } from "../types.ts";
import { RecordReader } from "./records.ts";

export { chooseDateOrder } from "./row-sink.ts";

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

/** bytes looked at to choose the encoding before any is decoded */
const HEAD_BYTES = 64 * 1024;
/** bytes decoded at a time: the strings stay in V8's young generation (records.ts TEXT_CHUNK) */
const DECODE_SLICE = 1 << 16;

export class IngestCore extends RecordReader {
  private head: Uint8Array[] = [];
  private headLen = 0;
  private decoder: ChunkDecoder | null = null;

  constructor(opts: ParseOptions = {}, preset?: Preset) {
    super(opts);
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
  private bomLength = 0;

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
