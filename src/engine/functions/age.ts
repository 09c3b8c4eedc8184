/**
 * `age_from(birth_date, birth_year, age, age_on, on_date)`: age in whole years on `on_date`
 * from whichever the extract gives. A birth date gives the exact age; otherwise each of a
 * year of birth (born between 1 January and 31 December) and an age in whole years on
 * `age_on` (born after that birthday a year earlier, on or before the last one) bounds the
 * birth date, the bounds are intersected, and the age on `on_date` is the interval of the
 * ages of every birth date left. Three-valued logic then decides `age between 18 and 65`
 * wherever the whole interval lies on one side (a year of birth leaves the age unknown only
 * in the year of the 18th or 65th/66th birthday).
 *
 * @example
 * age_from(birth_date, birth_year, age_years, coalesce(age_date, extract_date), screening_date)
 */
import { AGE_SPAN, ageTable, daysFromCivil, wholeYears, addMonths } from "../calendar.ts";
import type { DateVec, NumVec } from "../types.ts";
import type { FunctionSpec } from "./types.ts";

/** Earliest and latest birth dates of someone `age` whole years old on `on` (into out). */
export function birthRangeForAge(age: number, on: number, out: Float64Array): void {
  let hi = addMonths(on, -12 * age);
  while (wholeYears(hi, on) < age) hi--;
  while (wholeYears(hi + 1, on) >= age) hi++;
  let lo = addMonths(on, -12 * (age + 1));
  while (wholeYears(lo, on) > age) lo++;
  while (wholeYears(lo - 1, on) <= age) lo--;
  out[0] = lo;
  out[1] = hi;
}

const range = new Float64Array(2);

/**
 * birthRangeForAge memoised per (age, on): a kernel asks for the same few ages on the same
 * extract date row after row, and each answer costs some eight calendar conversions.
 * Keyed by the day `on`; whole ages 0-255 only; forgotten when many dates are seen.
 */
const memo = new Map<number, Float64Array>();
function birthRange(age: number, on: number, out: Float64Array): void {
  if (!(age >= 0 && age < 256)) return birthRangeForAge(age, on, out);
  let m = memo.get(on);
  if (m === undefined) {
    if (memo.size >= 64) memo.clear();
    m = new Float64Array(512).fill(NaN);
    memo.set(on, m);
  }
  if (m[2 * age] !== m[2 * age]) {
    birthRangeForAge(age, on, out);
    m[2 * age] = out[0]!;
    m[2 * age + 1] = out[1]!;
    return;
  }
  out[0] = m[2 * age]!;
  out[1] = m[2 * age + 1]!;
}

export const AGE_FROM: FunctionSpec = {
  name: "age_from",
  params: [
    { name: "birth_date", type: "date" },
    { name: "birth_year", type: "number" },
    { name: "age", type: "number", unit: "years" },
    { name: "age_on", type: "date" },
    { name: "on_date", type: "date" },
  ],
  returns: { type: "number", unit: "years" },
  doc: "age in whole years on a date from a birth date, else from a year of birth and/or an age on another date (an interval when not exact)",
  example:
    "age_from(birth_date, birth_year, age_years, coalesce(age_date, extract_date), screening_date)",
  kernel(args, n, out) {
    const bd = args[0] as DateVec;
    const by = args[1] as NumVec;
    const age = args[2] as NumVec;
    const ageOn = args[3] as DateVec;
    const on = args[4] as DateVec;
    const o = out as NumVec;
    let lastOn = NaN;
    let table: Int16Array = new Int16Array(0);
    // whole years from a birth day to d, by the date's age table where it reaches
    const years = (b: number, d: number): number => {
      const k = d - b;
      return k >= 0 && k < AGE_SPAN && (k | 0) === k ? table[k]! : wholeYears(b, d);
    };
    for (let i = 0; i < n; i++) {
      const d = on[i]!;
      const b = bd[i]!;
      if (d !== d) {
        o.lo[i] = o.hi[i] = NaN;
        continue;
      }
      if (d !== lastOn) {
        lastOn = d;
        table = ageTable(d);
      }
      if (b === b) {
        o.lo[i] = o.hi[i] = years(b, d);
        continue;
      }
      let lo = -Infinity;
      let hi = Infinity;
      let any = false;
      const y = by.lo[i]!;
      if (y === y && y === by.hi[i]! && Number.isInteger(y)) {
        lo = daysFromCivil(y, 1, 1);
        hi = daysFromCivil(y, 12, 31);
        any = true;
      }
      const a0 = age.lo[i]!;
      const a1 = age.hi[i]!;
      const e = ageOn[i]!;
      if (a0 === a0 && e === e) {
        // a censored age (`>65`) bounds one side only
        if (Number.isFinite(a1)) {
          birthRange(Math.floor(a1), e, range);
          lo = Math.max(lo, range[0]!);
        }
        if (Number.isFinite(a0)) {
          birthRange(Math.floor(a0), e, range);
          hi = Math.min(hi, range[1]!);
        }
        any = true;
      }
      if (!any || lo > hi) {
        // nothing given, or the year and the age contradict each other: missing
        o.lo[i] = o.hi[i] = NaN;
        continue;
      }
      o.lo[i] = hi === Infinity ? -Infinity : years(hi, d);
      o.hi[i] = lo === -Infinity ? Infinity : years(lo, d);
    }
  },
};
