/**
 * Date column builder: ISO, YYYYMMDD, DD.MM.YYYY and slash dates whose order is decided per column.
 * Day numbers are stored as Float32 (whole days of years 0000-9999 are exact in it).
 */
import { cellAt, grow, fit, ColumnBuilder, type ColumnPlan } from "./columns.ts";
import type { DateOrder, RawColumn } from "../types.ts";
import { dateParts, digitsAt, orderEvidence, partsToDays, trimCell } from "./values.ts";
import { daysOfDate } from "../../engine/calendar.ts";

/** Marker for an ambiguous slash date (a value no real day number takes). */
const AMBIGUOUS = -1e300;

export class DateBuilder extends ColumnBuilder {
  get plan(): ColumnPlan {
    return { kind: "date", dateOrder: this.order };
  }
  private days: Float32Array;
  /** both readings of ambiguous slash dates, allocated on the first one */
  private alt: { dmy: Float32Array; mdy: Float32Array } | null = null;
  private ambiguous = 0;
  readonly evidence = { dmy: 0, mdy: 0 };

  constructor(
    name: string,
    index: number,
    capacity: number,
    private readonly order: DateOrder | null,
  ) {
    super(name, index);
    this.days = new Float32Array(capacity);
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

  override pushRange(text: string, s: number, e: number, line: number): void {
    // YYYY-MM-DD, the common export form: read by char codes
    if (e - s === 10 && text.charCodeAt(s + 4) === 45 && text.charCodeAt(s + 7) === 45) {
      const y = digitsAt(text, s, 4);
      const mo = digitsAt(text, s + 5, 2);
      const d = digitsAt(text, s + 8, 2);
      const v = y >= 0 && mo >= 0 && d >= 0 ? daysOfDate(y, mo, d) : NaN;
      if (v === v) {
        const i = this.n;
        if (i >= this.days.length) this.ensure(i + 1);
        this.days[i] = v;
        this.n = i + 1;
        const st = this.stats;
        st.present++;
        if (!(v >= st.min)) st.min = v;
        if (!(v <= st.max)) st.max = v;
        return;
      }
    }
    if (this.quickMissing(text, s, e)) {
      const i = this.n;
      if (i >= this.days.length) this.ensure(i + 1);
      this.days[i] = NaN;
      this.n = i + 1;
    } else this.pushSlow(cellAt(text, s, e), line);
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
      this.alt = { dmy: new Float32Array(n).fill(NaN), mdy: new Float32Array(n).fill(NaN) };
    }
    this.alt.dmy[i] = dmy;
    this.alt.mdy[i] = mdy;
    this.ambiguous++;
    return AMBIGUOUS;
  }

  reserve(need: number): void {
    if (need > this.days.length) this.ensure(need);
  }
  /** day numbers (the fast path writes here after `reserve`) */
  get dayArray(): Float32Array {
    return this.days;
  }

  private ensure(need: number): void {
    this.days = grow(this.days, need, 0);
    if (this.alt) {
      this.alt.dmy = grow(this.alt.dmy, this.days.length, NaN);
      this.alt.mdy = grow(this.alt.mdy, this.days.length, NaN);
    }
  }

  finish(): RawColumn {
    const days = fit(this.days, this.n, this.keepSpare);
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

/** Fills a date column's ambiguous values from one reading, and updates min/max. */
export function resolveDates(
  col: RawColumn,
  alt: { dmy: Float32Array; mdy: Float32Array },
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
