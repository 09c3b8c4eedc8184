/**
 * One event table prepared for derivation: per row the patient's position in PERSON, the
 * event day, its concepts, and a test "does this row belong to a concept set".
 */
import type { RawColumn, RawTable } from "../ingest/types.ts";
import { columnOf, dayReader, numberReader, textReader } from "./cells.ts";
import { codeTest, prefixKey, type Matcher } from "./concept-sets.ts";
import type { EventTable } from "./profile.ts";
import { EVENT_COLUMNS } from "./tables.ts";

export interface PreparedEvents {
  table: EventTable;
  raw: RawTable;
  nRows: number;
  /** row in PERSON of each event, -1 when its person_id is not in PERSON */
  person: Int32Array;
  day: Float64Array;
  /** the table's own id (measurement_id ...) for tie-breaks, else the row number */
  id: Float64Array;
  concept: Float64Array;
  sourceConcept: Float64Array;
  source: RawColumn | undefined;
}

export function prepareEvents(
  table: EventTable,
  raw: RawTable,
  personIndex: Map<number, number>,
): PreparedEvents {
  const cols = EVENT_COLUMNS[table];
  const n = raw.nRows;
  const pid = numberReader(columnOf(raw, "person_id"));
  const day = dayReader(columnOf(raw, cols.date));
  const idCol = columnOf(raw, `${table}_id`);
  const id = numberReader(idCol);
  const concept = numberReader(columnOf(raw, cols.concept));
  const sourceConcept = numberReader(
    cols.sourceConcept ? columnOf(raw, cols.sourceConcept) : undefined,
  );
  const out: PreparedEvents = {
    table,
    raw,
    nRows: n,
    person: new Int32Array(n),
    day: new Float64Array(n),
    id: new Float64Array(n),
    concept: new Float64Array(n),
    sourceConcept: new Float64Array(n),
    source: cols.sourceValue ? columnOf(raw, cols.sourceValue) : undefined,
  };
  for (let r = 0; r < n; r++) {
    out.person[r] = personIndex.get(pid(r)) ?? -1;
    out.day[r] = day(r);
    out.id[r] = idCol ? id(r) : r;
    out.concept[r] = concept(r);
    out.sourceConcept[r] = sourceConcept(r);
  }
  return out;
}

/** Row -> whether the column's text (trimmed, upper case) is one of the set's codes or starts with a prefix of it. */
export function textIn(c: RawColumn | undefined, m: Matcher): (row: number) => boolean {
  const codes = m.codes;
  if (!c || (codes.size === 0 && !m.prefixes?.length)) return () => false;
  const test = codeTest(m);
  const s = c.storage;
  if (s.kind === "category") {
    const hit = Uint8Array.from(s.dict, (d) => (test(d.trim().toUpperCase()) ? 1 : 0));
    return (r) => s.codes[r]! >= 0 && hit[s.codes[r]!] === 1;
  }
  const text = textReader(c);
  if (m.prefixes?.length) return (r) => test(text(r).toUpperCase());
  if (s.kind === "number") {
    const nums = new Set<number>();
    for (const k of codes) if (/^-?\d+(\.\d+)?$/.test(k)) nums.add(Number(k));
    return (r) => {
      const v = s.lo[r]!;
      return v === v ? nums.has(v) : codes.has(text(r).toUpperCase());
    };
  }
  return (r) => codes.has(text(r).toUpperCase());
}

/**
 * Rows by standard or source concept id and by source value, built once per table, so each
 * concept set finds its rows without a pass over the table (131 sets over millions of rows).
 */
interface EventIndex {
  byConcept: Map<number, number[]>;
  /** upper-case source value -> rows (null when the source column has no dictionary to index) */
  bySource: Map<string, number[]> | null;
}
const INDEX = new WeakMap<PreparedEvents, EventIndex>();

function push<K>(m: Map<K, number[]>, k: K, r: number): void {
  const list = m.get(k);
  if (list) list.push(r);
  else m.set(k, [r]);
}

function indexOf(ev: PreparedEvents): EventIndex {
  let ix = INDEX.get(ev);
  if (ix) return ix;
  const byConcept = new Map<number, number[]>();
  for (let r = 0; r < ev.nRows; r++) {
    if (ev.person[r]! < 0) continue;
    const c = ev.concept[r]!;
    if (c === c && c !== 0) push(byConcept, c, r);
    const s = ev.sourceConcept[r]!;
    if (s === s && s !== 0 && s !== c) push(byConcept, s, r);
  }
  let bySource: Map<string, number[]> | null = null;
  const col = ev.source?.storage;
  if (col?.kind === "category" || col?.kind === "number") {
    bySource = new Map();
    const text = textReader(ev.source);
    if (col.kind === "category") {
      const keys = col.dict.map((d) => d.trim().toUpperCase());
      for (let r = 0; r < ev.nRows; r++) {
        const k = col.codes[r]!;
        if (k >= 0 && ev.person[r]! >= 0) push(bySource, keys[k]!, r);
      }
    } else
      for (let r = 0; r < ev.nRows; r++) {
        if (ev.person[r]! < 0) continue;
        const t = text(r);
        if (t !== "") push(bySource, t.toUpperCase(), r);
      }
  }
  ix = { byConcept, bySource };
  INDEX.set(ev, ix);
  return ix;
}

/** Rows of the events that match a concept set (standard id, source id or source value), in order. */
export function matchRows(ev: PreparedEvents, m: Matcher): Int32Array {
  const ix = indexOf(ev);
  const hit = new Set<number>();
  for (const id of m.ids) for (const r of ix.byConcept.get(id) ?? []) hit.add(r);
  if (ix.bySource) {
    for (const code of m.codes) {
      for (const r of ix.bySource.get(code) ?? []) hit.add(r);
      // a code of digits read as a number column comes back as its shortest decimal
      if (/^-?\d+\.\d*0$|^0\d/.test(code))
        for (const r of ix.bySource.get(String(Number(code))) ?? []) hit.add(r);
    }
    const prefixes = m.prefixes ?? [];
    if (prefixes.length)
      for (const [code, rows] of ix.bySource) {
        const k = prefixKey(code);
        if (prefixes.some((p) => k.startsWith(p))) for (const r of rows) hit.add(r);
      }
  } else {
    const bySource = textIn(ev.source, m);
    for (let r = 0; r < ev.nRows; r++) if (ev.person[r]! >= 0 && bySource(r)) hit.add(r);
  }
  return Int32Array.from(hit).sort();
}

/** Row -> whether the event's value (value_as_concept_id, value_source_value, value_as_string) is in the set. */
export function valueIn(ev: PreparedEvents, m: Matcher): (row: number) => boolean {
  const cols = EVENT_COLUMNS[ev.table];
  const vc = numberReader(cols.valueConcept ? columnOf(ev.raw, cols.valueConcept) : undefined);
  const vs = textIn(cols.valueSource ? columnOf(ev.raw, cols.valueSource) : undefined, m);
  const vt = textIn(cols.valueString ? columnOf(ev.raw, cols.valueString) : undefined, m);
  return (r) => m.ids.has(vc(r)) || vs(r) || vt(r);
}
