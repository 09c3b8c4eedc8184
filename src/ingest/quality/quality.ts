/**
 * Data-quality report: plain JSON, per mapped variable (and unmapped raw columns), built from
 * the reader's counters plus what mapping found (range, units, categories, duplicate ids).
 */
import type { ColumnKind } from "../../engine/types.ts";
import type { ColumnStats, RawColumn, RawTable, ReadStructure } from "../types.ts";
import type { NotUnderstood, ValueTable } from "../map/value-map.ts";

/** Where a mapped number column's unit came from. */
export type UnitSource = "mapping" | "header" | "unit column" | "default";

/** An example value with its 1-based data row (line = row + 1 when no cell spans lines). */
export interface RowExample {
  row: number;
  value: string;
}

/** A column's counters as the reader kept them (ColumnStats; its min and max are not reported). */
export interface ColumnQuality extends Omit<ColumnStats, "min" | "max"> {
  column: string;
  /** protocol variable the column is mapped to, null when not mapped */
  variable: string | null;
  /** type found in the file */
  type: ColumnKind;
  /** type after mapping (the variable's type) */
  mappedType?: ColumnKind;
  /** values outside the variable's plausible range (canonical unit) */
  outOfRange: { count: number; range?: [number, number]; examples: RowExample[] };
  /** unit conversions applied: source unit -> rows converted (x * factor + offset; offset: °F, K) */
  conversions: { from: string; to: string; factor: number; offset?: number; rows: number }[];
  /** values that could not be converted (unknown or incompatible unit in a unit column) */
  unconvertible: { count: number; examples: RowExample[] };
  /** category values not among the variable's allowed values (set missing) */
  unknownCategories: { count: number; examples: string[] };
  /** notes such as an inferred unit or a chosen date order */
  notes: string[];
  /**
   * cells that held text and are missing after mapping (a word, a code or a unit the variable
   * does not read), by value; mapped columns only
   */
  notUnderstood?: NotUnderstood;
  /** the unit the values were read in and where it came from (number variables with a unit) */
  unit?: { unit: string; source: UnitSource };
  /** the recoding table of a category or boolean variable (ApplyOptions.valueTables) */
  values?: ValueTable;
  /** a unit in which the values would be plausible, when they are not in the one used */
  unitSuggestion?: { unit: string; median: number };
}

/** How the file's lines were read: lines against rows, and the reader's warnings with lines. */
export interface FileQuality {
  structure?: ReadStructure;
  notes: string[];
  warnings: { line?: number; message: string }[];
}

export interface QualityReport {
  rows: number;
  /** the file's structure (titles, footers, blank lines, joined or split rows) */
  file?: FileQuality;
  columns: ColumnQuality[];
  duplicateIds: { count: number; examples: string[] };
  /** protocol variables with no column */
  unmapped: string[];
  /** not-understood cells over all mapped columns, and the columns that have some */
  notUnderstood: { values: number; columns: number };
}

/** Quality entry for a raw column from its reader counters (mapping fills in the rest). */
export function columnQuality(raw: RawColumn, variable: string | null): ColumnQuality {
  const s = raw.stats;
  return {
    column: raw.name,
    variable,
    type: raw.storage.kind,
    present: s.present,
    missing: s.missing,
    missingTokens: { ...s.missingTokens },
    unparseable: s.unparseable,
    unparseableExamples: s.unparseableExamples.slice(),
    censored: s.censored,
    padded: s.padded,
    outOfRange: { count: 0, examples: [] },
    conversions: [],
    unconvertible: { count: 0, examples: [] },
    unknownCategories: { count: 0, examples: [] },
    notes: raw.dateAmbiguity
      ? [`${raw.dateAmbiguity.ambiguous} date(s) read either DD/MM or MM/DD`]
      : [],
  };
}

/** Adds an example to a bounded list. */
export function addExample<T>(list: T[], item: T, max = 5): void {
  if (list.length < max) list.push(item);
}

/** The reader's account of the file for the quality report (plain JSON). */
export function fileQuality(raw: RawTable): FileQuality {
  return {
    structure: raw.structure ? { ...raw.structure } : undefined,
    notes: raw.dialect.notes.slice(),
    warnings: raw.problems
      .filter((p) => p.severity === "warning" && p.line !== undefined && !p.where.includes(": "))
      .map((p) => ({ line: p.line, message: p.message })),
  };
}
