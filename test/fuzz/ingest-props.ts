/**
 * Properties of CSV ingest under mutated real files, shared by ingest.test.ts and the long run.
 * Sources: a synthetic registry extract and the csv-spectrum fixtures; mutations: byte flips,
 * inserted quotes/delimiters/newlines/NULs/BOMs, truncation, CRLF mixing, re-encoding.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseCsvBytes, parseCsvStream } from "../../src/ingest/read/parse.ts";
import type { RawTable } from "../../src/ingest/types.ts";
import { generateSynthetic } from "../../src/synth/index.ts";
import type { Column } from "../../src/engine/types.ts";
import { autoMap, applyMapping } from "../../src/ingest/map/mapping.ts";
import { SEED, timed } from "./helpers.ts";
import { utf16 } from "../ingest/helpers.ts";

const SPECTRUM = join(import.meta.dirname, "../fixtures/ingest/csv-spectrum/csvs");
const enc = new TextEncoder();

function synth(rows: number, seed: number, wide: boolean): Uint8Array {
  return enc.encode([...generateSynthetic({ rows, seed, wide }).chunks()].join(""));
}

/** The real files mutated by the fuzz: name and bytes. */
export const SOURCES: { name: string; bytes: Uint8Array }[] = [
  { name: "synth-20", bytes: synth(20, 1, false) },
  { name: "synth-wide-8", bytes: synth(8, 2, true) },
  ...readdirSync(SPECTRUM)
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(SPECTRUM, f))) })),
];

export type ByteMutation =
  | { op: "flip"; at: number; bit: number }
  | { op: "insert"; at: number; bytes: number[] }
  | { op: "delete"; at: number; n: number }
  | { op: "truncate"; at: number }
  | { op: "crlf"; every: number }
  | { op: "utf16le" | "utf16be" | "latin1" };

const INSERTS: number[][] = [
  [0x22], // quote
  [0x22, 0x22],
  [0x2c], // delimiters
  [0x3b],
  [0x09],
  [0x7c],
  [0x0a], // newlines
  [0x0d, 0x0a],
  [0x0d],
  [0x0a, 0x0a],
  [0x00], // NUL
  [0xef, 0xbb, 0xbf], // BOM
  [0xff, 0xfe],
  [0xc3], // a cut UTF-8 sequence
  [0xe9], // Latin-1 é
  [0xe2, 0x82, 0xac], // €
  [0x20, 0x20],
  ...["NA", "<0.5", ">3", "1,5", "01/02/2020", "2020-13-45", "yes", "1e999", "-", "\u00a0"].map(
    (s) => [...enc.encode(s)],
  ),
];

export const byteMutationArb: fc.Arbitrary<ByteMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat(7) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("insert" as const),
      at: fc.nat(),
      bytes: fc.oneof(
        fc.constantFrom(...INSERTS),
        fc.array(fc.nat(255), { minLength: 1, maxLength: 4 }),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("delete" as const),
      at: fc.nat(),
      n: fc.integer({ min: 1, max: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("crlf" as const),
      every: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom("utf16le" as const, "utf16be" as const, "latin1" as const),
    }),
  },
);

/** Applies byte mutations in order (positions modulo the current length). */
export function mutateBytes(src: Uint8Array, ms: readonly ByteMutation[]): Uint8Array {
  let b = src;
  for (const m of ms) {
    const at = "at" in m ? (b.length === 0 ? 0 : m.at % (b.length + 1)) : 0;
    switch (m.op) {
      case "flip": {
        if (b.length === 0) break;
        b = b.slice();
        b[at % b.length]! ^= 1 << m.bit;
        break;
      }
      case "insert":
        b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
        break;
      case "delete":
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.n)]);
        break;
      case "truncate":
        b = b.slice(0, at);
        break;
      case "crlf": {
        // every k-th LF becomes CRLF (a file stitched from two systems)
        const out: number[] = [];
        let k = 0;
        for (const x of b) {
          if (x === 0x0a && k++ % m.every === 0 && out[out.length - 1] !== 0x0d) out.push(0x0d);
          out.push(x);
        }
        b = Uint8Array.from(out);
        break;
      }
      default: {
        const text = new TextDecoder().decode(b);
        if (m.op === "latin1") {
          // Windows-1252 for Latin-1 characters; others become '?'
          b = Uint8Array.from(text, (c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f));
        } else b = utf16(text, m.op === "utf16le");
      }
    }
  }
  return b;
}

/** The cell invariant documented in ColumnStats, column lengths, and problem shape. */
export function checkTable(t: RawTable, what: string): void {
  const fail = (m: string) => {
    throw new Error(`${what}: ${m}`);
  };
  if (!Number.isInteger(t.nRows) || t.nRows < 0) fail(`nRows ${t.nRows}`);
  for (const c of t.columns) {
    const s = c.stats;
    if (s.present + s.missing + s.unparseable + s.padded !== t.nRows)
      fail(
        `column ${c.name}: present ${s.present} + missing ${s.missing} + unparseable ${s.unparseable} + padded ${s.padded} != ${t.nRows} rows`,
      );
    const st = c.storage;
    const len =
      st.kind === "number"
        ? st.lo.length
        : st.kind === "date"
          ? st.days.length
          : st.kind === "boolean"
            ? st.values.length
            : st.codes.length;
    if (len !== t.nRows) fail(`column ${c.name}: storage length ${len} != ${t.nRows}`);
    if (st.kind === "number" && st.hi.length !== t.nRows) fail(`column ${c.name}: hi length`);
    if (s.unparseable > 0 && c.rejects.rows.length !== Math.min(s.unparseable, 100_000))
      fail(
        `column ${c.name}: ${s.unparseable} unparseable but ${c.rejects.rows.length} rejects kept`,
      );
    if (c.rejects.rows.some((r) => r < 0 || r >= t.nRows))
      fail(`column ${c.name}: reject row outside`);
  }
  for (const p of t.problems) {
    if (!p.message || !p.where) fail(`problem without where/message: ${JSON.stringify(p)}`);
    if (p.line !== undefined && (!Number.isInteger(p.line) || p.line < 1))
      fail(`problem line ${p.line}`);
  }
}

/** Bytes of a table's cells, to compare two reads. */
function fingerprint(t: RawTable): string {
  return JSON.stringify({
    n: t.nRows,
    h: t.header,
    d: t.dialect,
    p: t.problems,
    c: t.columns.map((c) => ({
      s: c.stats,
      k: c.storage.kind,
      v: Object.values(c.storage).map((x) =>
        ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x,
      ),
    })),
  });
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/**
 * Reads `bytes` whole and streamed in chunks of `chunk` bytes: never throws, same result both
 * ways, cells accounted for. Returns the table.
 */
export async function checkIngest(
  bytes: Uint8Array,
  chunk: number,
  what: string,
): Promise<RawTable> {
  const t = timed(`parse ${what}`, () => parseCsvBytes(bytes, { name: "fuzz.csv" }));
  checkTable(t, what);
  const t0 = performance.now();
  const s = await parseCsvStream(chunked(bytes, chunk), { name: "fuzz.csv" });
  if (performance.now() - t0 > 2000) throw new Error(`${what}: stream parse too slow`);
  if (fingerprint(s) !== fingerprint(t))
    throw new Error(`${what}: chunks of ${chunk} bytes read differently from the whole file`);
  return t;
}

/**
 * Data records an independent reader expects, for input where this is well defined: no quote
 * characters and one newline style. Lines are split at CR, LF or CRLF; blank lines (only
 * whitespace, no delimiter) are skipped except in a one-column file; the first non-blank line is
 * the header. Returns null when not well defined.
 */
export function expectedRecords(bytes: Uint8Array, t: RawTable): number | null {
  const text = new TextDecoder(t.dialect.encoding).decode(bytes);
  if (text.includes('"')) return null;
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  if ([crlf, lf, cr].filter((x) => x > 0).length > 1) return null;
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const d = t.dialect.delimiter;
  const blank = (l: string) => !l.includes(d) && l.trim() === "";
  const h = lines.findIndex((l) => !blank(l));
  if (h < 0) return 0;
  const oneColumn = !lines[h]!.includes(d);
  return lines.slice(h + 1).filter((l) => oneColumn || !blank(l)).length;
}

/** Data lines below header line `headerLine` (1-based), blank lines skipped unless one column. */
function recordsBelow(bytes: Uint8Array, t: RawTable, headerLine: number): number {
  const text = new TextDecoder(t.dialect.encoding).decode(bytes);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const d = t.dialect.delimiter;
  const oneColumn = t.header.length < 2;
  return lines.slice(headerLine).filter((l) => oneColumn || l.includes(d) || l.trim() !== "")
    .length;
}

/** Row accounting: every data line is a row, or the file was refused with an error. */
export function checkRows(
  bytes: Uint8Array,
  t: RawTable,
  what: string,
): "counted" | "refused" | "undefined" {
  if (t.problems.some((p) => p.severity === "error")) return "refused";
  const want = expectedRecords(bytes, t);
  if (want === null) return "undefined";
  // title lines above the header and totals/note rows below the data are not patients: the
  // reader may leave them out only when it counts them and says so; with title lines the data
  // are the lines below the header the reader chose
  const st = t.structure;
  const said =
    (!st?.prefaces || t.problems.some((p) => /above the header/.test(p.message))) &&
    (!st?.footers || t.problems.some((p) => /totals or note row/.test(p.message)));
  const fromHeader = st?.prefaces ? recordsBelow(bytes, t, st.headerLine) : want;
  if (t.nRows !== want && !(said && st && t.nRows === fromHeader - st.footers))
    throw new Error(
      `${what}: ${want} data line(s) but ${t.nRows} row(s), problems ${JSON.stringify(t.problems.map((p) => p.message))}`,
    );
  return "counted";
}

export const ingestCaseArb = fc.record({
  src: fc.nat({ max: SOURCES.length - 1 }),
  ms: fc.array(byteMutationArb, { minLength: 1, maxLength: 5 }),
  chunk: fc.integer({ min: 1, max: 300 }),
});

/** Mutations that keep the input free of quotes and of mixed newlines (row count defined). */
const QUOTE_FREE = SOURCES.flatMap((s, i) => (s.bytes.includes(0x22) ? [] : [i]));
export const quoteFreeCaseArb = fc.record({
  src: fc.constantFrom(...QUOTE_FREE),
  ms: fc.array(
    byteMutationArb.filter(
      (m) =>
        m.op !== "crlf" &&
        m.op !== "flip" &&
        !(m.op === "insert" && m.bytes.some((x) => x === 0x22 || x === 0x0d)),
    ),
    { minLength: 1, maxLength: 5 },
  ),
  chunk: fc.integer({ min: 1, max: 300 }),
});

/** Non-missing cells of a mapped column. */
function present(c: Column, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const miss =
      c.kind === "number"
        ? Number.isNaN(c.lo[i]!)
        : c.kind === "date"
          ? Number.isNaN(c.days[i]!)
          : c.kind === "boolean"
            ? c.values[i] === 2
            : c.codes[i] === -1;
    if (!miss) k++;
  }
  return k;
}

/**
 * autoMap + applyMapping of the seed protocol over a (mutated) raw table: never throws, keeps the
 * row count, and every mapped cell that was present in the file is a value or counted (not
 * convertible, unknown category).
 */
export function checkMapping(raw: RawTable, what: string): void {
  const { mapping } = timed(`autoMap ${what}`, () => autoMap(SEED, raw));
  const { table, quality, problems } = timed(`applyMapping ${what}`, () =>
    applyMapping(SEED, raw, mapping),
  );
  const fail = (m: string) => {
    throw new Error(`${what}: ${m}`);
  };
  if (table.nRows !== raw.nRows) fail(`mapped ${table.nRows} rows of ${raw.nRows}`);
  if (quality.rows !== raw.nRows) fail(`quality says ${quality.rows} rows of ${raw.nRows}`);
  for (const p of problems) if (!p.message || !p.where) fail(`bad problem ${JSON.stringify(p)}`);
  for (const q of quality.columns) {
    if (!q.variable) continue;
    const col = table.columns[q.variable];
    if (!col) {
      // a column that cannot be mapped (wrong type) is refused with an error naming the variable
      if (!problems.some((p) => p.severity === "error" && p.where.includes(q.variable!)))
        fail(`variable ${q.variable} dropped without an error`);
      continue;
    }
    const got = present(col, table.nRows);
    const lost = q.unconvertible.count + q.unknownCategories.count;
    if (got + lost < q.present && q.type === q.mappedType)
      fail(`${q.variable}: ${q.present} present in the file, ${got} mapped + ${lost} counted`);
  }
}
