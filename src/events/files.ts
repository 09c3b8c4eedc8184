/**
 * Browser (and any runtime with `File`): reads the OMOP tables a profile needs from chosen or
 * dropped files (a folder's files, or several files), each streamed through the ingest reader,
 * with per-table progress and cancel. The page's loader can run it in the ingest worker.
 *
 * @example
 * const { data, problems } = await readOmopFiles(input.files, tablesNeeded(profile), {
 *   onProgress: (table, p) => show(table, p.bytes / p.totalBytes),
 *   signal: controller.signal,
 * });
 */
import type { Problem } from "../engine/protocol/types.ts";
import { parseCsvStream } from "../ingest/read/parse.ts";
import type { ParseProgress } from "../ingest/types.ts";
import { columnsNeeded, keepNeeded } from "./columns-needed.ts";
import type { OmopData } from "./derive.ts";
import { headerProblems, isParquetName, tableOfFileName, type OmopTable } from "./tables.ts";
import type { ParquetReader } from "./parquet.ts";
import type { RawTable } from "../ingest/types.ts";
import {
  parseBlobParallel,
  readBlobPart,
  type BlobPartRunner,
} from "../ingest/browser/blob-parallel.ts";
import { MIN_PARALLEL_BYTES } from "../ingest/parallel/plan.ts";
import { canShare } from "../ingest/parallel/shared.ts";

export interface FileLike {
  name: string;
  size: number;
  /** path inside a chosen folder (`webkitRelativePath`), when there is one */
  webkitRelativePath?: string;
  stream(): ReadableStream<Uint8Array>;
  /** byte ranges (File, Blob): Parquet is read from its footer, not as a stream */
  slice?(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export interface ReadOptions {
  onProgress?(table: OmopTable, p: ParseProgress): void;
  signal?: AbortSignal;
  /** the Parquet reader (parquet.ts), given where Parquet may be read: Node, the events worker */
  parquet?: ParquetReader;
  /**
   * Reading helpers (the events worker's: ingest-part workers): a large CSV table is read in
   * byte ranges, one on this thread and one per helper, as Node reads each table on every core.
   * Each call starts one helper for one part of the table named (null: none can start).
   */
  helpers?: { count: number; start(name: string): BlobPartRunner | null };
}

/** The recognised OMOP tables among the files (the first file of each table wins, with a warning for the rest). */
export function omopFileMap(files: Iterable<FileLike>): {
  map: Map<OmopTable, FileLike>;
  problems: Problem[];
} {
  const map = new Map<OmopTable, FileLike>();
  const problems: Problem[] = [];
  for (const f of files) {
    const t = tableOfFileName(f.name);
    if (!t) continue;
    const have = map.get(t);
    if (have)
      problems.push({
        where: f.webkitRelativePath || f.name,
        message: `a second ${t.toUpperCase()} table (${have.name} is read; this one is not)`,
        severity: "warning",
      });
    else map.set(t, f);
  }
  return { map, problems };
}

export async function readOmopFiles(
  files: Iterable<FileLike>,
  need: readonly OmopTable[],
  opts: ReadOptions = {},
): Promise<{ data: OmopData; problems: Problem[] }> {
  const { map, problems } = omopFileMap(files);
  const data: OmopData = { tables: {}, files: {} };
  for (const t of need) {
    const f = map.get(t);
    if (!f) continue;
    const onProgress = opts.onProgress ? (p: ParseProgress) => opts.onProgress!(t, p) : undefined;
    let raw: RawTable;
    if (isParquetName(f.name)) {
      const r = await readParquet(f, t, { ...opts, onProgress });
      problems.push(...r.problems);
      if (!r.table) continue;
      raw = r.table;
    } else raw = await readCsv(f, { ...opts, onProgress });
    const bad = headerProblems(t, f.name, raw.header);
    problems.push(...raw.problems, ...bad);
    if (bad.length > 0) continue;
    data.tables[t] = keepNeeded(t, raw);
    data.files[t] = f.name;
  }
  if (!map.has("person"))
    problems.push({
      where: "files",
      message: `no PERSON table among the files (expected person.csv, PERSON.csv or person.parquet; recognised: ${[...map.keys()].join(", ") || "none"})`,
      severity: "error",
    });
  return { data, problems };
}

/** A CSV table: on the helpers too when it is large and they can start, else streamed here. */
async function readCsv(
  f: FileLike,
  opts: Omit<ReadOptions, "onProgress"> & { onProgress?(p: ParseProgress): void },
): Promise<RawTable> {
  const o = { name: f.name, totalBytes: f.size, signal: opts.signal, onProgress: opts.onProgress };
  const whole = () => parseCsvStream(f.stream(), o);
  const helpers = opts.helpers;
  if (!helpers || !(f instanceof Blob) || f.size < MIN_PARALLEL_BYTES) return whole();
  const signal = opts.signal;
  const runners: BlobPartRunner[] = [
    (file, job, p) => readBlobPart(file, job, p, { name: f.name, signal }),
  ];
  for (let k = 0; k < helpers.count; k++) {
    const r = helpers.start(f.name);
    if (r) runners.push(r);
  }
  if (runners.length < 2) return whole();
  try {
    // cross-origin isolated: the parts write into one SharedArrayBuffer, merged in place
    return await parseBlobParallel(f, runners, whole, o, undefined, canShare());
  } catch (e) {
    if (signal?.aborted) throw e;
    // a helper failed (could not start, ran out of memory): the table is read here
    return whole();
  }
}

function readParquet(
  f: FileLike,
  t: OmopTable,
  opts: { onProgress?(p: ParseProgress): void; signal?: AbortSignal; parquet?: ParquetReader },
): ReturnType<ParquetReader> {
  const slice = f.slice?.bind(f);
  if (!opts.parquet || !slice)
    return Promise.resolve({
      problems: [
        {
          where: f.webkitRelativePath || f.name,
          message: `${t.toUpperCase()} is a Parquet file, which cannot be read here (only CSV or TSV)`,
          severity: "error",
        },
      ],
    });
  const buffer = {
    byteLength: f.size,
    slice: (s: number, e?: number) => slice(s, e).arrayBuffer(),
  };
  return opts.parquet(buffer, columnsNeeded(t), {
    name: f.webkitRelativePath || f.name,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
}
