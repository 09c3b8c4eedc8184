/** The CDM columns derivation reads from each table: the rest are dropped once read. */
import { EVENT_COLUMNS, REQUIRED_COLUMNS, type OmopTable } from "./tables.ts";
import type { RawTable } from "../ingest/types.ts";

const EXTRA: Partial<Record<OmopTable, readonly string[]>> = {
  person: [
    "person_source_value",
    "month_of_birth",
    "day_of_birth",
    "birth_datetime",
    "gender_source_value",
  ],
  concept: ["concept_name"],
};

export function columnsNeeded(table: OmopTable): Set<string> {
  const cols = new Set<string>(REQUIRED_COLUMNS[table]);
  for (const c of EXTRA[table] ?? []) cols.add(c);
  const ev = (
    EVENT_COLUMNS as unknown as Partial<Record<OmopTable, Record<string, string | undefined>>>
  )[table];
  if (ev) {
    cols.add(`${table}_id`);
    for (const c of Object.values(ev)) if (c) cols.add(c);
  }
  return cols;
}

/** The table with only the columns derivation reads (their buffers are freed with the rest). */
export function keepNeeded(table: OmopTable, raw: RawTable): RawTable {
  const keep = columnsNeeded(table);
  const columns = raw.columns.filter((c) => keep.has(c.name.trim().toLowerCase()));
  return { ...raw, columns, header: columns.map((c) => c.name) };
}
