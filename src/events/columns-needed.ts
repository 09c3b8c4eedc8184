/** The CDM columns derivation reads from each table: the rest are dropped once read. */
import { EVENT_COLUMNS, REQUIRED_COLUMNS, type OmopTable } from "./tables.ts";
import type { RawTable } from "../ingest/types.ts";
import type { Column } from "../engine/types.ts";

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

/**
 * The table with only the columns derivation reads, each in a buffer of its own size: a table
 * read on every core has all its columns in one shared buffer sized for an estimate of the rows
 * (about a quarter more), which a kept column's view would hold alive, dropped columns included.
 */
export function keepNeeded(table: OmopTable, raw: RawTable): RawTable {
  const keep = columnsNeeded(table);
  const columns = raw.columns
    .filter((c) => keep.has(c.name.trim().toLowerCase()))
    .map((c) => ({ ...c, storage: ownBuffers(c.storage) }));
  return { ...raw, columns, header: columns.map((c) => c.name) };
}

/** A copy of a view that does not fill its buffer (`slice` copies into a buffer of its size). */
function own<
  T extends Float64Array | Float32Array | Uint8Array | Int8Array | Int16Array | Int32Array,
>(a: T): T {
  return a.byteLength < a.buffer.byteLength ? (a.slice() as T) : a;
}

function ownBuffers(s: Column): Column {
  switch (s.kind) {
    case "number": {
      const lo = own(s.lo);
      return { ...s, lo, hi: s.hi === s.lo ? lo : own(s.hi) };
    }
    case "date":
      return { ...s, days: own(s.days) };
    case "boolean":
      return { ...s, values: own(s.values) };
    case "category":
      return { ...s, codes: own(s.codes) };
  }
}
