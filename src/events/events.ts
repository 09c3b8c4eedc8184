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
  /** days since 1970 (Float32 is exact for them): the date column as read when it is one */
  day: Float32Array;
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
  const conceptCol = columnOf(raw, cols.concept);
  const concept = numberReader(conceptCol);
  const sourceConceptCol = cols.sourceConcept ? columnOf(raw, cols.sourceConcept) : undefined;
  const sourceConcept = numberReader(sourceConceptCol);
  // number columns as read are used as they are, not copied (8 bytes a row each: 0.3 GB at 20M
  // events); other types are read into arrays of their own
  const asRead = (c: RawColumn | undefined) => (c?.storage.kind === "number" ? c.storage.lo : null);
  const dateCol = columnOf(raw, cols.date)?.storage;
  const days = dateCol?.kind === "date" ? dateCol.days : null;
  const out: PreparedEvents = {
    table,
    raw,
    nRows: n,
    person: new Int32Array(n),
    day: days ?? new Float32Array(n),
    id: asRead(idCol) ?? new Float64Array(n),
    concept: asRead(conceptCol) ?? new Float64Array(n),
    sourceConcept: asRead(sourceConceptCol) ?? new Float64Array(n),
    source: cols.sourceValue ? columnOf(raw, cols.sourceValue) : undefined,
  };
  // person_id -> PERSON row through a typed lookup when the ids are small integers (the usual
  // case), not a Map lookup per event
  const lookup = denseIndex(personIndex);
  const pidCol = columnOf(raw, "person_id")?.storage;
  const pids = pidCol?.kind === "number" ? pidCol.lo : null;
  for (let r = 0; r < n; r++) {
    const id = pids ? pids[r]! : pid(r);
    out.person[r] =
      lookup && id >= 0 && id < lookup.length && id === Math.floor(id)
        ? lookup[id]!
        : (personIndex.get(id) ?? -1);
  }
  if (!days) fill(out.day, day, n);
  if (!asRead(idCol)) {
    if (idCol) fill(out.id, id, n);
    else for (let r = 0; r < n; r++) out.id[r] = r;
  }
  if (!asRead(conceptCol)) fill(out.concept, concept, n);
  if (!asRead(sourceConceptCol)) fill(out.sourceConcept, sourceConcept, n);
  return out;
}

/** person id -> row as an array indexed by id, when the ids are integers of modest size. */
function denseIndex(index: Map<number, number>): Int32Array | null {
  let max = -1;
  for (const id of index.keys()) {
    if (!(id >= 0 && id === Math.floor(id))) return null;
    if (id > max) max = id;
  }
  if (max > 4 * index.size + 1_000_000) return null;
  const a = new Int32Array(max + 1).fill(-1);
  for (const [id, r] of index) a[id] = r;
  return a;
}

function fill(to: Float64Array | Float32Array, read: (r: number) => number, n: number): void {
  for (let r = 0; r < n; r++) to[r] = read(r);
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
 * The events grouped by signature (their concept, source concept and source value together),
 * built once per table by one counting sort: each row is under exactly one signature, so a
 * concept set's events are the ranges of the signatures it matches, never one twice, and their
 * day, person and id are read in order from copies gathered in that order (131 sets over
 * millions of rows: no pass over the table, no random access per event).
 */
interface EventIndex {
  /** per signature: its concept, source concept (NaN: none) and source value key (-1: none) */
  sigConcept: number[];
  sigSourceConcept: number[];
  sigSource: number[];
  /** upper-case source values by key (null: the source column has no dictionary to index) */
  sourceTexts: string[] | null;
  /** events of signature s: positions start[s] .. start[s + 1] of the arrays below */
  start: Int32Array;
  rows: Int32Array;
  day: Float32Array;
  person: Int32Array;
  id: Float64Array;
}
const INDEX = new WeakMap<PreparedEvents, EventIndex>();

/** Events of a table, in an order of their own: row, day, person (PERSON row) and id of each. */
export interface MatchedEvents {
  rows: Int32Array;
  day: Float32Array;
  person: Int32Array;
  id: Float64Array;
}

function indexOf(ev: PreparedEvents): EventIndex {
  let ix = INDEX.get(ev);
  if (ix) return ix;
  const n = ev.nRows;
  // the source value of each row as a key (-1: none)
  const kv = new Int32Array(n).fill(-1);
  let sourceTexts: string[] | null = null;
  const col = ev.source?.storage;
  if (col?.kind === "category" || col?.kind === "number") {
    const keyOf = new Map<string, number>();
    const texts: string[] = [];
    const key = (t: string): number => {
      let k = keyOf.get(t);
      if (k === undefined) keyOf.set(t, (k = texts.push(t) - 1));
      return k;
    };
    if (col.kind === "category") {
      const dictKey = col.dict.map((d) => (d.trim() === "" ? -1 : key(d.trim().toUpperCase())));
      for (let r = 0; r < n; r++) {
        const k = col.codes[r]!;
        if (k >= 0) kv[r] = dictKey[k]!;
      }
    } else {
      const text = textReader(ev.source);
      for (let r = 0; r < n; r++) {
        const t = text(r);
        if (t !== "") kv[r] = key(t.toUpperCase());
      }
    }
    sourceTexts = texts;
  }
  // each row's signature: (concept, source concept, source value)
  const sigOf = new Map<number, number>();
  const sigConcept: number[] = [];
  const sigSourceConcept: number[] = [];
  const sigSource: number[] = [];
  const sig = new Int32Array(n).fill(-1);
  // concept ids -> small numbers, (concept, source concept) -> pair, (pair, source value) ->
  // signature: numeric map keys, no string per row
  const small = new Map<number, number>();
  const smallOf = (c: number): number => {
    let k = small.get(c);
    if (k === undefined) small.set(c, (k = small.size));
    return k;
  };
  const pairOf = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    if (ev.person[r]! < 0) continue;
    const c = ev.concept[r]!;
    const sc = ev.sourceConcept[r]!;
    const v = kv[r]!;
    const pk = smallOf(c) * 2 ** 26 + smallOf(sc);
    let pair = pairOf.get(pk);
    if (pair === undefined) pairOf.set(pk, (pair = pairOf.size));
    const k = pair * 2 ** 26 + (v + 1);
    let g = sigOf.get(k);
    if (g === undefined) {
      g = sigConcept.push(c) - 1;
      sigSourceConcept.push(sc);
      sigSource.push(v);
      sigOf.set(k, g);
    }
    sig[r] = g;
  }
  const sigs = sigConcept.length;
  const start = new Int32Array(sigs + 1);
  for (let r = 0; r < n; r++) if (sig[r]! >= 0) start[sig[r]! + 1]!++;
  for (let g = 0; g < sigs; g++) start[g + 1]! += start[g]!;
  const at = start.slice(0, sigs);
  const m = start[sigs]!;
  const rows = new Int32Array(m);
  const day = new Float32Array(m);
  const person = new Int32Array(m);
  const id = new Float64Array(m);
  for (let r = 0; r < n; r++) {
    const g = sig[r]!;
    if (g < 0) continue;
    const j = at[g]!++;
    rows[j] = r;
    day[j] = ev.day[r]!;
    person[j] = ev.person[r]!;
    id[j] = ev.id[r]!;
  }
  ix = { sigConcept, sigSourceConcept, sigSource, sourceTexts, start, rows, day, person, id };
  INDEX.set(ev, ix);
  return ix;
}

/**
 * Frees a table's signature index (built again if asked for): derivation drops it after the
 * table's last variable, so two large tables' indexes are not held at once.
 */
export function releaseIndex(ev: PreparedEvents): void {
  INDEX.delete(ev);
}

/** The events of a concept set (standard id, source id or source value). */
export function matchEvents(ev: PreparedEvents, m: Matcher): MatchedEvents {
  const ix = indexOf(ev);
  const texts = ix.sourceTexts;
  // which source values the set names (codes of digits read as a number column come back as
  // their shortest decimal)
  let textHit: Uint8Array | null = null;
  if (texts) {
    const codes = new Set<string>();
    for (const code of m.codes) {
      codes.add(code);
      if (/^-?\d+\.\d*0$|^0\d/.test(code)) codes.add(String(Number(code)));
    }
    const prefixes = m.prefixes ?? [];
    textHit = Uint8Array.from(texts, (t) =>
      codes.has(t) || (prefixes.length > 0 && prefixes.some((x) => prefixKey(t).startsWith(x)))
        ? 1
        : 0,
    );
  }
  const picked: number[] = [];
  for (let g = 0; g < ix.sigConcept.length; g++) {
    const c = ix.sigConcept[g]!;
    const sc = ix.sigSourceConcept[g]!;
    const v = ix.sigSource[g]!;
    if (
      (c === c && c !== 0 && m.ids.has(c)) ||
      (sc === sc && sc !== 0 && m.ids.has(sc)) ||
      (textHit !== null && v >= 0 && textHit[v] === 1)
    )
      picked.push(g);
  }
  if (!texts) {
    // a source column without a dictionary: its text tested row by row
    const bySource = textIn(ev.source, m);
    const extra = new Set<number>();
    for (let r = 0; r < ev.nRows; r++) if (ev.person[r]! >= 0 && bySource(r)) extra.add(r);
    if (extra.size > 0) {
      for (const g of picked)
        for (let j = ix.start[g]!; j < ix.start[g + 1]!; j++) extra.add(ix.rows[j]!);
      return gatherRows(ev, Int32Array.from(extra).sort());
    }
  }
  if (picked.length === 1) {
    const a = ix.start[picked[0]!]!;
    const b = ix.start[picked[0]! + 1]!;
    return {
      rows: ix.rows.subarray(a, b),
      day: ix.day.subarray(a, b),
      person: ix.person.subarray(a, b),
      id: ix.id.subarray(a, b),
    };
  }
  // several signatures: their events in row order (the order notes are written in)
  let total = 0;
  for (const g of picked) total += ix.start[g + 1]! - ix.start[g]!;
  const rows = new Int32Array(total);
  let o = 0;
  for (const g of picked) {
    rows.set(ix.rows.subarray(ix.start[g]!, ix.start[g + 1]!), o);
    o += ix.start[g + 1]! - ix.start[g]!;
  }
  return gatherRows(ev, picked.length > 1 ? rows.sort() : rows);
}

/** Every event with a known person (sets of no concepts). */
export function allEvents(ev: PreparedEvents): MatchedEvents {
  const rows: number[] = [];
  for (let r = 0; r < ev.nRows; r++) if (ev.person[r]! >= 0) rows.push(r);
  return gatherRows(ev, Int32Array.from(rows));
}

export function gatherRows(ev: PreparedEvents, rows: Int32Array): MatchedEvents {
  const n = rows.length;
  const out: MatchedEvents = {
    rows,
    day: new Float32Array(n),
    person: new Int32Array(n),
    id: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.day[i] = ev.day[r]!;
    out.person[i] = ev.person[r]!;
    out.id[i] = ev.id[r]!;
  }
  return out;
}

/** Rows of the events that match a concept set (standard id, source id or source value), in order. */
export function matchRows(ev: PreparedEvents, m: Matcher): Int32Array {
  return Int32Array.from(matchEvents(ev, m).rows).sort();
}

/** Row -> whether the event's value (value_as_concept_id, value_source_value, value_as_string) is in the set. */
export function valueIn(ev: PreparedEvents, m: Matcher): (row: number) => boolean {
  const cols = EVENT_COLUMNS[ev.table];
  const vc = numberReader(cols.valueConcept ? columnOf(ev.raw, cols.valueConcept) : undefined);
  const vs = textIn(cols.valueSource ? columnOf(ev.raw, cols.valueSource) : undefined, m);
  const vt = textIn(cols.valueString ? columnOf(ev.raw, cols.valueString) : undefined, m);
  return (r) => m.ids.has(vc(r)) || vs(r) || vt(r);
}
