/**
 * Deterministic synthetic lupus-nephritis registry extract, streamed as CSV text in chunks
 * (never one string for the whole file). Same seed and options, same bytes.
 *
 * @example
 * const csv = generateSynthetic({ rows: 10_000, seed: 7 });
 * csv.writeTo((chunk) => out.write(chunk));
 */
import { parseIsoDate } from "../engine/calendar.ts";
import { BASE_COLUMNS, WIDE_COLUMNS, type SynthColumn } from "./columns.ts";
import { drawPatient, newPatient } from "./patient.ts";
import { Rng } from "./prng.ts";

export interface SynthOptions {
  rows: number;
  seed: number;
  /** add the registry columns the protocol does not read (site, other labs, comments...) */
  wide?: boolean;
  /** dates are generated relative to this day (default: the seed protocol's screening date) */
  screeningDate?: string;
  /** rows per chunk handed to the sink */
  chunkRows?: number;
}

export interface SynthCsv {
  header: string[];
  columns: readonly SynthColumn[];
  /** the CSV text (header line first, "\n" line ends) in chunks of `chunkRows` rows */
  chunks(): Generator<string>;
  writeTo(sink: (chunk: string) => void): void;
}

export const DEFAULT_SCREENING_DATE = "2026-12-01";
const NULLS = ["", "", "", "", "", "", "", "N/A", "ND", "NA", " ", "-"];

function quote(s: string): string {
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function synthColumns(wide = false): readonly SynthColumn[] {
  return wide ? [...BASE_COLUMNS, ...WIDE_COLUMNS] : BASE_COLUMNS;
}

/** Builds the generator; nothing is drawn until chunks are pulled. */
export function generateSynthetic(opts: SynthOptions): SynthCsv {
  const { rows, seed } = opts;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`invalid rows: ${rows}`);
  const columns = synthColumns(opts.wide);
  const header = columns.map((c) => c.header);
  const D = parseIsoDate(opts.screeningDate ?? DEFAULT_SCREENING_DATE);
  if (D !== D) throw new Error(`invalid screeningDate: ${opts.screeningDate}`);
  const chunkRows = Math.max(1, opts.chunkRows ?? 4096);
  const quoted = columns.map((c) => c.header === "Comments");
  function chunks(): Generator<string> {
    const r = new Rng(seed);
    const p = newPatient();
    return csvChunks(header, rows, chunkRows, (i, cells) => {
      drawPatient(r, p, D);
      cells[0] = "LN" + String(100000 + i);
      for (let k = 1; k < columns.length; k++) {
        const c = columns[k]!;
        const v = c.cell(p, r, D);
        if (v === null) cells[k] = "";
        else if (r.next() < c.miss[p.workup ? 0 : 1]) cells[k] = NULLS[r.int(0, NULLS.length - 1)]!;
        else cells[k] = quoted[k] ? quote(v) : v;
      }
    });
  }
  return {
    header,
    columns,
    chunks,
    writeTo(sink) {
      for (const c of chunks()) sink(c);
    },
  };
}

/**
 * A CSV's text in chunks of `chunkRows` rows, the header line first: `fill(i, cells)` writes row
 * i's cells (quoted as needed) into the one array reused for every row.
 */
export function* csvChunks(
  header: readonly string[],
  rows: number,
  chunkRows: number,
  fill: (i: number, cells: string[]) => void,
): Generator<string> {
  const cells = new Array<string>(header.length).fill("");
  let lines: string[] = [header.join(",")];
  for (let i = 0; i < rows; i++) {
    fill(i, cells);
    lines.push(cells.join(","));
    if ((i + 1) % chunkRows === 0) {
      yield lines.join("\n") + "\n";
      lines = [];
    }
  }
  if (lines.length) yield lines.join("\n") + "\n";
}
