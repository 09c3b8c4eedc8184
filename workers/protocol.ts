/**
 * Message and API types between the page and the workers (types only: no runtime code).
 * Other workers add their APIs here.
 */
import type { Part } from "../src/ingest/assemble";
import type { PartJob } from "../src/ingest/parallel";
import type {
  DateOrder,
  Delimiter,
  EncodingName,
  ParseProgress,
  RawTable,
} from "../src/ingest/types";

/** Options of a file load (everything optional: detected when not given). */
export interface IngestOptions {
  encoding?: EncodingName;
  delimiter?: Delimiter;
  dateOrder?: DateOrder | Record<string, DateOrder>;
  /** file name for messages (default: the File's name) */
  name?: string;
  /** bytes; a file needing more is refused before reading */
  memoryBudget?: number;
}

/** The ingest worker's API (Comlink). Column buffers of the result are transferred, not copied. */
export interface IngestApi {
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
   * Reads one byte range of `file` for a parallel load (see src/ingest/blob-parallel.ts);
   * the part's column buffers are transferred.
   */
  parsePart(
    file: Blob,
    job: PartJob,
    opts: IngestOptions,
    onProgress?: (bytes: number, rows: number) => void,
  ): Promise<Part>;
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
}

/** The parallel load's helper worker (workers/ingest-part.worker.ts). */
export interface IngestPartApi {
  parsePart(
    file: Blob,
    job: PartJob,
    opts: IngestOptions,
    onProgress?: (bytes: number, rows: number) => void,
  ): Promise<Part>;
}
