/**
 * The quote-free fast path in one pass: each row is scanned once, and each cell is read while
 * its end is found (a small-int kind switch per column inside one monomorphic loop): boolean
 * words, plain decimals of at most 15 digits and censored ones (<x, <=x, >x, >=x, ≤x, ≥x), ISO
 * dates, blank, whitespace-only and the common null tokens, and category spellings seen before
 * (found by a hash of the chars, spellings.ts; also between quotes without `""`) go straight
 * into the builders' typed arrays. Anything else (other quoted cells, decimal commas, other
 * null tokens, leading spaces, new spellings) is an event of its row, replayed through the
 * builder's general path once the row is known to have exactly one cell per column. So a
 * ragged row, a blank line or a record PapaParse must read leaves no trace, and the table is
 * the one the PapaParse path gives (test/ingest/fastpath.test.ts compares them).
 *
 * Counters are kept per batch and handed to the builders at its end (`flush`): present cells;
 * blank, null-token and censored cells (counted while the row is read, taken back when the row
 * is not read here after all; a token only once it has its key, so keys keep the order of
 * first occurrence); min/max (kept while reading, in row order, and merged into the stats
 * before any general-path cell of the column; a value of a row read again by another path is
 * seen twice in a row, which changes neither).
 *
 * The reader may look up to 16 chars past the rows it is given (core.ts pads): a read past a
 * string's end would deoptimize it. The file is longer than the house's ~400 lines because the
 * hot loop is kept in one function on purpose (no call per cell: that is what the pass saves).
 */
import { FALSE, TRUE, UNKNOWN, type CodeArray } from "../../engine/types.ts";
import { BooleanBuilder, CategoryBuilder, NumberBuilder, type ColumnBuilder } from "./columns.ts";
import { DateBuilder } from "./dates.ts";
import { BOOL1, W_NEGA, W_POSI, W_TIVE, boolWord, lower4 } from "./bool-words.ts";
import { ABSENT, hashRange, type Spellings } from "./spellings.ts";
import { nextDown, nextUp, plainNumberAt } from "./values.ts";
import { daysOfDate } from "../../engine/calendar.ts";

const K_BOOL = 0;
const K_NUM = 1;
const K_DATE = 2;
const K_CAT = 3;
/** cells beyond the header's columns (long rows) */
const K_SKIP = 4;

/**
 * Events of a row, replayed once it is known to have one cell per column: a cell for the
 * general path (EV_SLOW = 0, only written as a literal), a new category spelling (EV_CAT), or a
 * counted cell (EV_COUNT + its counter) whose token has no key in `missingTokens` yet.
 */
const EV_CAT = 1;
const EV_COUNT = 2;
/** the other null spellings read inline, as `nullToken` names them */
const TOKENS = ["n/a", "nd", "-"] as const;
const NT = TOKENS.length;
/**
 * Counters of a column (`counts[C * n + j]`): blank (and whitespace only), NA, TOKENS,
 * censored. A counted cell is counted while its row is read and taken back (`undo`) when the
 * row turns out ragged, blank or left to PapaParse. Their events: EV_COUNT + C (2 blank,
 * 3 NA, 4 N/A, 5 ND, 6 -, 7 censored), written as literals in `consume`.
 */
const C_NA = 1;
const C_TOK = 2;
const C_CENS = C_TOK + NT;
const NC = C_CENS + 1;

/**
 * In `consume` these codes (and TRUE = 1, FALSE = 0, UNKNOWN = 2) are written as literals:
 * V8's optimized code loads a module-level const from its context at every use (measured:
 * the yes/no test ran in doubles).
 */
const CODES: [typeof TRUE, typeof FALSE, typeof UNKNOWN] = [1, 0, 2];
void CODES;

/** rows between flushes of the counters */
const BATCH = 4096;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** What the reader needs from its core: ragged rows are read there, cell by cell. */
export interface FusedHost {
  raggedRow(
    text: string,
    start: number,
    end: number,
    line: number,
    crlf: boolean,
    dc: number,
  ): void;
  /** a blank line was skipped: row `row` is on line `line` */
  rowOnLine(row: number, line: number): void;
}

export interface FusedResult {
  /** -1, or the start of the first record left to PapaParse */
  bail: number;
  line: number;
  rows: number;
  blank: number;
}

export class FusedReader {
  private readonly n: number;
  private readonly kinds: Uint8Array;
  private readonly bools: (BooleanBuilder | null)[];
  private readonly nums: (NumberBuilder | null)[];
  private readonly dates: (DateBuilder | null)[];
  private readonly cats: (CategoryBuilder | null)[];
  // arrays of the current batch (refreshed after `reserve` and after general-path cells)
  private readonly vals: Uint8Array[];
  private readonly lo: Float64Array[];
  private readonly hi: (Float64Array | null)[];
  private readonly days: Float32Array[];
  private readonly codes: CodeArray[];
  private readonly spells: (Spellings | null)[];
  // per-batch counters (see C_NA)
  private readonly counts: Int32Array;
  /** 1 where a counter's token has its key in the column's `missingTokens` (censored: always) */
  private readonly has: Uint8Array;
  /** the counters counted in the current row (to take them back) */
  private readonly undo: Int32Array;
  private readonly slow: Int32Array;
  /** min/max of the values read inline since the last merge into the column's stats */
  private readonly mins: Float64Array;
  private readonly maxs: Float64Array;
  // events of the current row
  private readonly evJ: Int32Array;
  private readonly evType: Int32Array;
  private readonly evS: Int32Array;
  private readonly evE: Int32Array;
  private readonly evH: Int32Array;
  /** first row of the batch, and the batch's rows so far */
  private i0 = 0;
  private cap = 0;

  constructor(
    private readonly builders: readonly ColumnBuilder[],
    private readonly delimiter: number,
    private readonly newline: "\n" | "\r\n" | "\r",
  ) {
    const n = builders.length;
    this.n = n;
    this.kinds = new Uint8Array(n + 1);
    this.kinds[n] = K_SKIP;
    this.bools = builders.map((b) => (b instanceof BooleanBuilder ? b : null));
    this.nums = builders.map((b) => (b instanceof NumberBuilder ? b : null));
    this.dates = builders.map((b) => (b instanceof DateBuilder ? b : null));
    this.cats = builders.map((b) => (b instanceof CategoryBuilder ? b : null));
    for (let j = 0; j < n; j++)
      this.kinds[j] = this.bools[j]
        ? K_BOOL
        : this.nums[j]
          ? K_NUM
          : this.dates[j]
            ? K_DATE
            : K_CAT;
    const none8 = new Uint8Array(0);
    const none64 = new Float64Array(0);
    this.vals = builders.map(() => none8);
    this.lo = builders.map(() => none64);
    this.hi = builders.map(() => null);
    this.days = builders.map(() => new Float32Array(0));
    this.codes = builders.map(() => new Int32Array(0));
    this.spells = this.cats.map((c) => (c ? c.spellings : null));
    this.counts = new Int32Array(NC * n);
    this.has = new Uint8Array(NC * n).fill(1, C_CENS * n);
    this.undo = new Int32Array(n + 1);
    this.slow = new Int32Array(n);
    this.mins = new Float64Array(n).fill(NaN);
    this.maxs = new Float64Array(n).fill(NaN);
    this.evJ = new Int32Array(n + 1);
    this.evType = new Int32Array(n + 1);
    this.evS = new Int32Array(n + 1);
    this.evE = new Int32Array(n + 1);
    this.evH = new Int32Array(n + 1);
  }

  /**
   * Starts a batch at row `i0` (every builder holds `i0` values). The batch ends where the
   * arrays do: they grow only when full (a parallel part's arrays are views of a shared region
   * sized for it, and must not be replaced by a larger copy while its rows fit).
   */
  private begin(i0: number): void {
    const b = this.builders;
    let room = this.room(i0);
    if (room <= i0) {
      for (let j = 0; j < this.n; j++) b[j]!.reserve(i0 + BATCH);
      room = this.room(i0);
    }
    for (let j = 0; j < this.n; j++) {
      this.seenTokens(j);
    }
    this.i0 = i0;
    this.cap = Math.min(i0 + BATCH, room);
  }

  /** Refreshes the arrays; the least length among them. */
  private room(i0: number): number {
    let room = i0 + BATCH;
    for (let j = 0; j < this.n; j++) {
      this.refresh(j);
      const k = this.kinds[j]!;
      const len =
        k === K_BOOL
          ? this.vals[j]!.length
          : k === K_NUM
            ? this.lo[j]!.length
            : k === K_DATE
              ? this.days[j]!.length
              : this.codes[j]!.length;
      if (len < room) room = len;
    }
    return room;
  }

  private refresh(j: number): void {
    const bb = this.bools[j];
    if (bb) this.vals[j] = bb.valueArray;
    const nb = this.nums[j];
    if (nb) {
      this.lo[j] = nb.loArray;
      this.hi[j] = nb.hiArray;
    }
    const db = this.dates[j];
    if (db) this.days[j] = db.dayArray;
    const cb = this.cats[j];
    if (cb) this.codes[j] = cb.codeArray;
  }

  /**
   * Merges the min/max of a number or date column's inline values into its stats (as if each
   * had been seen there: the first of equal values, e.g. 0 and -0, stays).
   */
  private mergeMinMax(j: number): void {
    const min = this.mins[j]!;
    const max = this.maxs[j]!;
    if (min !== min) return;
    const st = this.builders[j]!.stats;
    if (!(min >= st.min)) st.min = min;
    if (!(max <= st.max)) st.max = max;
    this.mins[j] = NaN;
    this.maxs[j] = NaN;
  }

  /** Hands the batch's rows [i0, i) and counters to the builders. */
  private flush(i: number): void {
    const b = this.builders;
    const rows = i - this.i0;
    for (let j = 0; j < this.n; j++) {
      const bj = b[j]!;
      bj.n = i;
      const st = bj.stats;
      // (categories: spellings found by the reader; new ones were counted by the builder)
      this.mergeMinMax(j);
      let missing = 0;
      for (let c = 0; c < C_CENS; c++) {
        const m = this.counts[c * this.n + j]!;
        if (m === 0) continue;
        missing += m;
        const tok = c === 0 ? "" : c === C_NA ? "na" : TOKENS[c - C_TOK]!;
        st.missingTokens[tok] = st.missingTokens[tok]! + m;
      }
      st.missing += missing;
      st.present += rows - missing - this.slow[j]!;
      st.censored += this.counts[C_CENS * this.n + j]!;
    }
    this.counts.fill(0);
    this.slow.fill(0);
  }

  /** Takes back the `nu` counts of a row that is not read here after all. */
  private undoRow(nu: number): void {
    for (let k = 0; k < nu; k++) this.counts[this.undo[k]!]!--;
  }

  /** A cell through the builder's general path, at row `i` (counters kept in order). */
  private general(j: number, i: number, text: string, s: number, e: number, line: number): void {
    const b = this.builders[j]!;
    this.mergeMinMax(j);
    b.n = i;
    const missing = b.stats.missing;
    b.pushRange(text, s, e, line);
    this.slow[j]!++;
    this.refresh(j);
    // (a token's key is made only when a missing cell is counted)
    if (b.stats.missing !== missing) this.seenTokens(j);
  }

  /**
   * Which null spellings column j has counted already: those are counted here, inline; the
   * first of each goes through the general path, which makes its key in `missingTokens`.
   */
  private seenTokens(j: number): void {
    const t = this.builders[j]!.stats.missingTokens;
    const n = this.n;
    this.has[j] = t[""] === undefined ? 0 : 1;
    this.has[C_NA * n + j] = t["na"] === undefined ? 0 : 1;
    for (let k = 0; k < NT; k++)
      this.has[(C_TOK + k) * n + j] = t[TOKENS[k]!] === undefined ? 0 : 1;
  }

  /** Replays the `ne` events of row `i` (the row has one cell per column). */
  private commit(ne: number, i: number, text: string, line: number): void {
    for (let k = 0; k < ne; k++) {
      const j = this.evJ[k]!;
      const s = this.evS[k]!;
      const e = this.evE[k]!;
      if (this.evType[k] === EV_CAT) {
        const c = this.cats[j]!;
        c.n = i;
        c.pushAbsent(text, s, e, this.evH[k]!, line);
        this.codes[j] = c.codeArray; // (a new value may have widened them)
        this.slow[j]!++;
      } else this.general(j, i, text, s, e, line);
    }
  }

  /**
   * Reads the records of text[from, stop) (`stop` is a record end) starting at physical line
   * `line` and row `row`; see FusedResult.
   */
  consume(
    text: string,
    from: number,
    stop: number,
    line: number,
    row: number,
    host: FusedHost,
  ): FusedResult {
    const nl = this.newline === "\r" ? 13 : 10;
    const crlf = this.newline === "\r\n";
    const nls = nl === 13 ? "\r" : "\n";
    // (| 0: int32 locals in registers, not tagged values checked at every use)
    const dc = this.delimiter | 0;
    const n = this.n | 0;
    const kinds = this.kinds;
    const vals = this.vals;
    const los = this.lo;
    const his = this.hi;
    const dayss = this.days;
    const evJ = this.evJ;
    const evType = this.evType;
    const evS = this.evS;
    const evE = this.evE;
    const evH = this.evH;
    const codes = this.codes;
    const spells = this.spells;
    const counts = this.counts;
    const has = this.has;
    const undo = this.undo;
    const pow10 = POW10;
    const bool1 = BOOL1;
    const mins = this.mins;
    const maxs = this.maxs;
    let i = row | 0;
    let blank = 0;
    let bail = -1;
    let pos = from | 0;
    const end = stop | 0;
    this.begin(i);
    let cap = this.cap;
    rows: while (pos < end) {
      if (i === cap) {
        this.flush(i);
        this.begin(i);
        cap = this.cap;
      }
      const rowStart = pos;
      let j = 0;
      let ne = 0;
      /** counts taken in this row */
      let nu = 0;
      let quoted = false;
      let s: number;
      let e: number;
      for (;;) {
        s = pos;
        const kind = kinds[j < n ? j : n]!;
        let c = text.charCodeAt(pos);
        if (c === dc && pos < end) {
          // an empty cell (not the row's last): missing
          if (kind !== 4 /* K_SKIP */) {
            if (kind === 0 /* K_BOOL */) vals[j]![i] = 2; /* UNKNOWN */
            else if (kind === 1 /* K_NUM */) {
              los[j]![i] = NaN;
              const h = his[j];
              if (h) h[i] = NaN;
            } else if (kind === 2 /* K_DATE */) dayss[j]![i] = NaN;
            else codes[j]![i] = -1;
            if (has[j] === 1) {
              counts[j]!++;
              undo[nu++] = j;
            } else {
              evJ[ne] = j;
              evType[ne] = 2; /* EV_COUNT + blank */
              evS[ne] = s;
              evE[ne++] = s;
            }
          }
          j++;
          pos++;
          continue;
        }
        // the cell's value, decided inline; `done`: it ends at a delimiter or the line end
        let done = false;
        if (c === 34) {
          // a quoted cell: it must close on this line, right before a delimiter or the line end
          const close = closingQuote(text, s, end, nls);
          e = close + 1;
          const qe = e;
          c = e < end ? text.charCodeAt(e) : 0;
          if (crlf && c === 13 && text.charCodeAt(e + 1) === 10) c = text.charCodeAt(++e);
          if (close < 0 || (e < end && c !== dc && c !== nl)) {
            this.undoRow(nu);
            bail = rowStart;
            break rows;
          }
          quoted = true;
          // a category's quoted cell without `""` inside: its spelling is the text between the
          // quotes, looked up as an unquoted one; anything else takes the general path
          const code =
            kind === 3 /* K_CAT */ && text.indexOf('"', s + 1) === close
              ? spells[j]!.findRange(text, s + 1, close, hashRange(text, s + 1, close))
              : -1;
          if (code >= 0) codes[j]![i] = code;
          else if (j < n) {
            evJ[ne] = j;
            if (code === ABSENT) {
              // a new spelling, interned when the row is committed
              codes[j]![i] = -1;
              evType[ne] = 1; /* EV_CAT */
              evS[ne] = s + 1;
              evH[ne] = hashRange(text, s + 1, close);
              evE[ne++] = close;
            } else {
              evType[ne] = 0; /* EV_SLOW */
              evS[ne] = s;
              evE[ne++] = qe;
            }
          }
          pos = e;
          done = true;
        } else if (kind === 0 /* K_BOOL */) {
          // yes / no without a branch on the value (random), only on the shape (predictable)
          const r1 = text.charCodeAt(pos + 1);
          const c1 = r1 | 32;
          const c2 = text.charCodeAt(pos + 2) | 32;
          // the three chars lower-cased in one word (7 bits each: ASCII is checked below),
          // compared with "yes" (0x736579); y = 1 when equal, else 0
          const d = (((c | 32) & 127) | ((c1 & 127) << 8) | ((c2 & 127) << 16)) ^ 0x736579;
          const y = (d - 1) >>> 31;
          let p = pos + 2 + y;
          let t = text.charCodeAt(p);
          // the first two are "ye" (0x6579) when y = 1, else they must be "no" (0x6f6e)
          if (
            ((c | c1 | c2) & 0xff80) === 0 &&
            (c | 32 | (c1 << 8)) === (0x6f6e ^ ((0x6579 ^ 0x6f6e) & -y)) &&
            (t === dc || t === nl)
          ) {
            vals[j]![i] = y;
            pos = p;
            if (t === dc) {
              // the common case: on to the next cell
              j++;
              pos++;
              continue;
            }
            c = t;
            done = true;
          } else if (r1 === dc && c < 128 && bool1[c]! >= 0) {
            // a one-char word (y, n, t, f, 1, 0, +; Y/N registries) before a delimiter
            vals[j]![i] = bool1[c]!;
            j++;
            pos += 2;
            continue;
          } else if (
            text.charCodeAt(pos + 8) === dc &&
            lower4(text, pos + 4) === W_TIVE &&
            ((p = lower4(text, pos)) === W_POSI || p === W_NEGA)
          ) {
            // positive / negative (test results) before a delimiter, without a branch on which
            vals[j]![i] = p === W_POSI ? 1 : 0;
            j++;
            pos += 9;
            continue;
          } else {
            // the other common words (any case): the longest one the cell starts with; a
            // delimiter or the line end must follow (checked below), else the general path
            const w = boolWord(text, pos, c);
            const v = w < 0 ? -1 : w & 1;
            p = pos + (w >> 1);
            if (v !== -1) {
              t = text.charCodeAt(p);
              // trailing spaces ("n ") are trimmed by the general path too
              while (t === 32) t = text.charCodeAt(++p);
              if (t === 13 && crlf && text.charCodeAt(p + 1) === 10) t = text.charCodeAt(++p);
              if (t === dc || t === nl) {
                vals[j]![i] = v;
                pos = p;
                c = t;
                done = true;
              }
            }
          }
        } else if (kind === 1 /* K_NUM */) {
          let p = pos;
          let neg = false;
          if (c === 45 || c === 43) {
            neg = c === 45;
            c = text.charCodeAt(++p);
          }
          // the digits as an integer: the first nine in int32 arithmetic (a short dependency
          // chain per digit), the others (up to six are read here) apart; `dot`: where the
          // decimal point is
          let m = 0;
          let rest = 0;
          let digits = 0;
          let dot = -1;
          for (;;) {
            if (c >= 48 && c <= 57) {
              if (digits < 9) m = (m * 10 + (c - 48)) | 0;
              else rest = rest * 10 + (c - 48);
              digits++;
            } else if (c === 46 && dot < 0) dot = p;
            else break;
            c = text.charCodeAt(++p);
          }
          const frac = dot < 0 ? 0 : p - dot - 1;
          if (c === 13 && crlf && text.charCodeAt(p + 1) === 10) c = text.charCodeAt(++p);
          if ((c === dc || c === nl) && digits > 0 && digits <= 15) {
            // (exact: below 10^15)
            const mm = digits <= 9 ? m : m * pow10[digits - 9]! + rest;
            const a = frac > 0 ? mm / pow10[frac]! : mm;
            const v = neg ? -a : a;
            los[j]![i] = v;
            const h = his[j];
            if (h) h[i] = v;
            if (!(v >= mins[j]!)) mins[j] = v;
            if (!(v <= maxs[j]!)) maxs[j] = v;
            pos = p;
            done = true;
          }
        } else if (kind === 2 /* K_DATE */) {
          let p = pos + 10;
          if (text.charCodeAt(pos + 4) === 45 && text.charCodeAt(pos + 7) === 45) {
            let t = text.charCodeAt(p);
            if (t === 13 && crlf && text.charCodeAt(p + 1) === 10) t = text.charCodeAt(++p);
            if (t === dc || t === nl) {
              const y = digits4(text, pos);
              const mo = digits2(text, pos + 5);
              const d = digits2(text, pos + 8);
              const v = y >= 0 && mo >= 0 && d >= 0 ? daysOfDate(y, mo, d) : NaN;
              if (v === v) {
                dayss[j]![i] = v;
                if (!(v >= mins[j]!)) mins[j] = v;
                if (!(v <= maxs[j]!)) maxs[j] = v;
                pos = p;
                c = t;
                done = true;
              }
            }
          }
        } else if (kind === 3 /* K_CAT */) {
          // to the cell's end, hashing its char codes (spellings.ts): a known spelling is found
          // without making its string
          const b0 = c;
          let h = 0;
          let p = pos;
          while (p < end && c !== dc && c !== nl) {
            h = (Math.imul(h, 31) + c) | 0;
            c = text.charCodeAt(++p);
          }
          if (p >= end) c = 0;
          let ce = p;
          if (crlf && c !== dc && ce > s && text.charCodeAt(ce - 1) === 13) {
            ce--;
            h = hashRange(text, s, ce);
          }
          const code = spells[j]!.findRange(text, s, ce, h);
          if (code >= 0) codes[j]![i] = code;
          else {
            // a new spelling (interned when the row is committed), or a known one with code -1:
            // blank, whitespace or a null token, counted (or the general path)
            codes[j]![i] = -1;
            const len = ce - s;
            const t =
              code === -2 /* ABSENT */
                ? 1 /* EV_CAT */
                : len === 0
                  ? 2 /* EV_COUNT + blank */
                  : nullEvent(text, s, len, b0);
            // (a `-` keeps a mark until the column is finished: columns.ts DASH)
            if (t === 6 /* EV_COUNT + "-" */) codes[j]![i] = -2;
            const o = (t - 2) * n + j;
            if (t >= 2 && has[o] === 1) {
              counts[o]!++;
              undo[nu++] = o;
            } else {
              evJ[ne] = j;
              evType[ne] = t;
              evS[ne] = s;
              evH[ne] = h;
              evE[ne++] = ce;
            }
          }
          pos = p;
          done = true;
        }
        if (!done) {
          // to the cell's end, then blank, NA or the general path
          e = pos;
          c = text.charCodeAt(e);
          while (e < end && c !== dc && c !== nl) c = text.charCodeAt(++e);
          if (e >= end) c = 0;
          let ce = e;
          if (crlf && c !== dc && ce > s && text.charCodeAt(ce - 1) === 13) ce--;
          pos = e;
          if (kind !== 4 /* K_SKIP */) {
            const len = ce - s;
            const a = text.charCodeAt(s);
            let t = len === 0 ? 2 /* EV_COUNT + blank */ : nullEvent(text, s, len, a);
            const h = kind === 1 /* K_NUM */ ? (his[j] as Float64Array | null) : null;
            if (h !== null && (a === 60 || a === 62 || a === 8804 || a === 8805)) {
              // censored <x, <=x, >x, >=x, ≤x, ≥x of a plain number, as parseNumberInto reads
              // them (the column's first goes through the general path: it makes the hi array)
              const incl = a > 255 || text.charCodeAt(s + 1) === 61;
              const v = plainNumberAt(text, s + (a < 256 && incl ? 2 : 1), ce);
              if (v === v) {
                // (min and max see the finite bound)
                let b: number;
                if (a === 60 || a === 8804) {
                  los[j]![i] = -Infinity;
                  h[i] = b = incl ? v : nextDown(v);
                } else {
                  los[j]![i] = b = incl ? v : nextUp(v);
                  h[i] = Infinity;
                }
                if (!(b >= mins[j]!)) mins[j] = b;
                if (!(b <= maxs[j]!)) maxs[j] = b;
                t = 7; /* EV_COUNT + censored */
              }
            }
            if (t >= 2 && t < 7) {
              // the missing value
              if (kind === 0 /* K_BOOL */) vals[j]![i] = 2; /* UNKNOWN */
              else if (kind === 1 /* K_NUM */) {
                los[j]![i] = NaN;
                const h = his[j];
                if (h) h[i] = NaN;
              } else dayss[j]![i] = NaN;
            }
            // the same event record as the category path above, written out again: a helper
            // would have to hand back `ne` and `nu`, in the loop that reads every cell
            const o = (t - 2) * n + j;
            if (t >= 2 && has[o] === 1) {
              counts[o]!++;
              undo[nu++] = o;
            } else {
              evJ[ne] = j;
              evType[ne] = t;
              evS[ne] = s;
              evE[ne++] = ce;
            }
          }
        }
        if (c === dc && pos < end) {
          j++;
          pos++;
          continue;
        }
        // the line's end (or the text's)
        e = pos;
        break;
      }
      const cells = j + 1;
      if (cells === n) {
        if (ne > 0) this.commit(ne, i, text, line);
        i++;
      } else if (cells === 1 && !quoted && isBlank(text, s, crlfEnd(text, s, e, crlf))) {
        this.undoRow(nu);
        blank++;
        host.rowOnLine(i, line + 1);
      } else {
        this.undoRow(nu);
        if (quoted) {
          // a ragged row or one quoted cell alone on its line: PapaParse reads on from here
          bail = rowStart;
          break;
        }
        this.flush(i);
        host.raggedRow(text, rowStart, e, line, crlf, dc);
        i++;
        this.begin(i);
        cap = this.cap;
      }
      pos = e + 1;
      line++;
    }
    this.flush(i);
    return { bail, line, rows: i - row, blank };
  }
}

/**
 * The event of a null spelling read inline (text[s, s + len), len > 0, `a` its first char):
 * EV_COUNT + its counter for spaces and tabs only (blank once trimmed), NA, N/A, ND and -;
 * 0 (the general path) for anything else.
 */
function nullEvent(text: string, s: number, len: number, a: number): number {
  if (a === 32 || a === 9) {
    for (let k = s + 1; k < s + len; k++) {
      const c = text.charCodeAt(k);
      if (c !== 32 && c !== 9) return 0;
    }
    return EV_COUNT;
  }
  if (len === 1) return a === 45 ? EV_COUNT + C_TOK + 2 /* "-" */ : 0;
  if ((a | 32) !== 110) return 0;
  const b = text.charCodeAt(s + 1);
  if (len === 2)
    return (b | 32) === 97
      ? EV_COUNT + C_NA
      : (b | 32) === 100
        ? EV_COUNT + C_TOK + 1 /* "nd" */
        : 0;
  return len === 3 && b === 47 && (text.charCodeAt(s + 2) | 32) === 97
    ? EV_COUNT + C_TOK /* "n/a" */
    : 0;
}

function crlfEnd(text: string, s: number, e: number, crlf: boolean): number {
  return crlf && e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
}

function digits4(t: string, p: number): number {
  const a = t.charCodeAt(p) - 48;
  const b = t.charCodeAt(p + 1) - 48;
  const c = t.charCodeAt(p + 2) - 48;
  const d = t.charCodeAt(p + 3) - 48;
  if ((a | b | c | d) < 0 || a > 9 || b > 9 || c > 9 || d > 9) return -1;
  return a * 1000 + b * 100 + c * 10 + d;
}

function digits2(t: string, p: number): number {
  const a = t.charCodeAt(p) - 48;
  const b = t.charCodeAt(p + 1) - 48;
  if ((a | b) < 0 || a > 9 || b > 9) return -1;
  return a * 10 + b;
}

/** Only whitespace (String.prototype.trim's notion) in text[s, e). */
function isBlank(text: string, s: number, e: number): boolean {
  if (s === e) return true;
  return text.substring(s, e).trim() === "";
}

/**
 * Index of the quote closing the quoted cell that opens at `s` (`""` inside is an escaped
 * quote), or -1 when it is not closed before `stop` or a newline comes first.
 */
export function closingQuote(text: string, s: number, stop: number, nl: string): number {
  let q = s + 1;
  for (;;) {
    const k = text.indexOf('"', q);
    if (k === -1 || k >= stop) return -1;
    if (text.charCodeAt(k + 1) === 34) {
      q = k + 2;
      continue;
    }
    const n = text.indexOf(nl, s + 1);
    return n !== -1 && n < k ? -1 : k;
  }
}
