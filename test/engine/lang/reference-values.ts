/** Plain-value helpers of the reference evaluator: units, JS-Date calendar, Kleene logic, interval comparison. */
import { lookupUnit } from "../../../src/engine/units.ts";

export type Num = { lo: number; hi: number; unit: string | null; mm?: number };
type Val = Num | number | boolean | string | null | { date: number } | { text: string };

const DAY = 86400000;
export const isNum = (v: Val): v is Num => typeof v === "object" && v !== null && "lo" in v;
export const isDate = (v: Val): v is { date: number } =>
  typeof v === "object" && v !== null && "date" in v;
export const unitOf = (u?: string | null): string | null => {
  if (!u) return null;
  const d = lookupUnit(u);
  return d ? (d.symbol === "1" ? null : d.symbol) : u;
};
export const toDay = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;

/** JS-Date month arithmetic with end-of-month clamping. */
export function addMonthsRef(day: number, k: number): number {
  const d = new Date(day * DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + k;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY;
}
export function ageRef(birth: number, on: number): number {
  const b = new Date(birth * DAY);
  const o = new Date(on * DAY);
  let age = o.getUTCFullYear() - b.getUTCFullYear();
  const bm = b.getUTCMonth() * 100 + b.getUTCDate();
  const om = o.getUTCMonth() * 100 + o.getUTCDate();
  if (om < bm) age--;
  return age;
}

/** Kleene logic on true / false / null. */
export const and = (a: boolean | null, b: boolean | null) =>
  a === false || b === false ? false : a === true && b === true ? true : null;
export const or = (a: boolean | null, b: boolean | null) =>
  a === true || b === true ? true : a === false && b === false ? false : null;
export const not = (a: boolean | null) => (a === null ? null : !a);

/** Equal within the language's stated relative tolerance (docs/criteria-language.md: 1e-9). */
const same = (x: number, y: number) =>
  x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));

export function cmpNum(op: string, a: Num, b: Num): boolean | null {
  if (Number.isNaN(a.lo) || Number.isNaN(b.lo)) return null;
  // two exact values: within the tolerance they are equal (interval bounds compare exactly)
  const points = a.lo === a.hi && b.lo === b.hi;
  if (points && same(a.lo, b.lo)) return op === "=" || op === "<=" || op === ">=";
  const all = (f: (x: number, y: number) => boolean) =>
    f(a.hi, b.lo) && f(a.lo, b.hi) && f(a.lo, b.lo) && f(a.hi, b.hi);
  const lt = {
    "<": (x: number, y: number) => x < y,
    "<=": (x: number, y: number) => x <= y,
    ">": (x: number, y: number) => x > y,
    ">=": (x: number, y: number) => x >= y,
  };
  const f = lt[op as keyof typeof lt];
  if (f) {
    if (all(f)) return true;
    const neg = { "<": ">=", "<=": ">", ">": "<=", ">=": "<" }[op] as keyof typeof lt;
    return all(lt[neg]) ? false : null;
  }
  const exact = points && a.lo === b.lo;
  const apart = a.hi < b.lo || a.lo > b.hi;
  const eq = exact ? true : apart ? false : null;
  return op === "=" ? eq : not(eq);
}
