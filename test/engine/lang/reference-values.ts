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

export function cmpNum(op: string, a: Num, b: Num): boolean | null {
  if (Number.isNaN(a.lo) || Number.isNaN(b.lo)) return null;
  const all = (f: (x: number, y: number) => boolean) =>
    f(a.hi, b.lo) && f(a.lo, b.hi) && f(a.lo, b.lo) && f(a.hi, b.hi);
  const lt = {
    "<": (x: number, y: number) => x < y,
    "<=": (x: number, y: number) => x <= y,
    ">": (x: number, y: number) => x > y,
    ">=": (x: number, y: number) => x >= y,
  }[op];
  if (lt) {
    if (all(lt)) return true;
    const neg = { "<": ">=", "<=": ">", ">": "<=", ">=": "<" }[op]!;
    const ln = {
      "<": (x: number, y: number) => x < y,
      "<=": (x: number, y: number) => x <= y,
      ">": (x: number, y: number) => x > y,
      ">=": (x: number, y: number) => x >= y,
    }[neg]!;
    return all(ln) ? false : null;
  }
  const exact = a.lo === a.hi && b.lo === b.hi && a.lo === b.lo;
  const apart = a.hi < b.lo || a.lo > b.hi;
  const eq = exact ? true : apart ? false : null;
  return op === "=" ? eq : not(eq);
}
