/**
 * Growable typed column builders, filled cell by cell while streaming (no row objects, no
 * kept strings apart from unparseable cells), and type inference from a sample of rows.
 */
import { fitCodes, maxCode, newCodes } from "../../engine/codes.ts";
import {
  FALSE,
  TRUE,
  UNKNOWN,
  type CodeArray,
  type ColumnArray,
  type ColumnKind,
} from "../../engine/types.ts";
import { shouldPack } from "../../engine/packed-dict.ts";
import {
  nullToken,
  parseBooleanWord,
  parseNumberInto,
  plainNumber,
  plainNumberAt,
  trimCell,
  type Interval,
} from "./values.ts";
import { ABSENT, Spellings, hashRange, hashString } from "./spellings.ts";
import {
  EXAMPLES,
  REJECT_CAP,
  type ColumnStats,
  type DateOrder,
  type RawColumn,
} from "../types.ts";

/**
 * The text of the cell text[s, e) of the fast path: a quoted cell (it starts with `"`; its
 * closing quote is at e - 1) without its quotes and with `""` read as `"`, as PapaParse gives it.
 */
export function cellAt(text: string, s: number, e: number): string {
  if (e - s >= 2 && text.charCodeAt(s) === 34) {
    const inner = text.substring(s + 1, e - 1);
    return inner.indexOf('"') === -1 ? inner : inner.replaceAll('""', '"');
  }
  return text.substring(s, e);
}

/** How one CSV column is read: its type and, for dates, the slash-date order (null: undecided). */
export interface ColumnPlan {
  kind: ColumnKind;
  dateOrder: DateOrder | null;
  /** a category's first code width (1 when absent; see CategoryBuilder) */
  codeBytes?: 1 | 2 | 4;
}

/** A column's counters before any cell is read. */
export function emptyStats(): ColumnStats {
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

export function grow<T extends ColumnArray>(a: T, need: number, fill: number): T {
  if (need <= a.length) return a;
  const cap = Math.max(need, Math.ceil(a.length * 1.5) + 16);
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/**
 * The first `n` values: a view when the spare capacity is small (no copy at the end of a
 * load: capacity is estimated from the file size), a trimmed copy otherwise.
 */
export function fit<T extends ColumnArray>(a: T, n: number, keepSpare = false): T {
  if (a.length === n || keepSpare) return keepSpare ? (a.subarray(0, n) as T) : a;
  return (a.length - n <= a.length / 8 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

/**
 * Base builder: missing/unparseable bookkeeping shared by all kinds. Subclasses implement
 * `pushBatch` as one tight, monomorphic loop over a column of a batch of rows.
 */
export abstract class ColumnBuilder {
  n = 0;
  /**
   * finish() returns views over the full buffers (the first part of a parallel load, sized for
   * the whole file: the other parts are appended into them, see assemble.ts)
   */
  keepSpare = false;
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

  /**
   * Makes room for `need` values: the fused fast path (fused.ts) writes a batch of rows into
   * the arrays directly, then sets `n` and the counters.
   */
  abstract reserve(need: number): void;

  /** Appends one cell (tests and small inputs). */
  push(cell: string | undefined, line: number): void {
    this.pushBatch([cell === undefined ? [] : [cell]], 0, [line]);
  }

  private readonly oneRow: string[] = [""];
  private readonly oneRows: (readonly string[])[] = [this.oneRow];
  private readonly padRows: (readonly string[])[] = [[]];
  private readonly oneLine: number[] = [0];

  /** One cell through the general path (the uncommon cells of the fast path), allocation-free. */
  protected pushSlow(cell: string, line: number): void {
    this.oneRow[0] = cell;
    this.oneLine[0] = line;
    this.pushBatch(this.oneRows, 0, this.oneLine);
  }

  /**
   * Appends the cell `text.slice(s, e)` (quote-free fast path of core.ts). The result is the
   * same as `pushBatch` with that cell; subclasses read common cells without making the string.
   */
  pushRange(text: string, s: number, e: number, line: number): void {
    this.pushSlow(cellAt(text, s, e), line);
  }

  /**
   * Counts text[s, e) as missing when it is blank or NA (the common null spellings, read
   * without making the string); false otherwise (the general path decides).
   */
  protected quickMissing(text: string, s: number, e: number): boolean {
    let tok: string;
    if (s === e) tok = "";
    else if (
      e - s === 2 &&
      (text.charCodeAt(s) | 32) === 110 &&
      (text.charCodeAt(s + 1) | 32) === 97
    )
      tok = "na";
    else return false;
    const st = this.stats;
    st.missing++;
    st.missingTokens[tok] = (st.missingTokens[tok] ?? 0) + 1;
    return true;
  }

  /** Appends the missing cell of a short row (counted as padded). */
  pushPad(): void {
    this.pushBatch(this.padRows, 0, this.oneLine);
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

  /** One cell of the fast path: the fused reader's general path and ragged rows (fused.ts). */
  override pushRange(text: string, s: number, e: number, line: number): void {
    const v = s < e ? plainNumberAt(text, s, e) : NaN;
    const i = this.n;
    if (i >= this.lo.length) this.ensure(i + 1);
    if (v !== v) {
      if (this.quickMissing(text, s, e)) {
        this.lo[i] = NaN;
        if (this.hi) this.hi[i] = NaN;
        this.n = i + 1;
      } else this.pushSlow(cellAt(text, s, e), line);
      return;
    }
    this.lo[i] = v;
    if (this.hi) this.hi[i] = v;
    this.n = i + 1;
    const st = this.stats;
    st.present++;
    if (!(v >= st.min)) st.min = v;
    if (!(v <= st.max)) st.max = v;
  }

  private ensure(need: number): void {
    this.lo = grow(this.lo, need, 0);
    if (this.hi) this.hi = grow(this.hi, this.lo.length, 0);
  }

  reserve(need: number): void {
    if (need > this.lo.length) this.ensure(need);
  }
  /** lower bounds (the fast path writes here after `reserve`) */
  get loArray(): Float64Array {
    return this.lo;
  }
  /** upper bounds, null until the first censored value (then set up to `n`) */
  get hiArray(): Float64Array | null {
    return this.hi;
  }

  finish(): RawColumn {
    const lo = fit(this.lo, this.n, this.keepSpare);
    const hi = this.hi ? fit(this.hi, this.n, this.keepSpare) : lo;
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
      let t = cell;
      let v = parseBooleanWord(cell);
      if (v === -1) {
        t = trimCell(cell);
        if (t !== cell) v = parseBooleanWord(t);
      }
      if (v !== -1) {
        vals[i] = v;
        s.present++;
      } else if (!this.missingToken(t)) this.reject(t, i, lines[r]!);
    }
    this.n = i;
  }
  /** One cell of the fast path: the fused reader's general path and ragged rows (fused.ts). */
  override pushRange(text: string, s: number, e: number, line: number): void {
    const len = e - s;
    let v = -1;
    if (len === 3) {
      const a = text.charCodeAt(s) | 32;
      const b = text.charCodeAt(s + 1) | 32;
      const c = text.charCodeAt(s + 2) | 32;
      if (a === 121 && b === 101 && c === 115) v = TRUE; // yes
    } else if (len === 2) {
      if ((text.charCodeAt(s) | 32) === 110 && (text.charCodeAt(s + 1) | 32) === 111) v = FALSE; // no
    } else if (len === 1) {
      const a = text.charCodeAt(s);
      if (a === 49) v = TRUE;
      else if (a === 48) v = FALSE;
    }
    const i = this.n;
    if (i >= this.values.length) this.values = grow(this.values, i + 1, 0);
    if (v === -1) {
      if (this.quickMissing(text, s, e)) {
        this.values[i] = UNKNOWN;
        this.n = i + 1;
      } else this.pushSlow(cellAt(text, s, e), line);
      return;
    }
    this.values[i] = v;
    this.n = i + 1;
    this.stats.present++;
  }

  reserve(need: number): void {
    if (need > this.values.length) this.values = grow(this.values, need, 0);
  }
  /** truth codes (the fast path writes here after `reserve`) */
  get valueArray(): Uint8Array {
    return this.values;
  }

  finish(): RawColumn {
    return this.raw({ kind: "boolean", values: fit(this.values, this.n, this.keepSpare) });
  }
}

export class CategoryBuilder extends ColumnBuilder {
  get plan(): ColumnPlan {
    const bytes = this.codes.BYTES_PER_ELEMENT as 1 | 2 | 4;
    return bytes > 1
      ? { kind: "category", dateOrder: null, codeBytes: bytes }
      : { kind: "category", dateOrder: null };
  }
  /** Int8 codes until the dictionary outgrows them, then Int16, then Int32 (engine/codes.ts) */
  private codes: CodeArray;
  /** raw and trimmed spellings → code (null tokens and blank → -1) */
  private readonly lookup = new Spellings();
  constructor(name: string, index: number, capacity: number, bytes: 1 | 2 | 4 = 1) {
    super(name, index);
    this.codes = newCodes(bytes, capacity);
  }
  pushBatch(rows: readonly (readonly string[])[], j: number): void {
    const m = rows.length;
    this.codes = grow(this.codes, this.n + m, 0);
    let codes = this.codes;
    const s = this.stats;
    const lookup = this.lookup;
    let i = this.n;
    let present = 0;
    for (let r = 0; r < m; r++, i++) {
      const cell = rows[r]![j];
      if (cell === undefined) {
        s.padded++;
        codes[i] = -1;
        continue;
      }
      const h = hashString(cell);
      let c = lookup.find(cell, h);
      if (c === ABSENT) {
        c = this.intern(cell, h);
        codes = this.codes; // (a new value may have widened them)
      }
      codes[i] = c;
      if (c >= 0) present++;
      else {
        const t = trimCell(cell);
        // (a `-` is marked until `finish`: a +/- column read as yes/no takes it as "no")
        if (this.missingToken(t) && t === "-") codes[i] = DASH;
      }
    }
    this.n = i;
    s.present += present;
  }

  override pushRange(text: string, s: number, e: number, line: number): void {
    // (a quoted cell's range includes its quotes: read through its text)
    if (text.charCodeAt(s) === 34) this.pushCell(cellAt(text, s, e), line);
    else this.pushHashed(text, s, e, hashRange(text, s, e), line);
  }

  /**
   * Appends the unquoted cell text[s, e) whose hash (spellings.ts hashRange) is `h`: a known
   * spelling is found without making its string (fused fast path).
   */
  pushHashed(text: string, s: number, e: number, h: number, line: number): void {
    const c = this.lookup.findRange(text, s, e, h);
    if (c === ABSENT) this.pushAbsent(text, s, e, h, line);
    else if (c < 0) this.pushSlow(text.substring(s, e), line);
    else this.pushCode(c);
  }

  /** `pushHashed` for a spelling known not to be in the table (the fused reader looked). */
  pushAbsent(text: string, s: number, e: number, h: number, line: number): void {
    const cell = text.substring(s, e);
    const c = this.intern(cell, h);
    // missing: the general path counts its token
    if (c < 0) this.pushSlow(cell, line);
    else this.pushCode(c);
  }

  /** the spelling table (the fused reader finds known spellings itself) */
  get spellings(): Spellings {
    return this.lookup;
  }
  /** codes (the fast path writes here after `reserve`, and fetches them again after a new value) */
  get codeArray(): CodeArray {
    return this.codes;
  }

  private pushCode(c: number): void {
    const i = this.n;
    if (i >= this.codes.length) this.codes = grow(this.codes, i + 1, 0);
    this.codes[i] = c;
    this.n = i + 1;
    this.stats.present++;
  }

  private pushCell(cell: string, line: number): void {
    const h = hashString(cell);
    let c = this.lookup.find(cell, h);
    if (c === ABSENT) c = this.intern(cell, h);
    if (c < 0) {
      this.pushSlow(cell, line);
      return;
    }
    const i = this.n;
    if (i >= this.codes.length) this.codes = grow(this.codes, i + 1, 0);
    this.codes[i] = c;
    this.n = i + 1;
    this.stats.present++;
  }

  reserve(need: number): void {
    if (need > this.codes.length) this.codes = grow(this.codes, need, 0);
  }

  /** Code of a new raw spelling (hash h): -1 for missing, else the code of its trimmed text. */
  private intern(cell: string, h: number): number {
    const t = trimCell(cell);
    const ht = t === cell ? h : hashString(t);
    let c = t === cell ? ABSENT : this.lookup.find(t, ht);
    if (c === ABSENT) {
      if (t.length === 0 || nullToken(t) !== null) {
        c = -1;
        this.lookup.add(t, ht, c);
      } else {
        c = this.lookup.addValue(t, ht);
        if (c > maxCode(this.codes.BYTES_PER_ELEMENT)) this.codes = fitCodes(this.codes, c + 1);
      }
    }
    if (t !== cell) this.lookup.add(cell, h, c);
    return c;
  }
  /**
   * The column; a large, mostly distinct dictionary (`shouldPack`) as a packed one (one string
   * + end offsets, `dict` left empty: a part crosses threads in this form and assemble.ts adds
   * the view), others as strings.
   */
  finish(): RawColumn {
    const codes = fit(this.codes, this.n, this.keepSpare);
    const lookup = this.lookup;
    const col = shouldPack(lookup.values, this.n)
      ? this.raw({ kind: "category", codes, dict: [], packed: lookup.packValues() })
      : this.raw({ kind: "category", codes, dict: lookup.valueList() });
    if ((this.stats.missingTokens["-"] ?? 0) > 0) col.dashes = takeDashes(codes);
    return col;
  }
}

/**
 * The code a category cell of `-` has while the column is read (missing, like -1); `finish`
 * turns them into -1 and lists their rows (`RawColumn.dashes`). Both read paths write it, and a
 * row read again by another path overwrites it, so the list is exact.
 */
export const DASH = -2;

/** The rows whose code is DASH, each set back to -1 (missing). */
function takeDashes(codes: CodeArray): Int32Array {
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] === DASH) n++;
  const rows = new Int32Array(n);
  for (let i = 0, k = 0; k < n; i++)
    if (codes[i] === DASH) {
      rows[k++] = i;
      codes[i] = -1;
    }
  return rows;
}
