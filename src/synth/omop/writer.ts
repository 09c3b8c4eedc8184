/**
 * The synthetic registry as OMOP CDM 5.4 tables: the same patients as the flat extract (its
 * mapped table), written through a source profile so that deriving the profile's variables as
 * of the screening date gives the flat values back. Each value is written as the event its
 * derivation picks (the latest measurement, the last observation date, a drug course), with a
 * history the derivation must pass over: older values (seven earlier results per lab value),
 * earlier dates, a course outside the window.
 *
 * @example
 * const omop = omopTables(protocol, profile, table, parseIsoDate("2026-12-01"));
 * for (const [file, lines] of omop.files()) write(file, lines);
 */
import { formatIsoDate } from "../../engine/calendar.ts";
import type { Protocol } from "../../engine/protocol/types.ts";
import type { Column, Table } from "../../engine/types.ts";
import type { Derivation, SourceProfile } from "../../events/profile.ts";
import { OPERATORS } from "../../events/pick.ts";
import { conceptIds, HEADERS, type OmopOut } from "./vocab.ts";
import { own } from "../../engine/user-keys.ts";

const YES = 4188539;
const NO = 4188540;
/** older results written per lab value (before the window): ~110 measurement rows a patient */
const LAB_HISTORY = 7;
const UCUM: Record<string, string> = { "x10^9/L": "10*9/L", degC: "Cel", "g/24h": "g/(24.h)" };

function csv(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Shortest decimal text of a value and the operator a censored interval needs. */
function numberCell(c: Column & { kind: "number" }, p: number): [string, number] | null {
  const lo = c.lo[p]!;
  const hi = c.hi[p]!;
  if (lo !== lo) return null;
  if (lo === hi) return [String(lo), 0];
  if (lo === -Infinity) {
    const up = nextUp(hi);
    return String(up).length < String(hi).length
      ? [String(up), OPERATORS.lt]
      : [String(hi), OPERATORS.le];
  }
  const down = -nextUp(-lo);
  return String(down).length < String(lo).length
    ? [String(down), OPERATORS.gt]
    : [String(lo), OPERATORS.ge];
}

const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  F64[0] = x;
  I64[0]! += x > 0 ? 1n : -1n;
  return F64[0]!;
}

export function omopTables(
  protocol: Protocol,
  profile: SourceProfile,
  table: Table,
  screening: number,
  idVariable = protocol.idVariable ?? "patient_id",
): OmopOut {
  const ids = conceptIds(profile);
  const out: OmopOut = {
    lines: new Map(Object.entries(HEADERS).map(([t, h]) => [t, [h]])),
    concepts: ids,
  };
  const add = (t: string, cells: (string | number)[]) =>
    out.lines
      .get(t)!
      .push(cells.map((c) => (typeof c === "number" ? String(c) : csv(c))).join(","));
  const D = screening;
  const iso = formatIsoDate;
  const idCol = own(table.columns, idVariable);
  let mId = 0;
  let oId = 0;
  let dId = 0;
  const firstCode = (set: string | undefined): { id: number; code: string } => {
    const code = set ? profile.conceptSets[set]?.codes?.[0] : undefined;
    const bare = code ? code.slice(code.indexOf(":") + 1) : (set ?? "");
    const cid = code ? (ids.get(code) ?? 0) : (profile.conceptSets[set ?? ""]?.concepts?.[0] ?? 0);
    return { id: cid, code: bare };
  };
  for (let p = 0; p < table.nRows; p++) {
    const pid = p + 1;
    const source =
      idCol?.kind === "category" && idCol.codes[p]! >= 0
        ? idCol.dict[idCol.codes[p]!]!
        : String(pid);
    const birth =
      (table.columns.birth_date as { days?: Float32Array } | undefined)?.days?.[p] ?? NaN;
    const sexCol = table.columns.sex;
    const sex =
      sexCol?.kind === "category" && sexCol.codes[p]! >= 0 ? sexCol.dict[sexCol.codes[p]!]! : "";
    const b = birth === birth ? iso(birth) : "";
    add("person", [
      pid,
      sex === "female" ? 8532 : sex === "male" ? 8507 : 0,
      b ? Number(b.slice(0, 4)) : "",
      b ? Number(b.slice(5, 7)) : "",
      b ? Number(b.slice(8, 10)) : "",
      b ? `${b} 00:00:00` : "",
      source,
      sex === "female" ? "F" : sex === "male" ? "M" : "",
    ]);
    add("observation_period", [pid, pid, iso(D - 365 * 40), iso(D + 60), 32817]);
    const recent = D - 1 - (p % 20);
    for (const [name, d] of Object.entries(profile.variables)) {
      const col = own(table.columns, name);
      const v = protocol.variables.find((x) => x.name === name);
      if (!col || !v) continue;
      writeVariable(name, d, col, p, pid, recent);
    }
  }

  function writeVariable(
    name: string,
    d: Derivation,
    col: Column,
    p: number,
    pid: number,
    recent: number,
  ): void {
    const D = screening;
    const c = firstCode(d.concepts);
    const meas = (day: number, value: string, unit: string, op: number) =>
      add("measurement", [++mId, pid, c.id, iso(day), value, 0, 0, c.code, unit, value, op]);
    const obs = (day: number, num: string, valueConcept: number, valueSource: string) =>
      add("observation", [++oId, pid, c.id, iso(day), num, valueConcept, c.code, valueSource]);
    if (d.take === "age" || d.take === "birth_date" || d.take === "sex" || d.take === "observed")
      return;
    if (d.take === "exposure_days" && col.kind === "number") {
      const m = col.lo[p]!;
      if (m !== m) return;
      const days = Math.round(
        m * (col.unit === "months" ? 30.4375 : col.unit === "years" ? 365.25 : 1),
      );
      // a course long before the window (every patient with a value is known to the drug record)
      add("drug_exposure", [
        ++dId,
        pid,
        c.id,
        iso(D - 365 * 31),
        iso(D - 365 * 31 + 90),
        "",
        c.code,
      ]);
      if (days <= 0) return;
      // two overlapping courses covering exactly `days` days up to the day before screening
      const start = D - days;
      const half = start + Math.ceil(days / 2);
      add("drug_exposure", [
        ++dId,
        pid,
        c.id,
        iso(start),
        iso(Math.min(half + 5, D - 1)),
        "",
        c.code,
      ]);
      add("drug_exposure", [++dId, pid, c.id, iso(half), "", D - half, c.code]);
      return;
    }
    if (d.from === "measurement" && col.kind === "number") {
      const cell = numberCell(col, p);
      if (!cell) return;
      const unit = UCUM[col.unit] ?? (col.unit === "1" ? "" : col.unit);
      const [text, op] = cell;
      const x = Number(text);
      // lab history: a value every 45 days before the window (older than any window of the
      // profile, so no derivation picks it), as a registry holds years of results per patient
      for (let j = LAB_HISTORY; j >= 1; j--)
        meas(D - 400 - 45 * j, String(+(x * (1 + 0.03 * j)).toPrecision(4)), unit, 0);
      if (d.take === "max") {
        meas(D - 400, String(x + 1), unit, 0); // higher, but outside the window
        meas(recent - 3, String(x - 0.5), unit, 0);
      } else meas(D - 400, String(x * 1.25 + 1), unit, 0); // older value: latest must pass over it
      meas(recent, text, unit, op);
      return;
    }
    if (d.from !== "observation") return;
    if (col.kind === "boolean") {
      const t = col.values[p]!;
      if (t === 2) return;
      const yes = t === 1;
      const byConcept = p % 2 === 0;
      obs(D - 500, "", yes ? NO : YES, ""); // the opposite answer, long ago
      obs(recent, "", byConcept ? (yes ? YES : NO) : 0, byConcept ? "" : yes ? "yes" : "no");
    } else if (col.kind === "category") {
      const k = col.codes[p]!;
      if (k < 0) return;
      const value = col.dict[k]!;
      const other = col.dict[(k + 1) % col.dict.length]!;
      const idOf = (val: string) => profile.conceptSets[d.map?.[val] ?? ""]?.concepts?.[0] ?? 0;
      obs(D - 500, "", idOf(other), "");
      obs(recent, "", idOf(value), "");
    } else if (col.kind === "number") {
      const cell = numberCell(col, p);
      if (!cell) return;
      obs(D - 500, String(Number(cell[0]) + 3), 0, "");
      obs(recent, cell[0], 0, "");
    } else if (col.kind === "date") {
      const day = col.days[p]!;
      if (day !== day) return;
      obs(day - 365, "", 0, "");
      obs(day, "", 0, "");
    }
    void name;
  }
  return out;
}
