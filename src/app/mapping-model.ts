/**
 * The mapping step's view model: one row per protocol variable with the chosen source column,
 * the auto-mapper's confidence, the source unit and the date order. Saved/loaded as JSON.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { DateOrder, RawTable } from "../ingest/types.ts";

export interface MappingChoice {
  variable: string;
  /** raw column header, or null when unmapped */
  column: string | null;
  /** 0..1 from the auto-mapper; 1 for a user's choice */
  confidence: number;
  /** unit of the source values (converted to the variable's unit), when the variable is numeric */
  unit?: string;
  dateOrder?: DateOrder;
}

export interface MappingFile {
  kind: "cohort-prescreener/mapping";
  version: 1;
  protocol: string;
  choices: MappingChoice[];
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

/** Per-column quality, from the raw reader's counters; mapped columns first. */
export function qualityRows(raw: RawTable, choices: readonly MappingChoice[]): QualityRow[] {
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
  const file: MappingFile = {
    kind: "cohort-prescreener/mapping",
    version: 1,
    protocol: protocol.id,
    choices: [...choices],
  };
  return JSON.stringify(file, null, 2);
}

/** Reads a saved mapping onto the current choices; unknown variables/columns become problems. */
export function mappingFromJson(
  text: string,
  current: readonly MappingChoice[],
  headers: readonly string[],
  where = "mapping file",
): { choices: MappingChoice[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      choices: [...current],
      problems: [{ where, message: `not JSON: ${(e as Error).message}`, severity: "error" }],
    };
  }
  const f = data as Partial<MappingFile>;
  if (!f || f.kind !== "cohort-prescreener/mapping" || !Array.isArray(f.choices))
    return {
      choices: [...current],
      problems: [
        {
          where,
          message: `not a saved mapping (expected "kind": "cohort-prescreener/mapping")`,
          severity: "error",
        },
      ],
    };
  const next = current.map((c) => ({ ...c }));
  f.choices.forEach((c, i) => {
    const target = next.find((x) => x.variable === c?.variable);
    if (!target) {
      problems.push({
        where: `${where}: /choices/${i}`,
        message: `unknown variable "${String(c?.variable)}"`,
        severity: "warning",
      });
      return;
    }
    if (c.column !== null && !headers.includes(c.column)) {
      problems.push({
        where: `${where}: /choices/${i}`,
        message: `column "${c.column}" is not in this file`,
        severity: "warning",
      });
      return;
    }
    target.column = c.column;
    target.confidence = 1;
    if (c.unit) target.unit = c.unit;
    if (c.dateOrder) target.dateOrder = c.dateOrder;
  });
  return { choices: next, problems };
}
