/**
 * Long (non-OMOP) event tables: a patient table plus event tables of one row per patient, code,
 * date and value (a lab export `patient;test;date;value;unit`, a diagnosis list). The profile's
 * `long` section names each file's columns; the tables are then presented to the derivations as
 * the OMOP tables they stand for (columns renamed, person ids numbered), so one set of
 * derivations serves both. Codes are matched as source values: concept sets list them as
 * `VOCABULARY:code` (a site's own vocabulary name for local codes, `LOCAL:KREA`).
 */
import type { Problem } from "../engine/protocol/types.ts";
import { codeBytes, newCodes } from "../engine/codes.ts";
import type { Column } from "../engine/types.ts";
import type { RawColumn, RawTable } from "../ingest/types.ts";
import { emptyStats } from "../ingest/read/columns.ts";
import { columnOf, textReader } from "./cells.ts";
import type { OmopData } from "./derive.ts";
import type { EventTable, LongSource } from "./profile.ts";
import { EVENT_COLUMNS, type EventColumns } from "./tables.ts";

/** The files a long source reads (patients first). */
export function longFiles(source: LongSource): string[] {
  return [source.patients.file, ...Object.values(source.events).map((e) => e!.file)];
}

/** Problems when a table lacks a column the source names (headers compared trimmed, any case). */
function need(t: RawTable, file: string, name: string | undefined, problems: Problem[]) {
  if (name === undefined) return undefined;
  const c = columnOf(t, name.trim().toLowerCase());
  if (!c)
    problems.push({
      where: file,
      line: 1,
      message: `no column '${name}' (the header has ${t.header.join(", ")})`,
      severity: "error",
    });
  return c;
}

const renamed = (c: RawColumn | undefined, name: string): RawColumn[] =>
  c ? [{ ...c, name }] : [];

function made(name: string, storage: Column, n: number): RawColumn {
  return {
    name,
    index: -1,
    storage,
    stats: { ...emptyStats(), present: n },
    rejects: { rows: [], texts: [] },
  };
}

/**
 * The long tables as OMOP data: `tables` by file name as the source names them. Patients are
 * numbered 1..n in their table's order (`person_source_value` keeps the site's id); an event
 * whose patient is not in the patient table gets no person (counted by the quality report).
 */
export function longToOmop(
  source: LongSource,
  tables: ReadonlyMap<string, RawTable>,
): { data: OmopData; problems: Problem[] } {
  const problems: Problem[] = [];
  const data: OmopData = { tables: {}, files: {} };
  const pf = source.patients.file;
  const pt = tables.get(pf);
  if (!pt) {
    problems.push({ where: pf, message: "the patient table is missing", severity: "error" });
    return { data, problems };
  }
  const p = source.patients;
  const idCol = need(pt, pf, p.id, problems);
  const birth = need(pt, pf, p.birthDate, problems);
  const year = need(pt, pf, p.birthYear, problems);
  const sexCol = need(pt, pf, p.sex, problems);
  const n = pt.nRows;
  const id = textReader(idCol);
  const index = new Map<string, number>();
  const personId = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    personId[r] = r + 1;
    const k = id(r);
    if (k === "")
      problems.push({
        where: pf,
        line: r + 2,
        message: "a patient without an id",
        severity: "warning",
      });
    else if (index.has(k))
      problems.push({
        where: pf,
        message: `patient id '${k}' is listed twice; its events go to the first`,
        severity: "warning",
      });
    else index.set(k, r + 1);
  }
  const person: RawColumn[] = [
    made("person_id", { kind: "number", lo: personId, hi: personId, unit: "" }, n),
    ...renamed(idCol, "person_source_value"),
    ...renamed(birth, "birth_datetime"),
    ...renamed(year, "year_of_birth"),
  ];
  if (sexCol) person.push(sexColumn(sexCol, p, pf, n, problems));
  data.tables.person = { ...pt, columns: person, header: person.map((c) => c.name) };
  data.files.person = pf;

  for (const [table, e] of Object.entries(source.events) as [
    EventTable,
    NonNullable<LongSource["events"][EventTable]>,
  ][]) {
    const raw = tables.get(e.file);
    if (!raw) {
      problems.push({ where: e.file, message: `the ${table} table is missing`, severity: "error" });
      continue;
    }
    const roles: EventColumns = EVENT_COLUMNS[table];
    const who = textReader(need(raw, e.file, e.patient, problems));
    const cols: RawColumn[] = [];
    const pid = new Float64Array(raw.nRows);
    for (let r = 0; r < raw.nRows; r++) pid[r] = index.get(who(r)) ?? NaN;
    cols.push(made("person_id", { kind: "number", lo: pid, hi: pid, unit: "" }, raw.nRows));
    cols.push(...renamed(need(raw, e.file, e.date, problems), roles.date));
    if (roles.sourceValue)
      cols.push(...renamed(need(raw, e.file, e.code, problems), roles.sourceValue));
    if (e.endDate && roles.end)
      cols.push(...renamed(need(raw, e.file, e.endDate, problems), roles.end));
    if (e.value) {
      const role = roles.valueNumber ?? roles.valueString;
      if (role) cols.push(...renamed(need(raw, e.file, e.value, problems), role));
      else
        problems.push({
          where: e.file,
          message: `${table} events have no value: '${e.value}' is not read`,
          severity: "warning",
        });
    }
    if (e.unit && roles.unitSource)
      cols.push(...renamed(need(raw, e.file, e.unit, problems), roles.unitSource));
    data.tables[table] = { ...raw, columns: cols, header: cols.map((c) => c.name) };
    data.files[table] = e.file;
  }
  return { data, problems };
}

/** The sex column as the words PERSON's reader knows ("female", "male"), through the source's lists. */
function sexColumn(
  c: RawColumn,
  p: LongSource["patients"],
  file: string,
  n: number,
  problems: Problem[],
): RawColumn {
  const female = new Set((p.female ?? ["f", "female"]).map((s) => s.trim().toLowerCase()));
  const male = new Set((p.male ?? ["m", "male"]).map((s) => s.trim().toLowerCase()));
  const text = textReader(c);
  const codes = newCodes(codeBytes(2), n);
  const other = new Set<string>();
  for (let r = 0; r < n; r++) {
    const t = text(r).toLowerCase();
    codes[r] = female.has(t) ? 0 : male.has(t) ? 1 : -1;
    if (codes[r] === -1 && t !== "") other.add(t);
  }
  if (other.size)
    problems.push({
      where: `${file}: ${c.name}`,
      message: `sex value(s) not in the profile's lists (unknown): ${[...other].slice(0, 5).join(", ")}`,
      severity: "warning",
    });
  return made("gender_source_value", { kind: "category", codes, dict: ["female", "male"] }, n);
}
