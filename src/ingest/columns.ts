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
  plainNumber,
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

/**
 * Base builder: missing/unparseable bookkeeping shared by all kinds. Subclasses implement
 * `pushBatch` as one tight, monomorphic loop over a column of a batch of rows.
 */
export abstract class ColumnBuilder {
  n = 0;
  readonly stats = emptyStats();
  readonly rejects = { rows: [] as number[], texts: [] as string[] };

  constructor(
    readonly name: string,
    readonly index: number,
  ) {}

  /** how the column is read (kind, date order), for reading other parts of the file alike */
  abstract get plan(): ColumnPlan;

  /**
   * Appends cell `j` of each row (undefined: the row was short) read at physical `lines[r]`.
   * Capacity for all rows is ensured first.
   */
  abstract pushBatch(
    rows: readonly (readonly string[])[],
    j: number,
    lines: readonly number[],
  ): void;
  abstract finish(): RawColumn;

  /** Appends one cell (tests and small inputs). */
  push(cell: string | undefined, line: number): void {
    this.pushBatch([cell === undefined ? [] : [cell]], 0, [line]);
  }

  /** The cell is missing (blank or null token)? Counts the token. */
  protected missingToken(t: string): boolean {
    const tok = t.length === 0 ? "" : nullToken(t);
    if (tok === null) return false;
    const s = this.stats;
    s.missing++;
    s.missingTokens[tok] = (s.missingTokens[tok] ?? 0) + 1;
    return true;
  }

  /** Counts an unparseable cell at row `row` and keeps its text. */
  protected reject(t: string, row: number, line: number): void {
    const s = this.stats;
    s.unparseable++;
    if (s.unparseableExamples.length < EXAMPLES) s.unparseableExamples.push({ line, value: t });
    if (this.rejects.rows.length < REJECT_CAP) {
      this.rejects.rows.push(row);
      this.rejects.texts.push(t);
    }
  }

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
  get plan(): ColumnPlan {
    return { kind: "number", dateOrder: null };
  }
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

  pushBatch(rows: readonly (readonly string[])[], j: number, lines: readonly number[]): void {
    const m = rows.length;
    this.ensure(this.n + m);
    const s = this.stats;
    const lo = this.lo;
    let min = s.min;
    let max = s.max;
    let present = 0;
    let i = this.n;
    for (let r = 0; r < m; r++, i++) {
      const cell = rows[r]![j];
      if (cell === undefined) {
        s.padded++;
        lo[i] = NaN;
        if (this.hi) this.hi[i] = NaN;
        continue;
      }
      let v = cell.length > 0 ? plainNumber(cell) : NaN;
      let t = cell;
      if (v !== v) {
        t = trimCell(cell);
        if (t !== cell && t.length > 0) v = plainNumber(t);
      }
      if (v === v) {
        lo[i] = v;
        if (this.hi) this.hi[i] = v;
        present++;
        if (!(v >= min)) min = v;
        if (!(v <= max)) max = v;
        continue;
      }
      lo[i] = NaN;
      if (this.hi) this.hi[i] = NaN;
      if (this.missingToken(t)) continue;
      const o = this.out;
      if (!parseNumberInto(t, this.decimalComma, o)) {
        this.reject(t, i, lines[r]!);
        continue;
      }
      present++;
      lo[i] = o.lo;
      if (o.lo !== o.hi) {
        s.censored++;
        if (!this.hi) {
          this.hi = new Float64Array(lo.length);
          this.hi.set(lo.subarray(0, i));
        }
      }
      if (this.hi) this.hi[i] = o.hi;
      const b = o.lo === -Infinity ? o.hi : o.lo;
      if (!(b >= min)) min = b;
      if (!(b <= max)) max = b;
    }
    this.n = i;
    s.present += present;
    s.min = min;
    s.max = max;
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
  get plan(): ColumnPlan {
    return { kind: "boolean", dateOrder: null };
  }
  private values: Uint8Array;
  constructor(name: string, index: number, capacity: number) {
    super(name, index);
    this.values = new Uint8Array(capacity);
  }
  pushBatch(rows: readonly (readonly string[])[], j: number, lines: readonly number[]): void {
    const m = rows.length;
    this.values = grow(this.values, this.n + m, 0);
    const vals = this.values;
    const s = this.stats;
    let i = this.n;
    for (let r = 0; r < m; r++, i++) {
      const cell = rows[r]![j];
      vals[i] = UNKNOWN;
      if (cell === undefined) {
        s.padded++;
        continue;
      }
      const t = trimCell(cell);
      const v = parseBooleanWord(t);
      if (v !== -1) {
        vals[i] = v;
        s.present++;
      } else if (!this.missingToken(t)) this.reject(t, i, lines[r]!);
    }
    this.n = i;
  }
  finish(): RawColumn {
    return this.raw({ kind: "boolean", values: fit(this.values, this.n) });
  }
}

export class CategoryBuilder extends ColumnBuilder {
  get plan(): ColumnPlan {
    return { kind: "category", dateOrder: null };
  }
  private codes: Int32Array;
  private readonly dict: string[] = [];
  private readonly lookup = new Map<string, number>();
  private readonly recent: string[] = [];
  private readonly recentCodes: number[] = [];
  constructor(name: string, index: number, capacity: number) {
    super(name, index);
    this.codes = new Int32Array(capacity);
  }
  pushBatch(rows: readonly (readonly string[])[], j: number): void {
    const m = rows.length;
    this.codes = grow(this.codes, this.n + m, 0);
    const codes = this.codes;
    const s = this.stats;
    const lookup = this.lookup;
    const recent = this.recent;
    const recentCodes = this.recentCodes;
    let nr = recent.length;
    let i = this.n;
    let present = 0;
    for (let r = 0; r < m; r++, i++) {
      const cell = rows[r]![j];
      if (cell === undefined) {
        s.padded++;
        codes[i] = -1;
        continue;
      }
      // low-cardinality columns: a short scan of recent spellings beats hashing every cell
      let c: number | undefined;
      for (let k = 0; k < nr; k++) {
        if (recent[k] === cell) {
          c = recentCodes[k];
          break;
        }
      }
      if (c === undefined) {
        c = lookup.get(cell);
        if (c === undefined) c = this.intern(cell);
        if (nr < RECENT) {
          recent.push(cell);
          recentCodes.push(c);
          nr++;
        }
      }
      codes[i] = c;
      if (c >= 0) present++;
      else this.missingToken(trimCell(cell));
    }
    this.n = i;
    s.present += present;
  }
  /** Code of a new raw spelling: -1 for missing, else the code of its trimmed text. */
  private intern(cell: string): number {
    const t = trimCell(cell);
    let c = t === cell ? undefined : this.lookup.get(t);
    if (c === undefined) {
      if (t.length === 0 || nullToken(t) !== null) c = -1;
      else {
        c = this.dict.length;
        this.dict.push(t);
      }
      this.lookup.set(t, c);
    }
    this.lookup.set(cell, c);
    return c;
  }
  finish(): RawColumn {
    return this.raw({ kind: "category", codes: fit(this.codes, this.n), dict: this.dict });
  }
}

export class DateBuilder extends ColumnBuilder {
  get plan(): ColumnPlan {
    return { kind: "date", dateOrder: this.order };
  }
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

  pushBatch(rows: readonly (readonly string[])[], j: number, lines: readonly number[]): void {
    const m = rows.length;
    this.ensure(this.n + m);
    const days = this.days;
    const s = this.stats;
    let i = this.n;
    for (let r = 0; r < m; r++, i++) {
      const cell = rows[r]![j];
      days[i] = NaN;
      if (cell === undefined) {
        s.padded++;
        continue;
      }
      const t = trimCell(cell);
      const d = this.day(t, i);
      if (d === AMBIGUOUS) s.present++;
      else if (d === d) {
        days[i] = d;
        s.present++;
        if (!(d >= s.min)) s.min = d;
        if (!(d <= s.max)) s.max = d;
      } else if (!this.missingToken(t)) this.reject(t, i, lines[r]!);
    }
    this.n = i;
  }

  /** Day number of a trimmed cell; NaN when not a date; AMBIGUOUS (kept in `alt`) when undecidable. */
  private day(t: string, i: number): number {
    const p = dateParts(t);
    if (!p) return NaN;
    const d = partsToDays(p, this.order);
    if (this.order !== null || p.form !== "slash") return d;
    const ev = orderEvidence(p);
    if (ev) {
      this.evidence[ev]++;
      return d;
    }
    if (d === d || p.a > 12 || p.b > 12) return d;
    const dmy = partsToDays(p, "dmy");
    const mdy = partsToDays(p, "mdy");
    if (dmy !== dmy || mdy !== mdy) return NaN;
    if (!this.alt) {
      const n = this.days.length;
      this.alt = { dmy: new Float64Array(n).fill(NaN), mdy: new Float64Array(n).fill(NaN) };
    }
    this.alt.dmy[i] = dmy;
    this.alt.mdy[i] = mdy;
    this.ambiguous++;
    return AMBIGUOUS;
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
    else col.dateEvidence = { ...this.evidence };
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

const RECENT = 12;

/** Marker for an ambiguous slash date (a value no real day number takes). */
const AMBIGUOUS = -1e300;

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
 * Infers a column's plan from sample cells: boolean when every value is a boolean word
 * (0/1 only when both occur), number unless a value has a leading zero ("08123": a code),
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
  let codes = 0;
  const ev = { dmy: 0, mdy: 0 };
  const out: Interval = { lo: NaN, hi: NaN };
  for (const cell of cells) {
    const t = trimCell(cell);
    if (nullToken(t) !== null) continue;
    n++;
    const b = parseBooleanWord(t);
    if (b !== -1) {
      bools++;
      if (t === "1") ones++;
      else if (t === "0") zeros++;
      else words++;
    }
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
    // "08123": a code (zip, id) whose leading zero matters, not a quantity
    if (t.length > 1 && t.charCodeAt(0) === 48 && t.charCodeAt(1) >= 48 && t.charCodeAt(1) <= 57)
      codes++;
  }
  if (n === 0) return { kind: "category", dateOrder: null };
  // 0/1 alone is a flag only when both appear (a column of 1s is a number)
  if (bools === n && (words > 0 || (ones > 0 && zeros > 0)))
    return { kind: "boolean", dateOrder: null };
  if (dates >= 0.9 * n && (ymd8 < dates || DATE_HEADER.test(header))) {
    const order = ev.dmy > 0 && ev.mdy === 0 ? "dmy" : ev.mdy > 0 && ev.dmy === 0 ? "mdy" : null;
    return { kind: "date", dateOrder: order };
  }
  if (nums >= 0.9 * n && codes === 0) return { kind: "number", dateOrder: null };
  return { kind: "category", dateOrder: null };
}
