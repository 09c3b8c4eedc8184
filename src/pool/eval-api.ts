/**
 * Message and API types between the page and the evaluation workers (types only: no runtime code).
 * A worker holds one contiguous row slice of the table; row numbers it sees are slice-local.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table, Truth } from "../engine/types.ts";
import type { CriterionMeta, ResultStep } from "../engine/results/index.ts";
import type { PackedVerdicts, StatusCounts } from "../engine/results/types.ts";
import type { PackedResultSet } from "./result-transfer.ts";

export type ParamValue = number | string | boolean;
export type Overrides = Record<string, ParamValue>;

/** What the page needs to know about each compiled criterion (for what-if invalidation). */
export interface CriterionInfo {
  id: string;
  kind: "inclusion" | "exclusion";
  siteAssessed: boolean;
  variables: string[];
  parameters: string[];
}

/** A new raw value for one cell (cell edit), in the column's storage form. */
export type CellValue =
  | { kind: "number"; lo: number; hi: number }
  | { kind: "date"; days: number }
  | { kind: "boolean"; value: Truth }
  /**
   * `code`: the sender's code for `value` (its dictionary may have grown by edits in other
   * slices); the worker stores that code and learns the value at that index, so that a table in
   * shared memory holds the same code whichever side writes it
   */
  | { kind: "category"; value: string | null; code?: number };

export interface LoadResult {
  ok: boolean;
  problems: Problem[];
  criteria: CriterionInfo[];
}

export interface EvalResult {
  /** one verdict array per requested criterion, for the requested rows (buffers transferred) */
  verdicts: Uint8Array[];
  problems: Problem[];
}

/**
 * Where `evaluateInto` also packs a chunk's verdicts: per criterion, views of its FAIL and
 * UNDECIDED bitsets from the chunk's first word (the chunk starts on a word: row % 32 === 0).
 */
export interface ChunkBits {
  fail: Uint32Array[];
  und: Uint32Array[];
}

/** What a slice's sender posts on the port given to `loadFrom` (buffers transferred). */
export type SliceMessage = { table: Table } | { error: string };

/** The evaluation worker's API (Comlink). */
export interface EvalWorkerApi {
  /** Takes ownership of a row slice (its buffers are transferred in) and compiles the protocol. */
  load(protocol: Protocol, slice: Table, overrides: Overrides): Promise<LoadResult>;
  /**
   * Like `load`, with the slice arriving on `port` (one `SliceMessage`) from whoever holds the
   * table (the ingest worker), so that its buffers never pass through the page.
   */
  loadFrom(protocol: Protocol, port: MessagePort, overrides: Overrides): Promise<LoadResult>;
  /**
   * Verdicts of `criteria` (all when omitted) over slice rows [start, end), with these parameter
   * overrides; only criteria reading a changed parameter are recompiled (`recompileForParams`).
   */
  evaluate(
    overrides: Overrides,
    criteria?: number[],
    start?: number,
    end?: number,
  ): Promise<EvalResult>;
  /**
   * Like `evaluate`, writing the verdicts into `out` (one array per criterion, each of length
   * `end - start`: views of the caller's SharedArrayBuffer, so nothing is sent back but the
   * problems and how many criteria were written). With `bits`, the verdicts are also packed
   * there (kernels.ts `packVerdicts`), and each criterion's SITE count over the chunk returned.
   */
  evaluateInto(
    overrides: Overrides,
    criteria: number[] | undefined,
    start: number,
    end: number,
    out: Uint8Array[],
    bits?: ChunkBits,
  ): Promise<{ problems: Problem[]; count: number; site?: number[] }>;
  /**
   * Builds the ResultSet of these verdicts (whole table, not this worker's slice) and returns
   * it packed for transfer (src/pool/result-transfer.ts): a long loop kept off the page.
   * `packed`: the verdicts' bitsets, packed by the workers that wrote them.
   */
  results(
    meta: CriterionMeta[],
    nRows: number,
    verdicts: Uint8Array[],
    onStep?: (step: ResultStep) => void,
    packed?: PackedVerdicts,
  ): Promise<PackedResultSet>;
  /**
   * Warms this worker's code before its first load (src/pool/warm-eval.ts): evaluates `protocol`
   * over a small synthetic table as a load would, then forgets it. Resolves with the warm-up's
   * counts (null: not done, the worker already holds a table or the protocol does not compile).
   */
  warm(protocol: Protocol): Promise<StatusCounts | null>;
  /** Replace one row's raw values (slice-local row). Returns problems (unknown column, bad row). */
  setRow(row: number, values: Record<string, CellValue>): Promise<Problem[]>;
}
