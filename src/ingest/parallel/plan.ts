/**
 * Parallel parse of one file by byte ranges, environment-neutral: the caller supplies how to
 * read bytes and how to run a part (a worker thread in Node, a Web Worker in the browser).
 * The head is inspected once (dialect, header, column types); ranges split at line ends; a
 * file with quoted newlines is not split (a range could start inside a quoted cell), and a
 * split that turns out to cut a quoted cell is detected and reported as `null` (read it whole).
 */
import { assemble, mergeParts, type Part } from "./assemble.ts";
import { IngestCore, type Preset } from "../read/core.ts";
import { sharedLayout, type SharedLayout } from "./shared.ts";
import type { ParseOptions, RawTable } from "../types.ts";

export interface PartJob {
  start: number;
  end: number;
  preset: Preset;
  /** the columns' shared buffer: this part writes its rows into region `part` (shared.ts) */
  layout?: SharedLayout;
  /** index of this part */
  part?: number;
}

export interface ParallelSource {
  size: number;
  /** bytes [pos, pos + len) (shorter at the end of the file) */
  read(pos: number, len: number): Promise<Uint8Array>;
}

export type RunPart = (
  job: PartJob,
  onProgress: (bytes: number, rows: number) => void,
) => Promise<Part>;

export const HEAD = 1 << 20;
/**
 * The parts' progress is passed on at most this often (ms); each part reports at most as often
 * (blob-parallel.ts, node-part.ts). Two 100 ms throttles in a row left up to ~190 ms between
 * updates in Chromium while the code was still cold: half that keeps the page's updates within
 * the 200 ms the issue asks for.
 */
export const PROGRESS_MS = 50;
const PROBE_SLICE = 64 << 10;
const WINDOW = 1 << 16;
/** below this, one reader is as fast as two (worker start-up costs ~50 ms) */
export const MIN_PARALLEL_BYTES = 8 << 20;

/**
 * Byte ranges of `parts` pieces split after a newline byte, or null when no newline is found.
 * `firstShare` is the first piece's share of the file (default: equal pieces).
 */
export async function splitRanges(
  src: ParallelSource,
  parts: number,
  newlineByte: number,
  firstShare = 1 / parts,
): Promise<[number, number][] | null> {
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const share = firstShare + ((1 - firstShare) * (k - 1)) / (parts - 1);
    const pos = Math.floor(src.size * share);
    const win = await src.read(pos, WINDOW);
    const i = win.indexOf(newlineByte);
    if (i < 0) return null;
    const cut = pos + i + 1;
    if (cut > cuts[cuts.length - 1]! && cut < src.size) cuts.push(cut);
  }
  cuts.push(src.size);
  return cuts.slice(1).map((end, k) => [cuts[k]!, end]);
}

/**
 * Rows of room for a part of `bytes` bytes: 3% over the estimate, except the last part's
 * (a part's unused room ends up committed once the next part's rows are moved down over it;
 * the last part's never is, so it can be generous at no cost), plus headroom for builders that
 * reserve a batch ahead.
 */
function roomFor(bytes: number, bytesPerRow: number, last: boolean): number {
  return Math.ceil((bytes / bytesPerRow) * (last ? 1.15 : 1.03)) + HEADROOM;
}
const HEADROOM = 1 << 14;

/**
 * Parses `src` in `parts` ranges with `run`. Returns null when the file should be read whole
 * instead (small, not splittable, quoted newlines, or a cut fell inside a quoted cell).
 * `shared`: the parts write into one SharedArrayBuffer (see shared.ts; `run` must pass the
 * job's layout to `openPart`), else the first part's columns have room for the others'.
 */
export async function parseParallel(
  src: ParallelSource,
  run: RunPart,
  parts: number,
  opts: ParseOptions = {},
  minBytes = MIN_PARALLEL_BYTES,
  firstShare?: number,
  shared = false,
): Promise<RawTable | null> {
  if (parts < 2 || src.size < minBytes) return null;
  const head = await src.read(0, HEAD);
  const started = (): void => opts.onProgress?.({ bytes: 0, rows: 0, totalBytes: src.size });
  started();
  // fed in slices until the type sample (the first rows) is complete: the same dialect, header
  // and plans as a whole read (the first slice, like a reader's first 256 KiB chunk, is the text
  // the dialect is sniffed from), without parsing the rest of the head
  // (its own progress, while it types the sample, is said as "started": bytes count from 0)
  const probe = new IngestCore({ ...opts, onProgress: opts.onProgress && started });
  // (the first part reads the sample again: the probe only chooses the plans)
  probe.plansOnly = true;
  for (let k = 0; k < head.length && probe.rows === 0; k += PROBE_SLICE) {
    probe.pushBytes(head.subarray(k, k + PROBE_SLICE));
    started(); // (a slice takes up to ~0.1 s while the code is cold)
  }
  const info = probe.inspect();
  started();
  if (
    !info ||
    probe.multiline ||
    info.dialect.encoding.startsWith("utf-16") ||
    (head.indexOf(0x22) >= 0 && hasQuotedNewline(head))
  )
    return null;
  const newlineByte = info.dialect.newline === "\r" ? 0x0d : 0x0a;
  const ranges = await splitRanges(src, parts, newlineByte, firstShare);
  if (!ranges || ranges.length < 2) return null;
  started();
  const bytesPerRow = info.charsPerRow > 0 ? info.charsPerRow : 100;
  const layout = shared
    ? sharedLayout(
        info.plans,
        ranges.map(([start, end], k) => roomFor(end - start, bytesPerRow, k === ranges.length - 1)),
      )
    : undefined;
  // (a browser may zero a table-sized SharedArrayBuffer up front: ~0.1-0.2 s)
  started();
  const progress = ranges.map(() => ({ bytes: 0, rows: 0 }));
  let last = 0;
  const report = (): void => {
    const now = performance.now();
    if (!opts.onProgress || now - last < PROGRESS_MS) return;
    last = now;
    const sum = progress.reduce((a, p) => ({ bytes: a.bytes + p.bytes, rows: a.rows + p.rows }), {
      bytes: 0,
      rows: 0,
    });
    opts.onProgress({ ...sum, totalBytes: src.size });
  };
  const results = await Promise.all(
    ranges.map(([start, end], k) =>
      run(
        {
          start,
          end,
          preset: {
            dialect: info.dialect,
            header: info.header,
            plans: info.plans,
            first: k === 0,
            last: k === ranges.length - 1,
            headerLine: info.headerLine,
            bomLength: info.bomLength,
            // the first part's columns have room for the whole file: the merge appends the
            // other parts into them instead of copying everything into new buffers
            capacity: Math.ceil(((k === 0 ? src.size : end - start) / bytesPerRow) * 1.03) + 64,
            keepSpare: k === 0,
          },
          layout,
          part: k,
        },
        (bytes, rows) => {
          progress[k] = { bytes, rows };
          report();
        },
      ),
    ),
  );
  // every byte is read: say so before the merge (one synchronous step of a few hundred ms)
  results.forEach((p, k) => (progress[k] = { bytes: p.bytes, rows: p.nRows }));
  last = 0;
  report();
  // a cut inside a quoted cell leaves a quote open at the end of the part before it
  if (
    results.some(
      (p) =>
        p.multiline ||
        p.problems.some((q) => /never closed|malformed quotes|mixed line endings/.test(q.message)),
    )
  )
    return null;
  // (progress repeated while columns are merged: the page sees the load is alive)
  const merged = mergeParts(results, layout, report);
  merged.dialect = {
    ...info.dialect,
    notes: [...info.dialect.notes, `read in ${ranges.length} parallel parts`],
  };
  const table = assemble(merged, opts.name ?? "file");
  opts.onProgress?.({ bytes: table.bytes, rows: table.nRows, totalBytes: src.size });
  return table;
}

/** A quote opened and a newline before it closes, anywhere in the head (quote aware scan). */
function hasQuotedNewline(b: Uint8Array): boolean {
  let inQ = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x22) inQ = !inQ;
    else if (inQ && (c === 0x0a || c === 0x0d)) return true;
  }
  return false;
}
