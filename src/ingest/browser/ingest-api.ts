/**
 * The ingest worker's API (`IngestService`, src/ingest/browser/service.ts) and its reading
 * helpers' (`IngestPartService`), as the page calls them through Comlink: types only.
 */
import type { Problem, Protocol } from "../../engine/protocol/types.ts";
import type { Table } from "../../engine/types.ts";
import type { Part } from "../parallel/assemble.ts";
import type { AutoMapResult, Mapping } from "../map/mapping.ts";
import type { QualityReport } from "../quality/quality.ts";
import type { RawSummary } from "../quality/raw-summary.ts";
import type { PartJob } from "../parallel/plan.ts";
import type { DateOrder, Delimiter, EncodingName, ParseProgress, RawTable } from "../types.ts";

/** A mapping applied in the worker: the table (buffers transferred) only when asked for. */
/**
 * A loaded table up to this many rows stays in the ingest worker after Confirm, so a change of
 * the mapping is applied at once (and previewed live: the mapping step previews tables this
 * size or smaller). A larger one becomes the mapped table (its arrays moved, not copied) and the
 * File is read again, with progress, when the mapping is changed.
 */
export const KEEP_RAW_ROWS = 200_000;

export interface MappedResult {
  table?: Table;
  problems: Problem[];
  quality?: QualityReport;
}

/** Options of a file load (everything optional: detected when not given). */
export interface IngestOptions {
  encoding?: EncodingName;
  delimiter?: Delimiter;
  dateOrder?: DateOrder | Record<string, DateOrder>;
  /** file name for messages (default: the File's name) */
  name?: string;
  /** bytes; a file needing more is refused before reading */
  memoryBudget?: number;
  /** physical line of the header (1-based); default: detected (ParseOptions.headerRow) */
  headerRow?: number;
}

/** The ingest worker's API (Comlink). Column buffers of the result are transferred, not copied. */
export interface IngestApi extends PartReader {
  /**
   * Streams `file` in chunks through the ingest core. `onProgress` (a Comlink proxy) is called
   * at least every 200 ms. Rejects with an AbortError when cancelled.
   */
  parseFile(
    file: Blob,
    opts: IngestOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<RawTable>;
  /**
   * Like parseFile, on all cores: this worker reads the first byte range and helper workers
   * (ingest-part.worker.ts, `navigator.hardwareConcurrency` in all, at most 4) the others; the
   * parts are merged here, not on the page. Falls back to one reader for small files, files
   * with quoted newlines, or when a helper cannot start.
   */
  parseFileParallel(
    file: Blob,
    opts: IngestOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<RawTable>;
  /** Cancels the load in progress (its memory is released). */
  cancel(): void;
  /**
   * Where the parallel load's helper workers start from. A worker started from a blob: URL (as
   * the app starts this one) cannot resolve the helper's bundled relative URL, and silently read
   * every file on one thread; the page passes the helper script's own (blob:) URL here.
   * `shared` (default: `canShare()`, i.e. cross-origin isolated, or Node): the parallel read
   * writes into one SharedArrayBuffer and the mapped table stays in shared memory, so the page
   * and the evaluation workers get views of it (false: parts and tables are transferred and
   * slices copied, as without isolation; tests use it to check both paths).
   * `warm` (a worker started before a file is chosen): probes a small synthetic extract's head
   * (src/ingest/browser/warm.ts: the first load's serial step then runs on compiled code) and, with a
   * `partWorkerUrl`, starts the first load's helper now (its script loads meanwhile); resolves
   * when this worker is warm.
   * `keepRows` (default `KEEP_RAW_ROWS`): the largest table kept after Confirm (see
   * `KEEP_RAW_ROWS`).
   */
  configure(opts: {
    partWorkerUrl?: string;
    shared?: boolean;
    warm?: boolean;
    keepRows?: number;
  }): Promise<void>;
  /**
   * Like parseFileParallel, but the table stays in this worker (for autoMap / applyMapping) and
   * only its summary (no row data) goes to the page. Replaces any table loaded before.
   */
  loadFile(
    file: Blob,
    opts: IngestOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<RawSummary>;
  /** Auto-maps the loaded table to `protocol`'s variables (rejects when nothing is loaded). */
  autoMap(protocol: Protocol): Promise<AutoMapResult>;
  /**
   * Applies `mapping` to the loaded table. With `withTable` false only problems and quality
   * come back (a preview; the result is kept so that the same mapping with `withTable` true
   * does not redo the work); with true the mapped table's buffers are transferred.
   * `ports` (with `withTable`): the table is also cut into `ports.length` row slices
   * (`splitRows` order, copies made in this worker, the id column left out) and each posted on
   * its port as a `SliceMessage` for an evaluation worker (`EvalWorkerApi.loadFrom`); on a
   * failure each port gets `{ error }`. `onProgress` hears what is being done (at most every
   * 50 ms while the variables are converted: "mapping 40 of 132 variables", then each later step).
   */
  applyMapping(
    protocol: Protocol,
    mapping: Mapping,
    withTable: boolean,
    ports?: MessagePort[],
    onProgress?: (step: string) => void,
  ): Promise<MappedResult>;
  /**
   * The synthetic registry extract (seeded, wide) as CSV, generated here, not on the page;
   * `cancel()` stops it (rejects with an AbortError).
   */
  demoCsv(rows: number, onProgress?: (rowsDone: number) => void): Promise<Blob>;
  /** Drops the loaded table and any kept mapping result. */
  release(): void;
}

/**
 * Reads one byte range of a file for a parallel load (src/ingest/browser/blob-parallel.ts): the
 * ingest worker and each of its helpers; the part's column buffers are transferred.
 */
export interface PartReader {
  parsePart(
    file: Blob,
    job: PartJob,
    opts: IngestOptions,
    onProgress?: (bytes: number, rows: number) => void,
  ): Promise<Part>;
}

/** The parallel load's helper worker (workers/ingest-part.worker.ts, `IngestPartService`). */
export interface IngestPartApi extends PartReader {
  /** Reads a small synthetic extract as a part (src/ingest/browser/warm.ts); resolves with its rows. */
  warm(shared: boolean): Promise<number>;
}
