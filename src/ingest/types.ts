/**
 * Ingest output types: a raw table of typed columns as read from a CSV, before mapping to
 * protocol variables. Plain data over typed arrays (transferable, JSON-able apart from buffers).
 */
import type { Column } from "../engine/types.ts";
import type { Problem } from "../engine/protocol/types.ts";
import type { RowLines } from "./read/lines.ts";

export type Delimiter = "," | ";" | "\t" | "|";
export type DateOrder = "dmy" | "mdy";
export type EncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface Dialect {
  delimiter: Delimiter;
  encoding: EncodingName;
  /** numbers may use a decimal comma (only when the delimiter is not a comma) */
  decimalComma: boolean;
  newline: "\n" | "\r\n" | "\r";
  /** visible notes for the user, e.g. "decoded as Windows-1252 (not valid UTF-8)" */
  notes: string[];
}

/** One example of a value that did not fit its column's type. */
export interface CellExample {
  /** 1-based physical line in the file where the row starts */
  line: number;
  value: string;
}

/** Per-column counters collected while reading. */
export interface ColumnStats {
  /** non-missing values stored */
  present: number;
  /** blank or null-token cells (NA, N/A, null, -, ., pending ...) */
  missing: number;
  /** null tokens seen, with counts (blank cells under "") */
  missingTokens: Record<string, number>;
  /** values that did not fit the column's type (stored as missing, kept in `rejects`) */
  unparseable: number;
  /** first examples of unparseable values */
  unparseableExamples: CellExample[];
  /** censored numbers (`<0.5`, `>3`) kept as interval bounds */
  censored: number;
  /** cells missing because the row was short */
  padded: number;
  /** min and max of numbers / dates seen (NaN when none) */
  min: number;
  max: number;
}

export interface RawColumn {
  /** header text (after renaming blank/duplicate headers) */
  name: string;
  /** 0-based position in the file */
  index: number;
  storage: Column;
  stats: ColumnStats;
  /**
   * Every unparseable cell, so nothing is lost: row indices (0-based data rows) and raw text.
   * Capped at REJECT_CAP entries per column; beyond that only counted.
   */
  rejects: { rows: number[]; texts: string[] };
  /**
   * Slash dates whose day/month order could not be told from the column's values
   * (every value has both parts <= 12). Both readings are kept; `storage.days` holds only the
   * values that read the same either way (others missing) until a `dateOrder` is chosen.
   */
  dateAmbiguity?: { ambiguous: number; dmy: Float32Array; mdy: Float32Array };
  /** date order used for slash dates in this column, when decided */
  dateOrder?: DateOrder;
  /** slash dates that decided the order by themselves (first part > 12: dmy; second: mdy) */
  dateEvidence?: { dmy: number; mdy: number };
  /**
   * Category columns: the rows whose cell was `-` (missing, counted as the null token "-"),
   * ascending; absent when none. A `+`/`-` column mapped to a yes/no variable reads them as no.
   */
  dashes?: Int32Array;
}

/** How the file's lines were read: every line is one of these. */
export interface ReadStructure {
  /** physical lines in the file */
  lines: number;
  /** line of the header (0: none) */
  headerLine: number;
  /** title or note lines above the header (not data) */
  prefaces: number;
  /** blank lines above the header */
  blankBefore: number;
  /** blank lines below the header (skipped) */
  blank: number;
  /** short rows after the data that look like totals or notes (not read) */
  footers: number;
  /** line breaks inside quoted cells (lines joined into the row before them) */
  joinedLines: number;
}

export interface RawTable {
  nRows: number;
  /** how the file's lines were read (absent for a file that could not be read) */
  structure?: ReadStructure;
  header: string[];
  columns: RawColumn[];
  dialect: Dialect;
  problems: Problem[];
  /** bytes read (raw, before decoding) */
  bytes: number;
  /** each data row's physical line (`lineOfRow`; absent: row + 2) */
  rowLines?: RowLines;
}

export interface ParseProgress {
  bytes: number;
  rows: number;
  totalBytes?: number;
}

export interface ParseOptions {
  onProgress?(p: ParseProgress): void;
  signal?: AbortSignal;
  /** force an encoding instead of detecting it */
  encoding?: EncodingName;
  /** force a delimiter instead of sniffing it */
  delimiter?: Delimiter;
  /** day/month order of slash dates, per column name, or one order for all columns */
  dateOrder?: DateOrder | Record<string, DateOrder>;
  /** total size when known (for progress and the memory check) */
  totalBytes?: number;
  /** memory budget in bytes; a file needing more is refused before reading (see budget.ts) */
  memoryBudget?: number;
  /** file name for problem messages */
  name?: string;
  /**
   * Read quote-free chunks with the fast path (default true); false sends every chunk through
   * PapaParse (tests compare the two).
   */
  fastPath?: boolean;
  /**
   * Physical line of the header row (1-based); lines above it are titles or notes. Default:
   * found from the first records (the first with the table's usual number of cells).
   */
  headerRow?: number;
  /** characters of text parsed at a time (default 64 KiB; tests use small chunks) */
  textChunk?: number;
}

export const REJECT_CAP = 100_000;
export const EXAMPLES = 5;
