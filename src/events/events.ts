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
  fill(out.day, day, n);
  if (idCol) fill(out.id, id, n);
  else for (let r = 0; r < n; r++) out.id[r] = r;
  fill(out.concept, concept, n);
  fill(out.sourceConcept, sourceConcept, n);
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

function fill(to: Float64Array, read: (r: number) => number, n: number): void {
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
 * Rows by standard or source concept id and by source value, built once per table (one
 * counting sort of the rows by key), so each concept set finds its rows without a pass over
 * the table (131 sets over millions of rows).
 */
interface EventIndex {
  /** concept id -> key; upper-case source value -> key (null: no dictionary to index) */
  conceptKey: Map<number, number>;
  sourceKey: Map<string, number> | null;
  /** rows of key k: rows[start[k] .. start[k + 1]), ascending */
  start: Int32Array;
  rows: Int32Array;
}
const INDEX = new WeakMap<PreparedEvents, EventIndex>();

function indexOf(ev: PreparedEvents): EventIndex {
  let ix = INDEX.get(ev);
  if (ix) return ix;
  const n = ev.nRows;
  const conceptKey = new Map<number, number>();
  let keys = 0;
  // per row up to three keys: its concept, its source concept, its source value (-1: none)
  const kc = new Int32Array(n).fill(-1);
  const ks = new Int32Array(n).fill(-1);
  const kv = new Int32Array(n).fill(-1);
  const keyOf = (c: number): number => {
    let k = conceptKey.get(c);
    if (k === undefined) conceptKey.set(c, (k = keys++));
    return k;
  };
  let lastC = NaN;
  let lastK = -1;
  for (let r = 0; r < n; r++) {
    if (ev.person[r]! < 0) continue;
    const c = ev.concept[r]!;
    if (c === c && c !== 0) {
      if (c !== lastC) [lastC, lastK] = [c, keyOf(c)];
      kc[r] = lastK;
    }
    const s = ev.sourceConcept[r]!;
    if (s === s && s !== 0 && s !== c) ks[r] = keyOf(s);
  }
  let sourceKey: Map<string, number> | null = null;
  const col = ev.source?.storage;
  if (col?.kind === "category" || col?.kind === "number") {
    sourceKey = new Map();
    const sk = sourceKey;
    const keyOfText = (t: string): number => {
      let k = sk.get(t);
      if (k === undefined) sk.set(t, (k = keys++));
      return k;
    };
    if (col.kind === "category") {
      const dictKey = col.dict.map((d) => keyOfText(d.trim().toUpperCase()));
      for (let r = 0; r < n; r++) {
        const k = col.codes[r]!;
        if (k >= 0 && ev.person[r]! >= 0) kv[r] = dictKey[k]!;
      }
    } else {
      const text = textReader(ev.source);
      for (let r = 0; r < n; r++) {
        if (ev.person[r]! < 0) continue;
        const t = text(r);
        if (t !== "") kv[r] = keyOfText(t.toUpperCase());
      }
    }
  }
  const start = new Int32Array(keys + 1);
  for (const a of [kc, ks, kv]) for (let r = 0; r < n; r++) if (a[r]! >= 0) start[a[r]! + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, keys);
  const rows = new Int32Array(start[keys]!);
  for (let r = 0; r < n; r++) {
    if (kc[r]! >= 0) rows[at[kc[r]!]!++] = r;
    if (ks[r]! >= 0) rows[at[ks[r]!]!++] = r;
    if (kv[r]! >= 0) rows[at[kv[r]!]!++] = r;
  }
  ix = { conceptKey, sourceKey, start, rows };
  INDEX.set(ev, ix);
  return ix;
}

/** Rows of the events that match a concept set (standard id, source id or source value), in order. */
export function matchRows(ev: PreparedEvents, m: Matcher): Int32Array {
  const ix = indexOf(ev);
  const keys = new Set<number>();
  for (const id of m.ids) {
    const k = ix.conceptKey.get(id);
    if (k !== undefined) keys.add(k);
  }
  if (ix.sourceKey) {
    const sk = ix.sourceKey;
    const add = (code: string) => {
      const k = sk.get(code);
      if (k !== undefined) keys.add(k);
    };
    for (const code of m.codes) {
      add(code);
      // a code of digits read as a number column comes back as its shortest decimal
      if (/^-?\d+\.\d*0$|^0\d/.test(code)) add(String(Number(code)));
    }
    const prefixes = m.prefixes ?? [];
    if (prefixes.length)
      for (const [code, k] of sk) {
        const p = prefixKey(code);
        if (prefixes.some((x) => p.startsWith(x))) keys.add(k);
      }
  } else {
    const hit: number[] = [];
    const bySource = textIn(ev.source, m);
    for (let r = 0; r < ev.nRows; r++) if (ev.person[r]! >= 0 && bySource(r)) hit.push(r);
    if (keys.size === 0) return Int32Array.from(hit);
    return union([Int32Array.from(hit), ...[...keys].map((k) => rowsOfKey(ix, k))]);
  }
  return union([...keys].map((k) => rowsOfKey(ix, k)));
}

function rowsOfKey(ix: EventIndex, k: number): Int32Array {
  return ix.rows.subarray(ix.start[k]!, ix.start[k + 1]!);
}

/** Ascending rows of several ascending lists, each row once. */
function union(lists: Int32Array[]): Int32Array {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return new Int32Array(0);
  if (nonEmpty.length === 1) return nonEmpty[0]!.slice();
  let total = 0;
  for (const l of nonEmpty) total += l.length;
  const all = new Int32Array(total);
  let o = 0;
  for (const l of nonEmpty) {
    all.set(l, o);
    o += l.length;
  }
  all.sort();
  let w = 0;
  for (let i = 0; i < total; i++) if (i === 0 || all[i] !== all[w - 1]) all[w++] = all[i]!;
  return all.slice(0, w);
}

/** Row -> whether the event's value (value_as_concept_id, value_source_value, value_as_string) is in the set. */
export function valueIn(ev: PreparedEvents, m: Matcher): (row: number) => boolean {
  const cols = EVENT_COLUMNS[ev.table];
  const vc = numberReader(cols.valueConcept ? columnOf(ev.raw, cols.valueConcept) : undefined);
  const vs = textIn(cols.valueSource ? columnOf(ev.raw, cols.valueSource) : undefined, m);
  const vt = textIn(cols.valueString ? columnOf(ev.raw, cols.valueString) : undefined, m);
  return (r) => m.ids.has(vc(r)) || vs(r) || vt(r);
}
