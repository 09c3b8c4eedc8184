/**
 * Parquet OMOP tables (hyparquet, pure JS: Node, workers, the page): only the columns the
 * derivations read are decoded, one row group at a time (progress and cancel between row
 * groups), into the same typed columns the CSV reader makes, so everything after reading is
 * shared. Codecs: uncompressed and Snappy (hyparquet), GZIP, ZSTD, LZ4 (hyparquet-compressors;
 * Brotli and LZO are left out to keep the worker small and are reported as unsupported).
 * Node imports it directly (node.ts); the app only in the events worker, which hands it to
 * EventService: the page bundle, which uses EventService.plan, stays without it (and without
 * the compressors' WebAssembly Snappy, compiled when their module loads).
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer } from "hyparquet";
import type { FileMetaData, SchemaTree } from "hyparquet";
import {
  decompressGzip,
  decompressLz4,
  decompressLz4Raw,
  decompressZstd,
} from "hyparquet-compressors";
import type { Problem } from "../engine/protocol/types.ts";
import type { Column } from "../engine/types.ts";
import { codeBytes, newCodes } from "../engine/codes.ts";
import type { ParseProgress, RawColumn, RawTable } from "../ingest/types.ts";

const COMPRESSORS = {
  GZIP: decompressGzip,
  // fzstd reads the output size from the frame; its second argument is a buffer, not a length
  ZSTD: (input: Uint8Array) => decompressZstd(input),
  LZ4: decompressLz4,
  LZ4_RAW: decompressLz4Raw,
};

const DAY_MS = 86_400_000;
/** Dates and timestamps come back as whole days since 1970-01-01 (UTC), the engine's date unit. */
const PARSERS = {
  dateFromDays: (d: number) => d,
  timestampFromMilliseconds: (v: bigint) => Math.floor(Number(v) / DAY_MS),
  timestampFromMicroseconds: (v: bigint) => Math.floor(Number(v) / (DAY_MS * 1e3)),
  timestampFromNanoseconds: (v: bigint) => Math.floor(Number(v) / (DAY_MS * 1e6)),
};

type Kind = Column["kind"];

/** The engine's column kind for a Parquet leaf, or undefined for nested columns (lists, maps, structs). */
function kindOf(node: SchemaTree): Kind | undefined {
  const e = node.element;
  if (node.children.length > 0 || e.repetition_type === "REPEATED") return undefined;
  const ct = e.converted_type;
  const lt = e.logical_type?.type;
  if (ct === "DATE" || lt === "DATE" || lt === "TIMESTAMP" || e.type === "INT96") return "date";
  if (ct === "TIMESTAMP_MILLIS" || ct === "TIMESTAMP_MICROS") return "date";
  if (e.type === "BOOLEAN") return "boolean";
  if (ct === "UTF8" || lt === "STRING" || ct === "JSON" || lt === "UUID") return "category";
  if (e.type === "INT32" || e.type === "INT64" || e.type === "FLOAT" || e.type === "DOUBLE")
    return "number";
  if (ct === "DECIMAL" || lt === "DECIMAL") return "number";
  return "category";
}

/** Fills one column row by row as row groups are decoded. */
class Filler {
  private readonly num: Float64Array | null;
  private readonly day: Float32Array | null;
  private readonly bool: Uint8Array | null;
  private readonly codes: Int32Array | null;
  private readonly dict: string[] = [];
  private readonly index = new Map<string, number>();
  present = 0;
  min = NaN;
  max = NaN;

  constructor(
    readonly name: string,
    readonly position: number,
    readonly kind: Kind,
    n: number,
  ) {
    this.num = kind === "number" ? new Float64Array(n).fill(NaN) : null;
    this.day = kind === "date" ? new Float32Array(n).fill(NaN) : null;
    this.bool = kind === "boolean" ? new Uint8Array(n).fill(2) : null;
    this.codes = kind === "category" ? new Int32Array(n).fill(-1) : null;
  }

  set(row: number, v: unknown): void {
    if (v === null || v === undefined) return;
    this.present++;
    if (this.num || this.day) {
      const x = typeof v === "bigint" ? Number(v) : Number(v);
      if (x !== x) return void this.present--;
      (this.num ?? this.day)![row] = x;
      if (!(x >= this.min)) this.min = x;
      if (!(x <= this.max)) this.max = x;
    } else if (this.bool) this.bool[row] = v ? 1 : 0;
    else {
      const s = v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v);
      let k = this.index.get(s);
      if (k === undefined) {
        k = this.dict.length;
        this.dict.push(s);
        this.index.set(s, k);
      }
      this.codes![row] = k;
    }
  }

  column(n: number): RawColumn {
    const storage: Column = this.num
      ? { kind: "number", lo: this.num, hi: this.num, unit: "1" }
      : this.day
        ? { kind: "date", days: this.day }
        : this.bool
          ? { kind: "boolean", values: this.bool }
          : {
              kind: "category",
              codes: narrow(this.codes!, this.dict.length),
              dict: this.dict,
            };
    return {
      name: this.name,
      index: this.position,
      storage,
      stats: {
        present: this.present,
        missing: n - this.present,
        missingTokens: n > this.present ? { "": n - this.present } : {},
        unparseable: 0,
        unparseableExamples: [],
        censored: 0,
        padded: 0,
        min: this.min,
        max: this.max,
      },
      rejects: { rows: [], texts: [] },
    };
  }
}

/** The narrowest code array for the dictionary (what the CSV reader's columns use). */
function narrow(codes: Int32Array, size: number) {
  const bytes = codeBytes(size);
  if (bytes === 4) return codes;
  const out = newCodes(bytes, codes.length);
  out.set(codes);
  return out;
}

const message = (e: unknown) =>
  (e instanceof Error ? e.message : String(e)).replace(/^parquet /, "");

/**
 * Reads the columns of a Parquet file whose lower-case names `keep` holds. `table` is absent
 * when the file cannot be read (problems say which file and what); the header lists every
 * top-level column so a missing CDM column is reported as for a CSV.
 */
export type ParquetReader = typeof readParquetTable;

export async function readParquetTable(
  file: AsyncBuffer,
  keep: ReadonlySet<string>,
  opts: { name: string; onProgress?(p: ParseProgress): void; signal?: AbortSignal },
): Promise<{ table?: RawTable; problems: Problem[] }> {
  const { name, signal } = opts;
  const problems: Problem[] = [];
  let meta: FileMetaData;
  let top: SchemaTree[];
  try {
    meta = await parquetMetadataAsync(file);
    top = parquetSchema(meta).children;
  } catch (e) {
    return {
      problems: [
        {
          where: name,
          message: `not a readable Parquet file (${message(e)}): export it again, or as CSV`,
          severity: "error",
        },
      ],
    };
  }
  const n = Number(meta.num_rows);
  const fillers: Filler[] = [];
  top.forEach((node, i) => {
    const col = node.element.name;
    if (!keep.has(col.trim().toLowerCase())) return;
    const kind = kindOf(node);
    if (kind) fillers.push(new Filler(col, i, kind, n));
    else
      problems.push({
        where: name,
        message: `column ${col} is nested (a list, map or struct), not one value per row: not read`,
        severity: "warning",
      });
  });
  const byName = new Map(fillers.map((f) => [f.name, f]));
  let start = 0;
  for (const [g, rg] of meta.row_groups.entries()) {
    signal?.throwIfAborted();
    const end = start + Number(rg.num_rows);
    if (fillers.length > 0)
      try {
        await parquetRead({
          file,
          metadata: meta,
          columns: fillers.map((f) => f.name),
          rowStart: start,
          rowEnd: end,
          compressors: COMPRESSORS,
          parsers: PARSERS,
          onChunk({ columnName, columnData, rowStart }) {
            const f = byName.get(columnName);
            if (!f) return;
            const from = Math.max(start, rowStart);
            const to = Math.min(end, rowStart + columnData.length);
            for (let r = from; r < to; r++) f.set(r, columnData[r - rowStart]);
          },
        });
      } catch (e) {
        const what = message(e);
        const hint = /compression codec/.test(what)
          ? "; write it with Snappy, ZSTD, GZIP or LZ4, or as CSV"
          : "; the file may be damaged or cut short";
        problems.push({
          where: name,
          message: `cannot read row group ${g + 1} of ${meta.row_groups.length} (${what})${hint}`,
          severity: "error",
        });
        return { problems };
      }
    start = end;
    opts.onProgress?.({
      bytes: Math.round((file.byteLength * start) / Math.max(n, 1)),
      rows: start,
    });
  }
  const header = top.map((c) => c.element.name);
  return {
    table: {
      nRows: n,
      header,
      columns: fillers.map((f) => f.column(n)),
      dialect: { delimiter: ",", encoding: "utf-8", decimalComma: false, newline: "\n", notes: [] },
      problems: [],
      bytes: file.byteLength,
    },
    problems,
  };
}
