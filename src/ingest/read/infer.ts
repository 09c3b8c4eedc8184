/** Column plans: type inference from a sample of cells, and the builder for a plan. */
import {
  BooleanBuilder,
  CategoryBuilder,
  NumberBuilder,
  type ColumnBuilder,
  type ColumnPlan,
} from "./columns.ts";
import { codeBytes } from "../../engine/codes.ts";
import { TRUE } from "../../engine/types.ts";
import { DateBuilder } from "./dates.ts";
import {
  dateParts,
  nullToken,
  orderEvidence,
  parseBooleanWord,
  parseNumberInto,
  partsToDays,
  trimCell,
  type Interval,
} from "./values.ts";

/** headers under which an 8-digit number (YYYYMMDD) may be a date */
export const DATE_HEADER = /date|dob|birth|_dt$|^dt_|day|visit|onset|diagnos/i;

/**
 * Infers a column's plan from sample cells: boolean when every value is a boolean word and
 * both truths occur, number unless a value has a leading zero ("08123": a code),
 * number or date when at least 90% of the values are (the rest become counted unparseables),
 * else category. YYYYMMDD counts as a date only under a date-like header.
 *
 * @example
 * inferPlan(["1,5", "2", "NA"], "upcr", true) // { kind: "number", dateOrder: null }
 */
export function inferPlan(
  cells: readonly string[],
  header: string,
  decimalComma: boolean,
): ColumnPlan {
  let n = 0;
  let bools = 0;
  let nums = 0;
  let dates = 0;
  let ymd8 = 0;
  let ones = 0;
  let zeros = 0;
  let words = 0;
  let trues = 0;
  let codes = 0;
  const ev = { dmy: 0, mdy: 0 };
  const out: Interval = { lo: NaN, hi: NaN };
  // a kind is no longer tried once the cells seen rule it out whatever the rest hold (a value
  // that is no boolean word; more than 10% of all cells not dates, or not numbers; a leading
  // zero): the same plan, without parsing every cell three ways (the parallel read's probe
  // infers 95 columns x 2,000 cells on one thread before the parts start)
  const most = 0.1 * cells.length;
  let maybeBool = true;
  let notDates = 0;
  let notNums = 0;
  for (const cell of cells) {
    const t = trimCell(cell);
    if (nullToken(t) !== null) continue;
    n++;
    if (maybeBool) {
      const b = parseBooleanWord(t);
      if (b !== -1) {
        bools++;
        if (b === TRUE) trues++;
        if (t === "1") ones++;
        else if (t === "0") zeros++;
        else words++;
      } else maybeBool = false;
    }
    if (notDates <= most) {
      const p = dateParts(t);
      let date = false;
      if (p && (p.form !== "ymd8" || DATE_HEADER.test(header))) {
        const d = partsToDays(p, null);
        const e = orderEvidence(p);
        if (e) ev[e]++;
        if (d === d || (p.form === "slash" && p.a <= 12 && p.b <= 12) || e) {
          dates++;
          date = true;
          if (p.form === "ymd8") ymd8++;
        }
      }
      if (!date) notDates++;
    }
    // "08123": a code (zip, id) whose leading zero matters, not a quantity
    if (t.length > 1 && t.charCodeAt(0) === 48 && t.charCodeAt(1) >= 48 && t.charCodeAt(1) <= 57)
      codes++;
    if (codes === 0 && notNums <= most) {
      if (parseNumberInto(t, decimalComma, out)) nums++;
      else notNums++;
    }
  }
  if (n === 0) return categoryPlan(cells);
  // yes/no only when both truths appear: a column of 1s is a number, a column of only `F` (a
  // women-only extract's sex) or only `no` keeps its text as a category, which a yes/no
  // variable reads as well (the mapping types a column by the variable it feeds)
  if (bools === n && trues > 0 && trues < n && (words > 0 || (ones > 0 && zeros > 0)))
    return { kind: "boolean", dateOrder: null };
  if (dates >= 0.9 * n && (ymd8 < dates || DATE_HEADER.test(header))) {
    const order = ev.dmy > 0 && ev.mdy === 0 ? "dmy" : ev.mdy > 0 && ev.dmy === 0 ? "mdy" : null;
    return { kind: "date", dateOrder: order };
  }
  if (nums >= 0.9 * n && codes === 0) return { kind: "number", dateOrder: null };
  return categoryPlan(cells);
}

/**
 * A category plan with the code width its sample suggests (columns.ts `CategoryBuilder`; a
 * parallel read lays out its shared codes with it): Int32 when most sample values are distinct
 * (ids, free text), else the sample dictionary's width; a builder widens when it must.
 */
function categoryPlan(cells: readonly string[]): ColumnPlan {
  const seen = new Set<string>();
  for (const cell of cells) {
    const t = trimCell(cell);
    if (nullToken(t) === null) seen.add(t);
  }
  const bytes = seen.size * 2 > cells.length && seen.size > 128 ? 4 : codeBytes(seen.size);
  return bytes > 1
    ? { kind: "category", dateOrder: null, codeBytes: bytes }
    : { kind: "category", dateOrder: null };
}

/** Creates the builder for a plan. */
export function makeBuilder(
  plan: ColumnPlan,
  name: string,
  index: number,
  capacity: number,
  decimalComma: boolean,
): ColumnBuilder {
  switch (plan.kind) {
    case "number":
      return new NumberBuilder(name, index, capacity, decimalComma);
    case "boolean":
      return new BooleanBuilder(name, index, capacity);
    case "date":
      return new DateBuilder(name, index, capacity, plan.dateOrder);
    case "category":
      return new CategoryBuilder(name, index, capacity, plan.codeBytes);
  }
}
