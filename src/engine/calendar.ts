/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC), allocation-free.
 * Civil dates are packed as y * 10000 + m * 100 + d so hot loops return one number.
 *
 * @example
 * addMonths(parseIsoDate("2024-03-31"), -1) === parseIsoDate("2024-02-29")
 */

/** How a date window's amount counts: calendar months or years, or plain days (null). */
export type Calendar = "month" | "year" | null;

/** Day number of a civil date (proleptic Gregorian), for a valid date (see `daysOfDate`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number, packed as y * 10000 + m * 100 + d. */
export function civilPacked(days: number): number {
  const z = days + 719468;
  if (z < 0 || z > 2e9) return civilPackedSlow(z);
  // integer arithmetic (|0) is exact here and several times faster than Math.floor
  const era = (z / 146097) | 0;
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 10000 + m * 100 + d;
}

function civilPackedSlow(z: number): number {
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Adds whole calendar months, clamping the day to the month's end (Mar 31 - 1 month = Feb 28/29). */
export function addMonths(days: number, months: number): number {
  if (days !== days || months !== months) return NaN;
  const p = civilPacked(days);
  const y = Math.floor(p / 10000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const dim = daysInMonth(ny, nm);
  return daysFromCivil(ny, nm, d < dim ? d : dim);
}

/**
 * Whole years from `birth` to `on`: a year is added on the birthday; someone born on 29 Feb
 * turns a year older on 1 Mar in non-leap years.
 */
export function wholeYears(birth: number, on: number): number {
  if (birth !== birth || on !== on) return NaN;
  return yearsBetweenPacked(civilPacked(birth), civilPacked(on));
}

/** Whole years between two packed civil dates (see `wholeYears`). */
export function yearsBetweenPacked(b: number, o: number): number {
  const years = Math.floor(o / 10000) - Math.floor(b / 10000);
  return o % 10000 < b % 10000 ? years - 1 : years;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' string, or NaN when it is not a valid date. */
export function parseIsoDate(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

/** 'YYYY-MM-DD' of a day number ("" when missing). */
export function formatIsoDate(days: number): string {
  if (days !== days) return "";
  const p = civilPacked(days);
  const y = Math.floor(p / 10000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** First year of the month table (the dates of registries: a table lookup, not arithmetic). */
const Y0 = 1800;
const YEARS = 400;
/** day number of the 1st of each month of Y0 .. Y0 + YEARS - 1, and the month's length */
const MONTH_START = new Int32Array(YEARS * 12);
const MONTH_DAYS = new Uint8Array(YEARS * 12);
for (let k = 0; k < YEARS * 12; k++) {
  const y = Y0 + Math.floor(k / 12);
  MONTH_START[k] = daysFromCivil(y, (k % 12) + 1, 1);
  MONTH_DAYS[k] = daysInMonth(y, (k % 12) + 1);
}

/**
 * Day number of a civil date read from a file, NaN when it is not a date (month 13, 31 April,
 * a fraction). The reader's hot loops call it per cell: 1800-2199 from a month table.
 */
export function daysOfDate(y: number, m: number, d: number): number {
  // the month table (undefined for another year or a fraction of a month); any other date,
  // fractions and an invalid day by arithmetic
  const k = (y - Y0) * 12 + m - 1;
  const len = MONTH_DAYS[k];
  if (
    len !== undefined &&
    (y | 0) === y &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= len &&
    (d | 0) === d
  )
    return MONTH_START[k]! + d - 1;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/** Shifts a day number by n days or n calendar months (fractional months fall back to days). */
export function shiftDays(days: number, n: number, calendar: Calendar): number {
  if (calendar === null) return days + n;
  return Number.isInteger(n) ? addMonths(days, n) : days + n * 30.4375;
}

/**
 * Whole years on one date by days since birth (0 .. AGE_SPAN-1), for kernels that take ages
 * on the same date row after row (the screening date): a lookup instead of two calendar
 * conversions per row. The last 8 dates are kept.
 */
export const AGE_SPAN = 366 * 130;
const ageTables = new Map<number, Int16Array>();
export function ageTable(on: number): Int16Array {
  let t = ageTables.get(on);
  if (t) return t;
  if (ageTables.size >= 8) ageTables.delete(ageTables.keys().next().value!);
  t = new Int16Array(AGE_SPAN);
  for (let k = 0; k < AGE_SPAN; k++) t[k] = wholeYears(on - k, on);
  ageTables.set(on, t);
  return t;
}
