/**
 * One derivation over the matching events of one table: per patient, the event picked (latest,
 * earliest, nearest, min, max, first/last date), or a summary (count, exists, exposure days,
 * drugs taken), written as the variable's column. Values convert to the variable's unit; a
 * value whose unit is unknown or incompatible is not understood and counted, never guessed.
 */
import type { ProtocolVariable } from "../engine/protocol/types.ts";
import { convertFactor } from "../engine/units.ts";
import { FALSE, TRUE, UNKNOWN, type Column } from "../engine/types.ts";
import { codeBytes, newCodes } from "../engine/codes.ts";
import { columnOf, dayReader, numberReader, textReader } from "./cells.ts";
import { codeTest, type Matcher, type Vocabulary } from "./concept-sets.ts";
import { valueIn, type MatchedEvents, type PreparedEvents } from "./events.ts";
import type { Derivation } from "./profile.ts";
import { EVENT_COLUMNS } from "./tables.ts";
import { fromUcum } from "./ucum.ts";

export interface VariableStats {
  name: string;
  /** patients with a value */
  present: number;
  /** events whose value could not be understood (unknown unit, unmapped value concept) */
  notUnderstood: number;
  examples: string[];
}

export interface DeriveContext {
  stats: VariableStats;
  vocab: Vocabulary;
  matchers: Map<string, Matcher>;
  /** day a `nearest` derivation is nearest to */
  nearest: number;
}

function note(stats: VariableStats, what: string): void {
  stats.notUnderstood++;
  if (stats.examples.length < 5 && !stats.examples.includes(what)) stats.examples.push(what);
}

/** OMOP standard concepts of measurement operators (Meas Value Operator domain). */
export const OPERATORS = {
  lt: 4171756,
  le: 4171754,
  eq: 4172703,
  ge: 4171755,
  gt: 4172704,
} as const;

/** Row -> value in the variable's unit (NaN: none; null: not understood, noted). */
function numberValue(
  ev: PreparedEvents,
  v: ProtocolVariable,
  ctx: DeriveContext,
): (r: number) => number | null {
  const cols = EVENT_COLUMNS[ev.table];
  const value = numberReader(cols.valueNumber ? columnOf(ev.raw, cols.valueNumber) : undefined);
  const unitText = textReader(cols.unitSource ? columnOf(ev.raw, cols.unitSource) : undefined);
  const unitConcept = numberReader(
    cols.unitConcept ? columnOf(ev.raw, cols.unitConcept) : undefined,
  );
  const factors = new Map<string, number | null>();
  const factorOf = (u: string): number | null => {
    let f = factors.get(u);
    if (f !== undefined) return f;
    const plain = fromUcum(u);
    f = v.unit ? convertFactor(plain, v.unit, v.molarMass) : plain === "1" ? 1 : null;
    factors.set(u, f);
    return f;
  };
  // the factor of each unit text of the unit column's dictionary, looked up once (not per event)
  const unitCol = cols.unitSource ? columnOf(ev.raw, cols.unitSource) : undefined;
  const us = unitCol?.storage;
  const unitFactor =
    us?.kind === "category"
      ? Float64Array.from(us.dict, (d) => (d.trim() === "" ? NaN : (factorOf(d.trim()) ?? NaN)))
      : null;
  const unitCodes = us?.kind === "category" ? us.codes : null;
  const valueCol = cols.valueNumber ? columnOf(ev.raw, cols.valueNumber)?.storage : undefined;
  const values = valueCol?.kind === "number" ? valueCol.lo : null;
  const slow = (r: number, x: number): number | null => {
    let u = unitText(r);
    if (u === "") {
      const c = unitConcept(r);
      u = c > 0 ? (ctx.vocab.byId.get(c)?.code ?? `concept ${c}`) : "";
    }
    const f = factorOf(u);
    if (f === null) {
      note(ctx.stats, `${x} ${u || "(no unit)"} (row ${r + 2})`);
      return null;
    }
    return x * f;
  };
  return (r) => {
    const x = values ? values[r]! : value(r);
    if (x !== x) return NaN;
    if (unitCodes) {
      const k = unitCodes[r]!;
      if (k >= 0) {
        const f = unitFactor![k]!;
        if (f === f) return x * f;
      }
    }
    return slow(r, x);
  };
}

/** The map key (category or "true"/"false") an event's value or own concept belongs to. */
function mapKey(
  ev: PreparedEvents,
  d: Derivation,
  ctx: DeriveContext,
): ((r: number) => string | null) | null {
  if (!d.map) return null;
  const tests = Object.entries(d.map).map(([key, set]) => {
    const m = ctx.matchers.get(set) ?? { ids: new Set<number>(), codes: new Set<string>() };
    if (d.value === "concept") return [key, valueIn(ev, m)] as const;
    const src = columnOf(ev.raw, EVENT_COLUMNS[ev.table].sourceValue ?? "");
    const text = textReader(src);
    const code = codeTest(m);
    return [
      key,
      (r: number) =>
        m.ids.has(ev.concept[r]!) || m.ids.has(ev.sourceConcept[r]!) || code(text(r).toUpperCase()),
    ] as const;
  });
  return (r) => {
    for (const [key, test] of tests) if (test(r)) return key;
    return null;
  };
}

/** The interval [lo, hi] a value with an operator stands for (as the reader stores `<x`, `>=x` ...). */
function bounds(ev: PreparedEvents): (r: number, x: number) => [number, number] {
  const col = EVENT_COLUMNS[ev.table].operator;
  const op = numberReader(col ? columnOf(ev.raw, col) : undefined);
  return (r, x) => {
    switch (op(r)) {
      case OPERATORS.lt:
        return [-Infinity, nextDown(x)];
      case OPERATORS.le:
        return [-Infinity, x];
      case OPERATORS.gt:
        return [nextUp(x), Infinity];
      case OPERATORS.ge:
        return [x, Infinity];
      default:
        return [x, x];
    }
  };
}

const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);
function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  F64[0] = x;
  I64[0]! += x > 0 ? 1n : -1n;
  return F64[0]!;
}
function nextDown(x: number): number {
  return -nextUp(-x);
}

const LATEST = 0;
const EARLIEST = 1;
const NEAREST = 2;
const MIN = 3;
const MAX = 4;
const COUNT = 5;
const DRUGS = 6;
const EXPOSURE = 7;
/** The event loop's case per `take` (latest and last_date pick the latest event). */
const MODES: Partial<Record<Derivation["take"], number>> = {
  earliest: EARLIEST,
  first_date: EARLIEST,
  nearest: NEAREST,
  min: MIN,
  max: MAX,
  count: COUNT,
  exists: COUNT,
  drugs: DRUGS,
  exposure_days: EXPOSURE,
};

export function deriveFromEvents(
  ev: PreparedEvents | null,
  events: MatchedEvents,
  d: Derivation,
  v: ProtocolVariable,
  [lo, hi]: [number, number],
  n: number,
  ctx: DeriveContext,
): { column: Column; row?: Int32Array } {
  const best = new Int32Array(n).fill(-1);
  const key = new Float64Array(n).fill(NaN);
  const count = new Int32Array(n);
  const val = new Float64Array(n).fill(NaN);
  const num = ev && v.type === "number" && d.value !== "concept" ? numberValue(ev, v, ctx) : null;
  const take = d.take;
  const intervals: number[][] = take === "exposure_days" ? Array.from({ length: n }, () => []) : [];
  const drugs: Set<string>[] = take === "drugs" ? Array.from({ length: n }, () => new Set()) : [];
  const end = ev && take === "exposure_days" ? endDay(ev) : null;
  const drugName = ev && take === "drugs" ? drugLabel(ev, ctx.vocab) : null;
  if (ev) {
    // the set's events in their own order: day, person and id read in sequence
    const { rows, day: evDay, person: evPerson, id: evId } = events;
    const bestId = new Float64Array(n);
    const mode = MODES[take] ?? LATEST;
    const near = ctx.nearest;
    // ties: the later event id for latest/max/nearest, the earlier for earliest
    const tieLater = mode !== EARLIEST;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const day = evDay[i]!;
      const p = evPerson[i]!;
      if (mode === EXPOSURE) {
        // a patient with any exposure of the set on or before the window's end is known (0 days
        // when none falls in the window); one with none at all is unknown unless absence means no
        const s = Math.max(day, lo);
        const e = Math.min(end!(r), hi);
        if (day === day && day <= hi) {
          count[p]!++;
          if (e >= s) intervals[p]!.push(s, e);
        }
        continue;
      }
      if (!(day >= lo && day <= hi)) continue;
      if (mode === DRUGS) {
        drugs[p]!.add(drugName!(r));
        count[p]!++;
        continue;
      }
      count[p]!++;
      if (mode === COUNT) continue;
      let k: number;
      if (mode === MIN || mode === MAX) {
        const x = num ? num(r) : NaN;
        if (x === null || x !== x) continue;
        k = mode === MIN ? -x : x;
      } else if (mode === EARLIEST) k = -day;
      else if (mode === NEAREST) k = -Math.abs(day - near) + (day > near ? 0 : 0.5);
      else k = day;
      const b = best[p]!;
      if (
        b < 0 ||
        k > key[p]! ||
        (k === key[p]! && (tieLater ? evId[i]! > bestId[p]! : evId[i]! < bestId[p]!))
      ) {
        best[p] = r;
        key[p] = k;
        bestId[p] = evId[i]!;
      }
    }
  }
  const absentNo = d.absentMeansNo === true;
  const hasEvent = (p: number) => count[p]! > 0;
  if (take === "count" || take === "exposure_days" || (take === "drugs" && v.type === "number")) {
    for (let p = 0; p < n; p++) {
      if (!hasEvent(p)) val[p] = absentNo ? 0 : NaN;
      else if (take === "count") val[p] = count[p]!;
      else if (take === "drugs") val[p] = drugs[p]!.size;
      else val[p] = unionDays(intervals[p]!) * (convertFactor("days", v.unit ?? "days") ?? 1);
    }
    return { column: { kind: "number", lo: val, hi: val, unit: v.unit ?? "1" } };
  }
  if (take === "exists") {
    const values = new Uint8Array(n);
    for (let p = 0; p < n; p++) values[p] = hasEvent(p) ? TRUE : absentNo ? FALSE : UNKNOWN;
    return { column: { kind: "boolean", values } };
  }
  if (take === "drugs") {
    const dict: string[] = [];
    const index = new Map<string, number>();
    const texts = drugs.map((s) => [...s].sort().join("; "));
    for (const t of texts) if (t && !index.has(t)) index.set(t, dict.push(t) - 1);
    const codes = newCodes(codeBytes(dict.length), n);
    for (let p = 0; p < n; p++) codes[p] = texts[p] ? index.get(texts[p]!)! : -1;
    return { column: { kind: "category", codes, dict } };
  }
  // a picked event per patient
  const mk = ev ? mapKey(ev, d, ctx) : null;
  if (v.type === "date") {
    const days = new Float32Array(n).fill(NaN);
    for (let p = 0; p < n; p++) if (best[p]! >= 0) days[p] = ev!.day[best[p]!]!;
    return { column: { kind: "date", days }, row: best };
  }
  if (v.type === "number") {
    const hiVal = new Float64Array(n).fill(NaN);
    const op = ev ? bounds(ev) : null;
    let censored = false;
    for (let p = 0; p < n; p++) {
      const r = best[p]!;
      if (r < 0) continue;
      const x = num ? num(r) : null;
      if (x === null || x !== x) continue;
      const [a, b] = op!(r, x);
      val[p] = a;
      hiVal[p] = b;
      if (a !== b) censored = true;
    }
    return {
      column: { kind: "number", lo: val, hi: censored ? hiVal : val, unit: v.unit ?? "1" },
      row: best,
    };
  }
  const keys = new Array<string | null>(n).fill(null);
  for (let p = 0; p < n; p++) {
    const r = best[p]!;
    if (r < 0 || !mk) continue;
    keys[p] = mk(r);
    if (keys[p] === null)
      note(
        ctx.stats,
        `value of ${ev!.table} row ${r + 2} is in none of ${Object.keys(d.map!).join(", ")}`,
      );
  }
  if (v.type === "boolean") {
    const values = new Uint8Array(n);
    for (let p = 0; p < n; p++) {
      const k = keys[p] ?? null;
      values[p] =
        k === "true" ? TRUE : k === "false" ? FALSE : best[p]! < 0 && absentNo ? FALSE : UNKNOWN;
    }
    return { column: { kind: "boolean", values }, row: best };
  }
  const dict = (v.values ?? []).slice();
  const codes = newCodes(codeBytes(dict.length), n);
  const none = dict.indexOf("none");
  for (let p = 0; p < n; p++) {
    const k = keys[p] ?? null;
    codes[p] = k !== null ? dict.indexOf(k) : best[p]! < 0 && absentNo ? none : -1;
  }
  return { column: { kind: "category", codes, dict }, row: best };
}

/** Last day of a drug exposure (or procedure/visit/condition): its end date, else start + days_supply - 1, else its start. */
function endDay(ev: PreparedEvents): (r: number) => number {
  const cols = EVENT_COLUMNS[ev.table];
  const end = dayReader(cols.end ? columnOf(ev.raw, cols.end) : undefined);
  const supply = numberReader(cols.daysSupply ? columnOf(ev.raw, cols.daysSupply) : undefined);
  return (r) => {
    const e = end(r);
    if (e === e && e >= ev.day[r]!) return e;
    const s = supply(r);
    return s === s && s > 0 ? ev.day[r]! + s - 1 : ev.day[r]!;
  };
}

/** Days covered by [start, end] pairs (inclusive), overlaps counted once. */
function unionDays(iv: number[]): number {
  const pairs: [number, number][] = [];
  for (let i = 0; i < iv.length; i += 2) pairs.push([iv[i]!, iv[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let s = NaN;
  let e = NaN;
  for (const [a, b] of pairs) {
    if (s !== s) [s, e] = [a, b];
    else if (a > e + 1) {
      total += e - s + 1;
      [s, e] = [a, b];
    } else e = Math.max(e, b);
  }
  if (s === s) total += e - s + 1;
  return total;
}

function drugLabel(ev: PreparedEvents, vocab: Vocabulary): (r: number) => string {
  const src = textReader(columnOf(ev.raw, EVENT_COLUMNS[ev.table].sourceValue ?? ""));
  return (r) => {
    const c = vocab.byId.get(ev.concept[r]!);
    return c?.name || src(r) || `concept ${ev.concept[r]}`;
  };
}
