/**
 * Growable typed column builders, filled cell by cell while streaming (no row objects, no
 * kept strings apart from unparseable cells), and type inference from a sample of rows.
 */
import { UNKNOWN, type ColumnKind } from "../engine/types";
import {
  dateParts,
  nullToken,
  orderEvidence,
  parseBooleanWord,
  parseNumberInto,
  partsToDays,
  trimCell,
  type Interval,
} from "./values";
import { EXAMPLES, REJECT_CAP, type ColumnStats, type DateOrder, type RawColumn } from "./types";

/** How one CSV column is read: its type and, for dates, the slash-date order (null: undecided). */
export interface ColumnPlan {
  kind: ColumnKind;
  dateOrder: DateOrder | null;
}

function emptyStats(): ColumnStats {
  return {
    present: 0,
    missing: 0,
    missingTokens: {},
    unparseable: 0,
    unparseableExamples: [],
    censored: 0,
    padded: 0,
    min: NaN,
    max: NaN,
  };
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(
  a: T,
  need: number,
  fill: number,
): T {
  if (need <= a.length) return a;
  const cap = Math.max(need, Math.ceil(a.length * 1.5) + 16);
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

function fit<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  return a.length === n ? a : (a.slice(0, n) as T);
}

/** Base builder: missing/unparseable bookkeeping shared by all kinds. */
export abstract class ColumnBuilder {
  n = 0;
  readonly stats = emptyStats();
  readonly rejects = { rows: [] as number[], texts: [] as string[] };

  constructor(
    readonly name: string,
    readonly index: number,
  ) {}

  /** Appends one raw cell (untrimmed) read at physical `line`. */
  push(cell: string, line: number): void {
    const t = trimCell(cell);
    if (t.length === 0 || (t.length <= 13 && this.isNull(t))) {
      this.pushMissing();
      return;
    }
    if (!this.pushValue(t)) {
      this.pushMissing();
      this.stats.missing--;
      this.reject(t, line);
    }
  }

  /** Appends a missing cell for a short row. */
  pad(): void {
    this.pushMissing();
    this.stats.missing--;
    this.stats.padded++;
  }

  private isNull(t: string): boolean {
    const tok = nullToken(t);
    if (tok === null) return false;
    this.stats.missingTokens[tok] = (this.stats.missingTokens[tok] ?? 0) + 1;
    return true;
  }

  private pushMissing(): void {
    this.stats.missing++;
    this.writeMissing();
    this.n++;
  }

  private reject(t: string, line: number): void {
    const s = this.stats;
    s.unparseable++;
    if (s.unparseableExamples.length < EXAMPLES) s.unparseableExamples.push({ line, value: t });
    if (this.rejects.rows.length < REJECT_CAP) {
      this.rejects.rows.push(this.n - 1);
      this.rejects.texts.push(t);
    }
  }

  protected track(v: number): void {
    const s = this.stats;
    s.present++;
    if (!(v >= s.min)) s.min = v;
    if (!(v <= s.max)) s.max = v;
  }

  /** Writes a value at row `this.n` and advances; false when it does not fit the type. */
  protected abstract pushValue(t: string): boolean;
  protected abstract writeMissing(): void;
  abstract finish(): RawColumn;

  protected raw(storage: RawColumn["storage"]): RawColumn {
    return {
      name: this.name,
      index: this.index,
      storage,
      stats: this.stats,
      rejects: this.rejects,
    };
  }
}

export class NumberBuilder extends ColumnBuilder {
  private lo: Float64Array;
  private hi: Float64Array | null = null;
  private readonly out: Interval = { lo: NaN, hi: NaN };

  constructor(
    name: string,
    index: number,
    capacity: number,
    private readonly decimalComma: boolean,
  ) {
    super(name, index);
    this.lo = new Float64Array(capacity);
  }

  protected pushValue(t: string): boolean {
    const o = this.out;
    if (!parseNumberInto(t, this.decimalComma, o)) return false;
    const i = this.n;
    if (i >= this.lo.length) this.ensure(i + 1);
    this.lo[i] = o.lo;
    if (o.lo !== o.hi) {
      this.stats.censored++;
      if (!this.hi) this.hi = grow(this.lo.slice(0, i), this.lo.length, 0);
      this.track(o.lo === -Infinity ? o.hi : o.lo);
    } else this.track(o.lo);
    if (this.hi) this.hi[i] = o.hi;
    this.n = i + 1;
    return true;
  }

  protected writeMissing(): void {
    const i = this.n;
    if (i >= this.lo.length) this.ensure(i + 1);
    this.lo[i] = NaN;
    if (this.hi) this.hi[i] = NaN;
  }

  private ensure(need: number): void {
    this.lo = grow(this.lo, need, 0);
    if (this.hi) this.hi = grow(this.hi, this.lo.length, 0);
  }

  finish(): RawColumn {
    const lo = fit(this.lo, this.n);
    const hi = this.hi ? fit(this.hi, this.n) : lo;
    return this.raw({ kind: "number", lo, hi, unit: "1" });
  }
}

export class BooleanBuilder extends ColumnBuilder {
  private values: Uint8Array;
  constructor(name: string, index: number, capacity: number) {
    super(name, index);
    this.values = new Uint8Array(capacity);
  }
  protected pushValue(t: string): boolean {
    const v = parseBooleanWord(t);
    if (v === -1) return false;
    if (this.n >= this.values.length) this.values = grow(this.values, this.n + 1, 0);
    this.values[this.n++] = v;
    this.stats.present++;
    return true;
  }
  protected writeMissing(): void {
    if (this.n >= this.values.length) this.values = grow(this.values, this.n + 1, 0);
    this.values[this.n] = UNKNOWN;
  }
  finish(): RawColumn {
    return this.raw({ kind: "boolean", values: fit(this.values, this.n) });
  }
}

export class CategoryBuilder extends ColumnBuilder {
  private codes: Int32Array;
  private readonly dict: string[] = [];
  private readonly lookup = new Map<string, number>();
  constructor(name: string, index: number, capacity: number) {
    super(name, index);
    this.codes = new Int32Array(capacity);
  }
  protected pushValue(t: string): boolean {
    let c = this.lookup.get(t);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(t);
      this.lookup.set(t, c);
    }
    if (this.n >= this.codes.length) this.codes = grow(this.codes, this.n + 1, 0);
    this.codes[this.n++] = c;
    this.stats.present++;
    return true;
  }
  protected writeMissing(): void {
    if (this.n >= this.codes.length) this.codes = grow(this.codes, this.n + 1, 0);
    this.codes[this.n] = -1;
  }
  finish(): RawColumn {
    return this.raw({ kind: "category", codes: fit(this.codes, this.n), dict: this.dict });
  }
}

export class DateBuilder extends ColumnBuilder {
  private days: Float64Array;
  /** both readings of ambiguous slash dates, allocated on the first one */
  private alt: { dmy: Float64Array; mdy: Float64Array } | null = null;
  private ambiguous = 0;
  readonly evidence = { dmy: 0, mdy: 0 };

  constructor(
    name: string,
    index: number,
    capacity: number,
    private readonly order: DateOrder | null,
  ) {
    super(name, index);
    this.days = new Float64Array(capacity);
  }

  protected pushValue(t: string): boolean {
    const p = dateParts(t);
    if (!p) return false;
    const i = this.n;
    if (i >= this.days.length) this.ensure(i + 1);
    let d = partsToDays(p, this.order);
    if (this.order === null && p.form === "slash") {
      const ev = orderEvidence(p);
      if (ev) this.evidence[ev]++;
      else if (d !== d && p.a <= 12 && p.b <= 12) {
        const dmy = partsToDays(p, "dmy");
        const mdy = partsToDays(p, "mdy");
        if (dmy !== dmy || mdy !== mdy) return false;
        if (!this.alt)
          this.alt = {
            dmy: new Float64Array(this.days.length).fill(NaN),
            mdy: new Float64Array(this.days.length).fill(NaN),
          };
        this.alt.dmy[i] = dmy;
        this.alt.mdy[i] = mdy;
        this.ambiguous++;
        this.days[i] = NaN;
        this.stats.present++;
        this.n = i + 1;
        return true;
      }
    }
    if (d !== d) return false;
    d = Math.floor(d);
    this.days[i] = d;
    this.track(d);
    this.n = i + 1;
    return true;
  }

  protected writeMissing(): void {
    if (this.n >= this.days.length) this.ensure(this.n + 1);
    this.days[this.n] = NaN;
  }

  private ensure(need: number): void {
    this.days = grow(this.days, need, 0);
    if (this.alt) {
      this.alt.dmy = grow(this.alt.dmy, this.days.length, NaN);
      this.alt.mdy = grow(this.alt.mdy, this.days.length, NaN);
    }
  }

  finish(): RawColumn {
    const days = fit(this.days, this.n);
    const col = this.raw({ kind: "date", days });
    if (this.order) col.dateOrder = this.order;
    const { dmy, mdy } = this.evidence;
    const decided: DateOrder | null =
      dmy > 0 && mdy === 0 ? "dmy" : mdy > 0 && dmy === 0 ? "mdy" : null;
    if (decided) col.dateOrder = decided;
    if (this.alt) {
      const a = {
        ambiguous: this.ambiguous,
        dmy: fit(this.alt.dmy, this.n),
        mdy: fit(this.alt.mdy, this.n),
      };
      if (decided) resolveDates(col, a, decided);
      else col.dateAmbiguity = a;
    }
    return col;
  }
}

/** Fills a date column's ambiguous values from one reading, and updates min/max. */
export function resolveDates(
  col: RawColumn,
  alt: { dmy: Float64Array; mdy: Float64Array },
  order: DateOrder,
): void {
  if (col.storage.kind !== "date") return;
  const days = col.storage.days;
  const src = alt[order];
  const s = col.stats;
  for (let i = 0; i < days.length; i++) {
    const v = src[i]!;
    if (v === v) {
      days[i] = v;
      if (!(v >= s.min)) s.min = v;
      if (!(v <= s.max)) s.max = v;
    }
  }
  col.dateOrder = order;
  delete col.dateAmbiguity;
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
      return new CategoryBuilder(name, index, capacity);
  }
}

const DATE_HEADER = /date|dob|birth|_dt$|^dt_|day|visit|onset|diagnos/i;

/**
 * Infers a column's plan from sample cells: boolean when every value is a boolean word,
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
  const ev = { dmy: 0, mdy: 0 };
  const out: Interval = { lo: NaN, hi: NaN };
  for (const cell of cells) {
    const t = trimCell(cell);
    if (nullToken(t) !== null) continue;
    n++;
    if (parseBooleanWord(t) !== -1) bools++;
    const p = dateParts(t);
    if (p && (p.form !== "ymd8" || DATE_HEADER.test(header))) {
      const d = partsToDays(p, null);
      const e = orderEvidence(p);
      if (e) ev[e]++;
      if (d === d || (p.form === "slash" && p.a <= 12 && p.b <= 12) || e) {
        dates++;
        if (p.form === "ymd8") ymd8++;
      }
    }
    if (parseNumberInto(t, decimalComma, out)) nums++;
  }
  if (n === 0) return { kind: "category", dateOrder: null };
  if (bools === n) return { kind: "boolean", dateOrder: null };
  if (dates >= 0.9 * n && (ymd8 < dates || DATE_HEADER.test(header))) {
    const order = ev.dmy > 0 && ev.mdy === 0 ? "dmy" : ev.mdy > 0 && ev.dmy === 0 ? "mdy" : null;
    return { kind: "date", dateOrder: order };
  }
  if (nums >= 0.9 * n) return { kind: "number", dateOrder: null };
  return { kind: "category", dateOrder: null };
}
