/**
 * Event tables -> the one-row-per-patient table the engine screens, as of the screening date:
 * each profile variable is one declarative derivation (profile.ts) over one concept set.
 *
 * @example
 * const { table, quality } = deriveTable(protocol, profile, data, { screening_date: "2020-01-01" });
 * evaluateProtocol(compileProtocol(protocol).compiled!, table);
 */
import type { ParamValue } from "../engine/compile-protocol.ts";
import { parseIsoDate } from "../engine/calendar.ts";
import { resolveParams } from "../engine/lang/scope.ts";
import type { Problem, Protocol, ProtocolVariable } from "../engine/protocol/types.ts";
import { FALSE, TRUE, UNKNOWN, rowArray, type Column, type Table } from "../engine/types.ts";
import { codeBytes, newCodes } from "../engine/codes.ts";
import { readVocabulary, resolveConceptSet, type Matcher } from "./concept-sets.ts";
import {
  allEvents,
  matchEvents,
  prepareEvents,
  releaseIndex,
  type MatchedEvents,
  type PreparedEvents,
} from "./events.ts";
import { ageOn, observedOn, readPersons, type Persons } from "./person.ts";
import type { Derivation, EventTable, SourceProfile } from "./profile.ts";
import { deriveFromEvents, type VariableStats } from "./pick.ts";
import { eventQuality, type EventQuality } from "./quality.ts";
import type { OmopTable } from "./tables.ts";
import { windowBounds } from "./windows.ts";
import type { RawTable } from "../ingest/types.ts";
import { own, userRecord } from "../engine/user-keys.ts";

/** The tables read from an extract (lower-case CDM names) and the file each came from. */
export interface OmopData {
  tables: Partial<Record<OmopTable, RawTable>>;
  files: Partial<Record<OmopTable, string>>;
}

export interface DeriveResult {
  /** one row per PERSON row: the protocol's id variable plus every derived variable */
  table: Table;
  persons: Persons;
  /** per variable, the event row each patient's value came from (-1: none) */
  evidence: Record<string, { table: EventTable; rows: Int32Array }>;
  variables: VariableStats[];
  quality: EventQuality;
  problems: Problem[];
}

/** Which tables a profile needs (PERSON and OBSERVATION_PERIOD always; the vocabulary when codes are used). */
export function tablesNeeded(profile: SourceProfile): OmopTable[] {
  const need = new Set<OmopTable>(["person", "observation_period"]);
  for (const d of Object.values(profile.variables)) if (d.from) need.add(d.from);
  const sets = Object.values(profile.conceptSets);
  if (sets.some((s) => (s.codes?.length ?? 0) > 0) || profile.variables) need.add("concept");
  if (sets.some((s) => s.descendants)) need.add("concept_ancestor");
  return [...need];
}

export function deriveTable(
  protocol: Protocol,
  profile: SourceProfile,
  data: OmopData,
  overrides: Record<string, ParamValue> = {},
  today = Math.floor(Date.now() / 86400000),
): DeriveResult {
  const problems: Problem[] = [];
  const { params, problems: pp } = resolveParams(protocol, {}, overrides);
  problems.push(...pp);
  const sd = params["screening_date"];
  const screening = typeof sd === "string" ? parseIsoDate(sd) : NaN;
  if (screening !== screening)
    problems.push({
      where: "screening_date",
      message: `protocol ${protocol.id} needs a date parameter 'screening_date' to derive variables from events`,
      severity: "error",
    });
  const person = data.tables.person;
  if (!person) {
    problems.push({
      where: "PERSON",
      message: "the extract has no PERSON table (person.csv): it lists the patients",
      severity: "error",
    });
  }
  const persons = readPersons(person ?? emptyTable(), data.tables.observation_period);
  const vocab = readVocabulary(data.tables.concept, data.tables.concept_ancestor);
  const matchers = new Map<string, Matcher>();
  for (const [name, set] of Object.entries(profile.conceptSets)) {
    const r = resolveConceptSet(name, set, vocab, `conceptSets/${name}`);
    matchers.set(name, r.matcher);
    problems.push(...r.problems);
  }
  const prepared = new Map<EventTable, PreparedEvents>();
  const events = (t: EventTable): PreparedEvents | undefined => {
    const raw = data.tables[t];
    if (!raw) return undefined;
    let p = prepared.get(t);
    if (!p) prepared.set(t, (p = prepareEvents(t, raw, persons.index)));
    return p;
  };

  const idVar = protocol.idVariable ?? "patient_id";
  const columns = userRecord<Column>([[idVar, idColumn(persons.ids)]]);
  const evidence: DeriveResult["evidence"] = userRecord();
  const variables: VariableStats[] = [];
  // each table's last variable: its signature index is freed after it (profiles list a table's
  // variables together, so at most one large index is alive: 0.3 GB at 11M measurement rows)
  const lastOf = new Map<EventTable, string>();
  for (const [name, d] of Object.entries(profile.variables)) if (d.from) lastOf.set(d.from, name);
  for (const [name, d] of Object.entries(profile.variables)) {
    const where = `variables/${name}`;
    const v = protocol.variables.find((x) => x.name === name);
    if (!v) {
      problems.push({
        where,
        message: `'${name}' is not a variable of protocol ${protocol.id}`,
        severity: "error",
      });
      continue;
    }
    const stats: VariableStats = { name, present: 0, notUnderstood: 0, examples: [] };
    variables.push(stats);
    if (screening !== screening) continue;
    const col = derivePersonLevel(d, v, persons, screening);
    if (col) {
      columns[name] = col;
      stats.present = presentCount(col);
      continue;
    }
    if (!d.from) {
      problems.push({
        where,
        message: `'${d.take}' needs 'from' (the event table)`,
        severity: "error",
      });
      continue;
    }
    const ev = events(d.from);
    const bounds = windowBounds(screening, d.window, protocol, params, where, problems);
    const set = d.concepts ? matchers.get(d.concepts) : undefined;
    if (d.concepts && !set) {
      problems.push({ where, message: `unknown concept set '${d.concepts}'`, severity: "error" });
      continue;
    }
    if (!bounds) continue;
    if (!ev) {
      problems.push({
        where,
        message: `${d.from.toUpperCase()} is not in the extract: '${name}' stays unknown`,
        severity: "warning",
      });
      columns[name] = deriveFromEvents(null, NO_EVENTS, d, v, bounds, persons.n, {
        stats,
        vocab,
        matchers,
        nearest: screening,
      }).column;
      continue;
    }
    const rows = candidateRows(ev, d, set, matchers);
    const nearestTo = d.nearestTo ? own(params, d.nearestTo) : undefined;
    const out = deriveFromEvents(ev, rows, d, v, bounds, persons.n, {
      stats,
      vocab,
      matchers,
      nearest: typeof nearestTo === "string" ? parseIsoDate(nearestTo) : screening,
    });
    columns[name] = out.column;
    stats.present = presentCount(out.column);
    if (out.row) evidence[name] = { table: d.from, rows: out.row };
    if (lastOf.get(d.from) === name) releaseIndex(ev);
  }
  const quality = eventQuality(data, persons, prepared, vocab, screening, today);
  return { table: { nRows: persons.n, columns }, persons, evidence, variables, quality, problems };
}

const NO_EVENTS: MatchedEvents = {
  rows: new Int32Array(0),
  day: new Float32Array(0),
  person: new Int32Array(0),
  id: new Float64Array(0),
};

function emptyTable(): RawTable {
  return {
    nRows: 0,
    header: [],
    columns: [],
    dialect: { delimiter: ",", encoding: "utf-8", decimalComma: false, newline: "\n", notes: [] },
    problems: [],
    bytes: 0,
  };
}

function idColumn(ids: string[]): Column {
  const codes = newCodes(codeBytes(ids.length), ids.length);
  for (let i = 0; i < ids.length; i++) codes[i] = i;
  return { kind: "category", codes, dict: ids.slice() };
}

/** Rows of the concept set, or of the union of the map's sets when the event's own concept is mapped. */
function candidateRows(
  ev: PreparedEvents,
  d: Derivation,
  set: Matcher | undefined,
  matchers: Map<string, Matcher>,
): MatchedEvents {
  if (set) return matchEvents(ev, set);
  if (d.map && d.value !== "concept") {
    const ids = new Set<number>();
    const codes = new Set<string>();
    const prefixes: string[] = [];
    for (const s of Object.values(d.map)) {
      const m = matchers.get(s);
      m?.ids.forEach((i) => ids.add(i));
      m?.codes.forEach((c) => codes.add(c));
      prefixes.push(...(m?.prefixes ?? []));
    }
    return matchEvents(ev, { ids, codes, prefixes });
  }
  // no concept set: every event of the table
  return allEvents(ev);
}

function derivePersonLevel(
  d: Derivation,
  v: ProtocolVariable,
  p: Persons,
  day: number,
): Column | null {
  const n = p.n;
  switch (d.take) {
    case "age": {
      const lo = new Float64Array(n);
      const hi = new Float64Array(n);
      for (let k = 0; k < n; k++) [lo[k], hi[k]] = ageOn(p, k, day);
      return { kind: "number", lo, hi, unit: v.unit ?? "years" };
    }
    case "birth_date":
      return { kind: "date", days: Float32Array.from(p.birth) };
    case "sex": {
      const dict = v.values ?? ["female", "male"];
      const codes = newCodes(codeBytes(dict.length), n);
      for (let k = 0; k < n; k++) codes[k] = dict.indexOf(p.sex[k]!);
      return { kind: "category", codes, dict: dict.slice() };
    }
    case "observed": {
      const values = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        const o = observedOn(p, k, day);
        values[k] = o === null ? UNKNOWN : o ? TRUE : FALSE;
      }
      return { kind: "boolean", values };
    }
    default:
      return null;
  }
}

function presentCount(c: Column): number {
  let k = 0;
  const n = rowArray(c).length;
  for (let i = 0; i < n; i++) {
    if (
      c.kind === "number"
        ? c.lo[i] === c.lo[i]
        : c.kind === "date"
          ? c.days[i] === c.days[i]
          : c.kind === "boolean"
            ? c.values[i] !== UNKNOWN
            : c.codes[i]! >= 0
    )
      k++;
  }
  return k;
}
