/**
 * What the page keeps of a loaded file: everything but the row data (small, JSON-able), while
 * the typed columns stay in the ingest worker. The mapping step's column picker and quality
 * panel read it.
 */
import type { Problem } from "../../engine/protocol/types.ts";
import { formatStored } from "../../engine/stored-text.ts";
import { rowArray } from "../../engine/types.ts";
import type { Dialect, RawColumn, RawTable, ReadStructure } from "../types.ts";

/**
 * What the page keeps of a loaded file (the typed columns stay in the ingest worker):
 * header, dialect, problems and per-column reader counters, no row data.
 */
export interface RawColumnSummary {
  name: string;
  index: number;
  kind: RawColumn["storage"]["kind"];
  stats: RawColumn["stats"];
  /** count of slash dates that read either way (the two readings stay in the worker) */
  dateAmbiguity?: { ambiguous: number };
  dateOrder?: RawColumn["dateOrder"];
  dateEvidence?: RawColumn["dateEvidence"];
  /** a few distinct values from the first rows, as read (the mapping step's column picker) */
  samples?: string[];
}

export interface RawSummary {
  nRows: number;
  header: string[];
  columns: RawColumnSummary[];
  dialect: Dialect;
  problems: Problem[];
  bytes: number;
  /** how the file's lines were read (titles, header line, footers, blank and joined lines) */
  structure?: ReadStructure;
}

/** What the page keeps of a raw table: everything but the row data (small, JSON-able). */
export function summarizeRaw(raw: RawTable): RawSummary {
  return {
    nRows: raw.nRows,
    header: raw.header,
    dialect: raw.dialect,
    problems: raw.problems,
    bytes: raw.bytes,
    ...(raw.structure ? { structure: { ...raw.structure } } : {}),
    columns: raw.columns.map((c) => ({
      name: c.name,
      index: c.index,
      kind: c.storage.kind,
      stats: c.stats,
      ...(c.dateAmbiguity ? { dateAmbiguity: { ambiguous: c.dateAmbiguity.ambiguous } } : {}),
      ...(c.dateOrder ? { dateOrder: c.dateOrder } : {}),
      ...(c.dateEvidence ? { dateEvidence: c.dateEvidence } : {}),
      samples: samples(c),
    })),
  };
}

const SAMPLES = 3;
/** rows looked at for samples: a column blank at the top shows none rather than scan it all */
const SAMPLE_ROWS = 1000;

/** A few distinct values from the first rows, as read; words the type rejected too (`pos.`). */
function samples(c: RawColumn): string[] {
  const out = new Set<string>();
  const n = Math.min(rowArray(c.storage).length, SAMPLE_ROWS);
  for (let i = 0; i < n && out.size < SAMPLES; i++) {
    const t = formatStored(c.storage, i);
    if (t !== "") out.add(t);
  }
  for (let k = 0; k < c.rejects.texts.length && out.size < SAMPLES; k++)
    out.add(c.rejects.texts[k]!);
  return [...out];
}
