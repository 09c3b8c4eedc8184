/**
 * PERSON and OBSERVATION_PERIOD: the patient rows of the derived table, birth date, age, sex,
 * and whether a patient is observed on a day.
 */
import { daysFromCivil, wholeYears } from "../engine/calendar.ts";
import type { RawTable } from "../ingest/types.ts";
import { columnOf, dayReader, numberReader, textReader } from "./cells.ts";

export interface Persons {
  n: number;
  personId: Float64Array;
  /** person_source_value when every person has one (the site's patient id), else person_id */
  ids: string[];
  index: Map<number, number>;
  /** birth day when year, month and day are known (NaN otherwise) */
  birth: Float64Array;
  /** year of birth (NaN when missing) */
  birthYear: Float64Array;
  /** "male" / "female" / "" from gender_concept_id (8507 / 8532) or gender_source_value */
  sex: string[];
  /** observation periods, grouped by person: periods of person p are [start[k], end[k]] for k in [first[p], first[p+1]) */
  periods: { first: Int32Array; start: Float64Array; end: Float64Array } | null;
}

export function readPersons(person: RawTable, obs?: RawTable): Persons {
  const n = person.nRows;
  const pid = numberReader(columnOf(person, "person_id"));
  const src = textReader(columnOf(person, "person_source_value"));
  const y = numberReader(columnOf(person, "year_of_birth"));
  const m = numberReader(columnOf(person, "month_of_birth"));
  const d = numberReader(columnOf(person, "day_of_birth"));
  const bdt = dayReader(columnOf(person, "birth_datetime"));
  const g = numberReader(columnOf(person, "gender_concept_id"));
  const gs = textReader(columnOf(person, "gender_source_value"));
  const out: Persons = {
    n,
    personId: new Float64Array(n),
    ids: new Array<string>(n),
    index: new Map(),
    birth: new Float64Array(n),
    birthYear: new Float64Array(n),
    sex: new Array<string>(n),
    periods: null,
  };
  let allSource = true;
  for (let r = 0; r < n; r++) {
    const id = pid(r);
    out.personId[r] = id;
    out.index.set(id, r);
    const s = src(r);
    out.ids[r] = s;
    if (s === "") allSource = false;
    const yy = y(r);
    const mm = m(r);
    const dd = d(r);
    const b = bdt(r);
    out.birthYear[r] = yy;
    out.birth[r] =
      b === b ? b : yy === yy && mm === mm && dd === dd ? daysFromCivil(yy, mm, dd) : NaN;
    const gc = g(r);
    const gw = gs(r).toLowerCase();
    out.sex[r] =
      gc === 8507
        ? "male"
        : gc === 8532
          ? "female"
          : gw === "m" || gw === "male"
            ? "male"
            : gw === "f" || gw === "female"
              ? "female"
              : "";
  }
  if (!allSource) for (let r = 0; r < n; r++) out.ids[r] = String(out.personId[r]);
  if (obs) out.periods = groupPeriods(out, obs);
  return out;
}

function groupPeriods(p: Persons, obs: RawTable): Persons["periods"] {
  const pid = numberReader(columnOf(obs, "person_id"));
  const s = dayReader(columnOf(obs, "observation_period_start_date"));
  const e = dayReader(columnOf(obs, "observation_period_end_date"));
  const count = new Int32Array(p.n + 1);
  const who = new Int32Array(obs.nRows);
  for (let r = 0; r < obs.nRows; r++) {
    const k = p.index.get(pid(r)) ?? -1;
    who[r] = k;
    if (k >= 0) count[k + 1]!++;
  }
  for (let k = 0; k < p.n; k++) count[k + 1]! += count[k]!;
  const first = count.slice();
  const start = new Float64Array(count[p.n]!);
  const end = new Float64Array(count[p.n]!);
  const at = count.slice();
  for (let r = 0; r < obs.nRows; r++) {
    const k = who[r]!;
    if (k < 0) continue;
    const i = at[k]!++;
    start[i] = s(r);
    end[i] = e(r);
  }
  return { first, start, end };
}

/** Whether person `k` has an observation period holding `day` (null: no OBSERVATION_PERIOD table). */
export function observedOn(p: Persons, k: number, day: number): boolean | null {
  const ps = p.periods;
  if (!ps) return null;
  for (let i = ps.first[k]!; i < ps.first[k + 1]!; i++)
    if (ps.start[i]! <= day && day <= ps.end[i]!) return true;
  return false;
}

/** Age in whole years on `day` as [lo, hi]: exact with a birth date, a one-year range with the year only. */
export function ageOn(p: Persons, k: number, day: number): [number, number] {
  const b = p.birth[k]!;
  if (b === b) {
    const a = wholeYears(b, day);
    return [a, a];
  }
  const y = p.birthYear[k]!;
  if (y !== y) return [NaN, NaN];
  const lo = wholeYears(daysFromCivil(y, 12, 31), day);
  const hi = wholeYears(daysFromCivil(y, 1, 1), day);
  return [lo, hi];
}
