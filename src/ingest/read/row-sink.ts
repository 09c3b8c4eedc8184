/**
 * Where rows end (the last layer of the ingest core, see core.ts): the column types are
 * chosen from the first rows (the type sample), then rows are handed to the typed column
 * builders a batch at a time; rows with too few or too many cells are counted. Also the state
 * every layer shares (the dialect, the header, the line and row counters, the problems).
 */
import type { Problem } from "../../engine/protocol/types.ts";
import type { ColumnBuilder, ColumnPlan } from "./columns.ts";
import { resolveDates } from "./dates.ts";
import { inferPlan, makeBuilder } from "./infer.ts";
import { LineMapBuilder } from "./lines.ts";
import {
  EXAMPLES,
  type DateOrder,
  type Dialect,
  type ParseOptions,
  type RawTable,
} from "../types.ts";
import { own } from "../../engine/user-keys.ts";

/** rows whose cells choose each column's type */
const SAMPLE_ROWS = 2000;
/** rows handed to the builders at a time (the row arrays stay in cache across columns) */
const BATCH = 256;

export class RowSink {
  constructor(protected readonly opts: ParseOptions = {}) {
    this.where = opts.name ?? "file";
  }

  readonly problems: Problem[] = [];
  rows = 0;
  protected readonly where: string;
  protected header: string[] | null = null;
  protected builders: ColumnBuilder[] = [];
  protected sample: { row: string[]; line: number }[] | null = [];
  protected line = 1;
  /** each row's physical line (where rows do not follow line by line) */
  protected readonly rowLines = new LineMapBuilder();
  protected blankLines = 0;
  protected short = { count: 0, lines: [] as number[] };
  protected long = { count: 0, lines: [] as number[], cells: 0 };
  protected charsPerRow = 0;
  protected decodedChars = 0;

  /** bytes handed to the decoder so far (the capacity estimate's bytes per character) */
  protected decodedBytes = 0;
  bytes = 0;
  protected dialect: Dialect | null = null;

  protected notes: string[] = [];
  protected fatal = false;
  protected skipHeader = false;

  /**
   * Only the column plans are wanted (the parallel probe): the type sample is not typed and
   * the builders are not sized for the file; `rows` counts the sample once the plans are made.
   */
  plansOnly = false;

  /** A row of the fast path with too few or too many cells: text[start, end) (end: its newline). */
  raggedRow(
    text: string,
    start: number,
    end: number,
    line: number,
    crlf: boolean,
    dc: number,
  ): void {
    let stopAt = end;
    if (crlf && stopAt > start && text.charCodeAt(stopAt - 1) === 13) stopAt--;
    const b = this.builders;
    const n = b.length;
    let j = 0;
    let s = start;
    for (;;) {
      let e = s;
      while (e < stopAt && text.charCodeAt(e) !== dc) e++;
      if (j < n) b[j]!.pushRange(text, s, e, line);
      j++;
      if (e >= stopAt) break;
      s = e + 1;
    }
    const rec = j < n ? this.short : this.long;
    rec.count++;
    if (rec.lines.length < EXAMPLES) rec.lines.push(line);
    if (j > n) this.long.cells += j - n;
    for (let k = j; k < n; k++) b[k]!.pushPad();
    this.rowLines.note(this.rows, line);
    this.rows++;
  }

  /** The fast path skipped a blank line: row `row` is on line `line`. */
  rowOnLine(row: number, line: number): void {
    this.rowLines.note(row, line);
  }

  protected admit(
    row: string[],
    line: number,
    rows: string[][],
    lines: number[],
    cursor: number,
    nData: number,
  ): void {
    if (this.sample) {
      this.sample.push({ row, line });
      if (this.sample.length >= SAMPLE_ROWS) this.startColumns(cursor / Math.max(1, nData));
      return;
    }
    rows.push(row);
    lines.push(line);
  }

  protected startColumns(charsPerRow: number): void {
    const header = this.header!;
    const sample = this.sample!;
    this.sample = null;
    const total = this.opts.totalBytes;
    const perRow = this.charsPerRow || charsPerRow;
    // bytes decoded so far, not pushed: a pushed chunk is decoded (and may start the columns)
    // a slice at a time
    const bytesPerChar = this.decodedChars > 0 ? this.decodedBytes / this.decodedChars : 1;
    const capacity =
      total && perRow > 0 && !this.plansOnly
        ? Math.ceil((total / (perRow * bytesPerChar)) * 1.03) + 64
        : Math.max(1024, sample.length * 2);
    const dc = this.dialect!.decimalComma;
    this.builders = header.map((name, j) => {
      const plan = inferPlan(
        sample.map((s) => s.row[j] ?? ""),
        name,
        dc,
      );
      const forced = pickOrder(this.opts.dateOrder, name);
      const p: ColumnPlan =
        plan.kind === "date" && forced ? { kind: "date", dateOrder: forced } : plan;
      return makeBuilder(p, name, j, capacity, dc);
    });
    // typing the sample is one long step on a wide file (2,000 rows x every column, in code not
    // yet optimized: ~0.25 s for 95 columns in Chromium): progress between its two halves
    this.opts.onProgress?.({ bytes: this.bytes, rows: this.rows, totalBytes: total });
    if (this.plansOnly) {
      this.rows += sample.length;
      return;
    }
    this.pushRows(
      sample.map((s) => s.row),
      sample.map((s) => s.line),
    );
  }

  /** Hands a batch of rows to the builders, column by column (tight loops per type). */
  protected pushRows(rows: string[][], lines: number[]): void {
    const b = this.builders;
    const n = b.length;
    for (let r = 0; r < rows.length; r++) {
      const m = rows[r]!.length;
      if (m === n) continue;
      const rec = m < n ? this.short : this.long;
      rec.count++;
      if (rec.lines.length < EXAMPLES) rec.lines.push(lines[r]!);
      if (m > n) this.long.cells += m - n;
    }
    // batches small enough for the row arrays to stay in cache across the column passes
    for (let k = 0; k < rows.length; k += BATCH) {
      const rs = k === 0 && rows.length <= BATCH ? rows : rows.slice(k, k + BATCH);
      const ls = k === 0 && rows.length <= BATCH ? lines : lines.slice(k, k + BATCH);
      for (let j = 0; j < n; j++) b[j]!.pushBatch(rs, j, ls);
    }
    this.rowLines.noteBatch(this.rows, lines);
    this.rows += rows.length;
  }
}

/** Applies a day/month order to an ambiguous date column after parsing. */
export function chooseDateOrder(col: RawTable["columns"][number], order: DateOrder): void {
  if (col.dateAmbiguity) resolveDates(col, col.dateAmbiguity, order);
}

function pickOrder(o: ParseOptions["dateOrder"], name: string): DateOrder | null {
  if (!o) return null;
  if (typeof o === "string") return o;
  return own(o, name) ?? null;
}
