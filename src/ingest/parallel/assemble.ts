/**
 * Parts to table: the reader's counters become problems (ragged rows, bad bytes, date order,
 * unparseable values), and parts read in parallel merge into one table (columns concatenated,
 * category dictionaries merged, line numbers shifted).
 */
import type { Problem } from "../../engine/protocol/types.ts";
import { codeBytes, newCodes } from "../../engine/codes.ts";
import type { CodeArray, Column, ColumnArray } from "../../engine/types.ts";
import { resolveDates } from "../read/dates.ts";
import { mergePacked } from "./dict-merge.ts";
import {
  packDict,
  packedEntry,
  shouldPack,
  withDictView,
  type PackedDict,
} from "../../engine/packed-dict.ts";
import { moveInPlace, type SharedLayout } from "./shared.ts";
import { mergeRowLines, type RowLines } from "../read/lines.ts";
import {
  EXAMPLES,
  type ColumnStats,
  type Dialect,
  type RawColumn,
  type RawTable,
  type ReadStructure,
} from "../types.ts";

/**
 * A part numbers its lines from its own start, in the problem's line and in its words ("line 3
 * below the data"); both move by the lines of the parts before it. A part cannot know that offset
 * while it reads, as the parts before it are read at the same time.
 */
export function shiftProblem(pr: Problem, by: number): Problem {
  if (by === 0 || pr.line === undefined) return pr;
  // the file's own text, quoted as ("..."), is kept as it is
  const message = pr.message
    .split(/(\(".*?"\))/)
    .map((bit, i) =>
      i % 2 === 1
        ? bit
        : bit.replace(
            /\b(lines?) (\d+)(?:-(\d+))?/g,
            (_all, word: string, a: string, b?: string) =>
              `${word} ${Number(a) + by}${b === undefined ? "" : `-${Number(b) + by}`}`,
          ),
    )
    .join("");
  return { ...pr, line: pr.line + by, message };
}

export interface RowIssue {
  count: number;
  /** first lines (1-based) */
  lines: number[];
}

/** What one reader (the whole file, or one byte range of it) produced. */
export interface Part {
  nRows: number;
  /** physical lines consumed */
  lines: number;
  bytes: number;
  header: string[] | null;
  dialect: Dialect;
  /** (a packed dictionary without its view, `dict: []`, so a part can be posted; see assemble) */
  columns: RawColumn[];
  short: RowIssue;
  long: RowIssue & { cells: number };
  blankLines: number;
  /** lines that are not rows: above the header, footers, inside quoted cells */
  structure: Omit<ReadStructure, "lines" | "blank">;
  /** invalid byte sequences replaced by U+FFFD */
  replaced: number;
  problems: Problem[];
  fatal: boolean;
  /** quoted cells spanning lines were seen */
  multiline: boolean;
  /** per column: its values are still in the part's region of a shared layout (shared.ts) */
  inPlace?: boolean[];
  /** each row's physical line (lines.ts) */
  rowLines?: RowLines;
}

const more = (r: RowIssue): string =>
  `${r.lines.join(", ")}${r.count > r.lines.length ? ", ..." : ""}`;

/** The table of a finished part, with problems for everything counted. */
export function assemble(part: Part, where: string): RawTable {
  const p = part.problems.slice();
  // a part's packed dictionaries come without their view (it cannot cross threads)
  for (const c of part.columns) withDictView(c.storage);
  const table: RawTable = {
    nRows: part.nRows,
    header: part.header ?? [],
    columns: part.columns,
    dialect: part.dialect,
    problems: p,
    bytes: part.bytes,
  };
  if (part.rowLines) table.rowLines = part.rowLines;
  // a file that could not be read through is not half-loaded
  if (part.fatal) return { ...table, nRows: 0, columns: [] };
  if (part.bytes === 0 || (!part.header && part.blankLines === 0)) {
    p.push({ where, message: "the file is empty: nothing to load", severity: "error" });
    return table;
  }
  if (part.nRows === 0)
    p.push({ where, message: "the file has a header but no data rows", severity: "error" });
  if (part.replaced > 0)
    p.push({
      where,
      message: `${part.replaced} invalid byte sequence(s) replaced by \ufffd: the file may not be ${part.dialect.encoding}; choose its encoding`,
      severity: "warning",
    });
  if (part.short.count > 0)
    p.push({
      where,
      line: part.short.lines[0],
      message: `${part.short.count} row(s) have fewer cells than the header (lines ${more(part.short)}): the missing cells were read as missing values`,
      severity: "warning",
    });
  if (part.long.count > 0)
    p.push({
      where,
      line: part.long.lines[0],
      message: `${part.long.count} row(s) have more cells than the header (lines ${more(part.long)}): ${part.long.cells} extra cell(s) were not read`,
      severity: "warning",
    });
  const st: ReadStructure = { ...part.structure, lines: part.lines, blank: part.blankLines };
  table.structure = st;
  if (!part.dialect.notes.some((n) => n.includes("data line")))
    part.dialect.notes.push(linesNote(st, part.nRows));
  for (const c of part.columns) columnProblems(c, where, p);
  return table;
}

const count = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The file's lines against the rows read: every difference named. */
export function linesNote(st: ReadStructure, rows: number): string {
  // the header's line and everything above it
  const data = st.lines - st.headerLine;
  const why: string[] = [];
  if (st.blank > 0) why.push(`${count(st.blank, "blank line")} skipped`);
  if (st.footers > 0) why.push(`${count(st.footers, "footer row")} (totals or notes) not read`);
  if (st.joinedLines > 0)
    why.push(`${count(st.joinedLines, "line break")} inside quoted cells (joined into their rows)`);
  const rest = data - rows - st.blank - st.footers - st.joinedLines;
  if (rest !== 0) why.push(`${count(rest, "line")} otherwise unaccounted for`);
  const head =
    st.headerLine > 1
      ? ` below the header on line ${st.headerLine} (${count(st.prefaces, "title line")}${st.blankBefore > 0 ? `, ${count(st.blankBefore, "blank line")}` : ""} above it)`
      : "";
  return `${count(data, "data line")}${head}, ${count(rows, "row")} read${why.length > 0 ? `: ${why.join("; ")}` : ""}`;
}

function columnProblems(c: RawColumn, w: string, p: Problem[]): void {
  const where = `${w}: ${c.name}`;
  const ev = c.dateEvidence;
  if (ev && ev.dmy > 0 && ev.mdy > 0)
    p.push({
      where,
      message: `column "${c.name}" mixes DD/MM/YYYY (${ev.dmy}) and MM/DD/YYYY (${ev.mdy}) dates; check its values`,
      severity: "warning",
    });
  if (c.dateAmbiguity)
    p.push({
      where,
      message: `column "${c.name}" has ${c.dateAmbiguity.ambiguous} date(s) like 03/04/2020 that read either DD/MM or MM/DD: choose its date order; until then they count as missing`,
      severity: "warning",
    });
  if (c.stats.unparseable > 0) {
    const ex = c.stats.unparseableExamples.map((e) => `"${e.value}" (line ${e.line})`).join(", ");
    p.push({
      where,
      line: c.stats.unparseableExamples[0]?.line,
      message: `column "${c.name}" (${c.storage.kind}): ${c.stats.unparseable} value(s) could not be read as ${c.storage.kind}, e.g. ${ex}`,
      severity: "warning",
    });
  }
}

/**
 * Merges parts read from consecutive byte ranges (same header and column plans) into one.
 * Each part's buffers are released as soon as its rows are copied. With a shared `layout`
 * (shared.ts) the columns whose parts all stayed in their regions are merged in place.
 * `onColumn` is called after each column (progress during a merge of a few hundred ms).
 */
export function mergeParts(parts: Part[], layout?: SharedLayout, onColumn?: () => void): Part {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const offsets: { rows: number; lines: number }[] = [];
  let rows = 0;
  let lines = 0;
  for (const q of parts) {
    offsets.push({ rows, lines });
    rows += q.nRows;
    lines += q.lines;
  }
  const nCols = first.columns.length;
  const columns: RawColumn[] = [];
  const partCols = parts.map((q) => q.columns);
  for (const q of parts) q.columns = [];
  for (let j = 0; j < nCols; j++) {
    const place: Place | undefined = layout
      ? (remaps, bytes) => moveInPlace(layout, j, parts, rows, remaps, bytes)
      : undefined;
    columns.push(
      mergeColumn(
        partCols.map((c) => c[j]!),
        offsets,
        rows,
        place,
      ),
    );
    // drop the parts' copy of this column now, so peak memory stays near one table
    for (const c of partCols) (c as (RawColumn | null)[])[j] = null;
    onColumn?.();
  }
  const shift = (r: RowIssue, k: number): number[] => r.lines.map((l) => l + offsets[k]!.lines);
  const short = { count: 0, lines: [] as number[] };
  const long = { count: 0, lines: [] as number[], cells: 0 };
  const problems: Problem[] = [];
  parts.forEach((q, k) => {
    short.count += q.short.count;
    short.lines.push(...shift(q.short, k));
    long.count += q.long.count;
    long.lines.push(...shift(q.long, k));
    long.cells += q.long.cells;
    for (const pr of q.problems) problems.push(shiftProblem(pr, offsets[k]!.lines));
  });
  short.lines = short.lines.slice(0, EXAMPLES);
  long.lines = long.lines.slice(0, EXAMPLES);
  return {
    nRows: rows,
    lines,
    bytes: parts.reduce((a, q) => a + q.bytes, 0),
    header: first.header,
    dialect: first.dialect,
    columns,
    short,
    long,
    blankLines: parts.reduce((a, q) => a + q.blankLines, 0),
    structure: {
      headerLine: first.structure.headerLine,
      prefaces: parts.reduce((a, q) => a + q.structure.prefaces, 0),
      blankBefore: parts.reduce((a, q) => a + q.structure.blankBefore, 0),
      footers: parts.reduce((a, q) => a + q.structure.footers, 0),
      joinedLines: parts.reduce((a, q) => a + q.structure.joinedLines, 0),
    },
    replaced: parts.reduce((a, q) => a + q.replaced, 0),
    problems,
    fatal: parts.some((q) => q.fatal),
    multiline: parts.some((q) => q.multiline),
    rowLines: mergeRowLines(
      parts.map((q) => q.rowLines),
      offsets,
    ),
  };
}

function mergeStats(cols: RawColumn[], offsets: { lines: number }[]): ColumnStats {
  const s: ColumnStats = { ...cols[0]!.stats, missingTokens: {}, unparseableExamples: [] };
  s.present = s.missing = s.unparseable = s.censored = s.padded = 0;
  s.min = NaN;
  s.max = NaN;
  cols.forEach((c, k) => {
    const t = c.stats;
    s.present += t.present;
    s.missing += t.missing;
    s.unparseable += t.unparseable;
    s.censored += t.censored;
    s.padded += t.padded;
    if (!(t.min >= s.min)) s.min = t.min === t.min ? t.min : s.min;
    if (!(t.max <= s.max)) s.max = t.max === t.max ? t.max : s.max;
    for (const [tok, n] of Object.entries(t.missingTokens))
      s.missingTokens[tok] = (s.missingTokens[tok] ?? 0) + n;
    for (const e of t.unparseableExamples)
      if (s.unparseableExamples.length < EXAMPLES)
        s.unparseableExamples.push({ line: e.line + offsets[k]!.lines, value: e.value });
  });
  return s;
}

type Typed = ColumnArray;

/**
 * The arrays one after the other. When the first is a view at the start of a buffer with room
 * for all `n` values (`reuse`), the others are appended in that buffer: no new allocation and
 * the first part is not copied.
 */
function concat<T extends Typed>(arrays: T[], n: number, make: (n: number) => T, reuse = false): T {
  const a0 = arrays[0]!;
  const fits = reuse && a0.byteOffset === 0 && a0.buffer.byteLength >= n * a0.BYTES_PER_ELEMENT;
  const out = fits
    ? (new (a0.constructor as new (b: ArrayBufferLike, o: number, n: number) => T)(
        a0.buffer,
        0,
        n,
      ) as T)
    : make(n);
  let k = fits ? a0.length : 0;
  for (let i = fits ? 1 : 0; i < arrays.length; i++) {
    const a = arrays[i]!;
    out.set(a, k);
    k += a.length;
  }
  return out;
}

/**
 * The column's values moved in place (category codes remapped per part, into codes of at least
 * `bytes` each), or null: copy them.
 */
type Place = (remaps?: (Int32Array | null)[], bytes?: number) => Typed | null;

function mergeColumn(
  cols: RawColumn[],
  offsets: { rows: number; lines: number }[],
  n: number,
  place?: Place,
): RawColumn {
  const c0 = cols[0]!;
  const stats = mergeStats(cols, offsets);
  const rejects = { rows: [] as number[], texts: [] as string[] };
  cols.forEach((c, k) => {
    for (const r of c.rejects.rows) rejects.rows.push(r + offsets[k]!.rows);
    rejects.texts.push(...c.rejects.texts);
  });
  const f64 = (m: number) => new Float64Array(m);
  let storage: Column;
  const st = cols.map((c) => c.storage);
  // with a shared layout, the first part's buffer is not the start of a column of its own
  const reuse = place === undefined;
  switch (c0.storage.kind) {
    case "number": {
      const ss = st as Extract<Column, { kind: "number" }>[];
      // hi first: a part without censored values gives its lo, which a move in place overwrites
      const hi = ss.some((s) => s.hi !== s.lo)
        ? concat(
            ss.map((s) => s.hi),
            n,
            f64,
            reuse && ss[0]!.hi !== ss[0]!.lo,
          )
        : null;
      const lo =
        (place?.() as Float64Array | null) ??
        concat(
          ss.map((s) => s.lo),
          n,
          f64,
          reuse,
        );
      storage = { kind: "number", lo, hi: hi ?? lo, unit: c0.storage.unit };
      break;
    }
    case "date":
      storage = {
        kind: "date",
        days:
          (place?.() as Float32Array | null) ??
          concat(
            (st as Extract<Column, { kind: "date" }>[]).map((s) => s.days),
            n,
            (m) => new Float32Array(m),
            reuse,
          ),
      };
      break;
    case "boolean":
      storage = {
        kind: "boolean",
        values:
          (place?.() as Uint8Array | null) ??
          concat(
            (st as Extract<Column, { kind: "boolean" }>[]).map((s) => s.values),
            n,
            (m) => new Uint8Array(m),
            reuse,
          ),
      };
      break;
    case "category":
      storage = mergeCategories(st as Extract<Column, { kind: "category" }>[], n, place);
  }
  const out: RawColumn = { name: c0.name, index: c0.index, storage, stats, rejects };
  if (c0.storage.kind === "date") mergeDates(cols, out, n);
  if (cols.some((c) => c.dashes)) {
    const dashes = new Int32Array(cols.reduce((a, c) => a + (c.dashes?.length ?? 0), 0));
    let k = 0;
    cols.forEach((c, p) => {
      for (const r of c.dashes ?? []) dashes[k++] = r + offsets[p]!.rows;
    });
    out.dashes = dashes;
  }
  return out;
}

function mergeCategories(
  ss: Extract<Column, { kind: "category" }>[],
  n: number,
  place?: Place,
): Column {
  const first = ss[0]!;
  if (ss.length === 1)
    return {
      ...(first.packed ? { dict: [], packed: first.packed } : { dict: first.dict.slice() }),
      kind: "category",
      codes: concat(
        [first.codes],
        n,
        (m) => newCodes(first.codes.BYTES_PER_ELEMENT, m),
        place === undefined,
      ),
    };
  // the first part's dictionary is taken as is (its codes stay); later parts are remapped
  const { packed, remaps } = mergePacked(ss.map((s) => s.packed ?? packDict(s.dict)));
  // packed when the whole column's dictionary is large and mostly distinct (as one reader)
  const dict = shouldPack(packed.ends.length, n)
    ? { dict: [], packed }
    : { dict: unpacked(packed) };
  // the merged dictionary decides the width (parts may have read narrower codes)
  const bytes = codeBytes(packed.ends.length);
  const placed = place?.(remaps, bytes) as CodeArray | null | undefined;
  if (placed) return { kind: "category", codes: placed, ...dict };
  const reuse = place === undefined && first.codes.BYTES_PER_ELEMENT >= bytes;
  const codes = concat([first.codes], n, (m) => newCodes(bytes, m), reuse);
  let k = first.codes.length;
  for (let p = 1; p < ss.length; p++) {
    const src = ss[p]!.codes;
    const remap = remaps[p]!;
    for (let i = 0; i < src.length; i++) {
      const c = src[i]!;
      codes[k++] = c < 0 ? -1 : remap[c]!;
    }
  }
  return { kind: "category", codes, ...dict };
}

/** A packed dictionary's entries as strings. */
function unpacked(p: PackedDict): string[] {
  return Array.from(p.ends, (_, k) => packedEntry(p, k));
}

function mergeDates(cols: RawColumn[], out: RawColumn, n: number): void {
  const orders = new Set(cols.map((c) => c.dateOrder).filter((o) => o));
  const ev = { dmy: 0, mdy: 0 };
  for (const c of cols) {
    ev.dmy += c.dateEvidence?.dmy ?? 0;
    ev.mdy += c.dateEvidence?.mdy ?? 0;
  }
  if (cols.some((c) => c.dateEvidence)) out.dateEvidence = ev;
  if (orders.size === 1) out.dateOrder = [...orders][0]!;
  if (!cols.some((c) => c.dateAmbiguity)) return;
  const pick = (key: "dmy" | "mdy") =>
    concat(
      cols.map(
        (c) =>
          c.dateAmbiguity?.[key] ??
          new Float32Array(
            c.stats.present + c.stats.missing + c.stats.unparseable + c.stats.padded,
          ).fill(NaN),
      ),
      n,
      (m) => new Float32Array(m),
    );
  const alt = {
    ambiguous: cols.reduce((a, c) => a + (c.dateAmbiguity?.ambiguous ?? 0), 0),
    dmy: pick("dmy"),
    mdy: pick("mdy"),
  };
  const decided = ev.dmy > 0 && ev.mdy === 0 ? "dmy" : ev.mdy > 0 && ev.dmy === 0 ? "mdy" : null;
  if (decided) resolveDates(out, alt, decided);
  else out.dateAmbiguity = alt;
}
