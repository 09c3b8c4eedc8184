/**
 * The mapping step's view model: one row per variable (the patient id first) with the chosen
 * source column, the auto-mapper's confidence, the source unit and the date order. Saved and
 * loaded in the ingest's Mapping JSON format, so the command line reads the same file.
 */
import type { Protocol } from "../engine/protocol/types.ts";
import { type AutoMapResult, type ColumnMapping, type Mapping } from "../ingest/map/mapping.ts";
import type { DateOrder } from "../ingest/types.ts";
import type { RawSummary } from "../ingest/quality/raw-summary.ts";
import { own } from "../engine/user-keys.ts";

export interface MappingChoice {
  variable: string;
  /** raw column header, or null when unmapped */
  column: string | null;
  /** 0..1 from the auto-mapper; 1 for a user's choice */
  confidence: number;
  /** why the auto-mapper chose it */
  reason?: string;
  /** unit of the source values (converted to the variable's unit) */
  unit?: string;
  /** CSV column giving each row's unit (from the auto-mapper) */
  unitColumn?: string;
  dateOrder?: DateOrder;
  trueValues?: string[];
  falseValues?: string[];
  /** the analyst's recoding: a text of the column -> an allowed value, yes/no, or null */
  values?: Record<string, string | null>;
}

export interface QualityRow {
  column: string;
  variable: string | null;
  present: number;
  missing: number;
  unparseable: number;
  censored: number;
  examples: { line: number; value: string }[];
  note?: string;
}

/** Variables in mapping order: the id variable, then the protocol's variables. */
export function mappingVariables(protocol: Protocol): string[] {
  const id = protocol.idVariable ?? "patient_id";
  return [id, ...protocol.variables.map((v) => v.name).filter((n) => n !== id)];
}

export function choicesFromAuto(protocol: Protocol, auto: AutoMapResult): MappingChoice[] {
  return mappingVariables(protocol).map((variable) => {
    // (own keys only: a variable may be named "constructor")
    const m = Object.hasOwn(auto.mapping.columns, variable)
      ? own(auto.mapping.columns, variable)
      : undefined;
    const info = auto.matches.find((x) => x.variable === variable);
    return m
      ? {
          variable,
          ...m,
          confidence: info?.confidence ?? 1,
          ...(info ? { reason: info.reason } : {}),
        }
      : { variable, column: null, confidence: 0 };
  });
}

export function toMapping(protocolId: string, choices: readonly MappingChoice[]): Mapping {
  // prototype-less: a variable named "__proto__" is a key like any other
  const columns = Object.create(null) as Record<string, ColumnMapping>;
  for (const c of choices) {
    if (!c.column) continue;
    const m: ColumnMapping = { column: c.column };
    if (c.unit) m.unit = c.unit;
    if (c.unitColumn) m.unitColumn = c.unitColumn;
    if (c.dateOrder) m.dateOrder = c.dateOrder;
    if (c.trueValues) m.trueValues = c.trueValues;
    if (c.falseValues) m.falseValues = c.falseValues;
    // (a plain copy: the page's state is a proxy, which cannot be posted to the worker)
    if (c.values && Object.keys(c.values).length > 0) m.values = { ...c.values };
    columns[c.variable] = m;
  }
  return { version: 1, protocol: protocolId, columns };
}

/** Per-column quality from the reader's counters; mapped columns first. */
export function qualityRows(raw: RawSummary, choices: readonly MappingChoice[]): QualityRow[] {
  const byColumn = new Map(choices.filter((c) => c.column).map((c) => [c.column!, c.variable]));
  const rows = raw.columns.map((c) => ({
    column: c.name,
    variable: byColumn.get(c.name) ?? null,
    present: c.stats.present,
    missing: c.stats.missing,
    unparseable: c.stats.unparseable,
    censored: c.stats.censored,
    examples: c.stats.unparseableExamples.slice(0, 5),
    ...(c.dateAmbiguity
      ? { note: `${c.dateAmbiguity.ambiguous} slash dates read either way: choose day/month order` }
      : {}),
  }));
  return rows.sort(
    (a, b) =>
      Number(b.variable !== null) - Number(a.variable !== null) || b.unparseable - a.unparseable,
  );
}

export function mappingToJson(protocol: Protocol, choices: readonly MappingChoice[]): string {
  return JSON.stringify(toMapping(protocol.id, choices), null, 2);
}

/** The mapping step's header sentence for cells not understood (number agreement throughout). */
export function notUnderstoodText(values: number, columns: number): string {
  const one = values === 1;
  return (
    `${values.toLocaleString("en-US")} ${one ? "value" : "values"} in ${columns} mapped ` +
    `${columns === 1 ? "column" : "columns"} ${one ? "was" : "were"} not understood: ` +
    `${one ? "it is" : "they are"} read as missing. Recode ${one ? "it" : "them"} below or fix the file.`
  );
}
