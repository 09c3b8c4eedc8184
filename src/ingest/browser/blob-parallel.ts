/**
 * Parallel parse of a Blob/File (browser): the same byte-range plan as in Node, each range read
 * by a worker (`runners`, e.g. Comlink-wrapped ingest workers' `parsePart`), the head inspected
 * here (1 MiB: a few tens of ms). Falls back to `whole` when the file cannot be split safely.
 * `shared` (a cross-origin isolated page, see shared.ts `canShare`): the parts write into one
 * SharedArrayBuffer and are merged in place, as in Node; else they are transferred and copied.
 *
 * @example
 * const t = await parseBlobParallel(file, workers.map((w) => (f, job, p) => w.parsePart(f, job, proxy(p))),
 *   () => workers[0].parseFile(file, {}, proxy(onProgress)), { onProgress });
 */
import type { Part } from "../parallel/assemble.ts";
import { parseParallel, PROGRESS_MS, type PartJob } from "../parallel/plan.ts";
import { readTextRange, TEXT_PIECE, type Pace } from "./blob-text.ts";
import type { IngestCore } from "../read/core.ts";
import { openPart } from "../parallel/shared.ts";
import type { ParseOptions, RawTable } from "../types.ts";

export type BlobPartRunner = (
  file: Blob,
  job: PartJob,
  onProgress: (bytes: number, rows: number) => void,
) => Promise<Part>;

export async function parseBlobParallel(
  file: Blob,
  runners: BlobPartRunner[],
  whole: () => Promise<RawTable>,
  opts: ParseOptions = {},
  minBytes?: number,
  shared = false,
): Promise<RawTable> {
  let k = 0;
  const t = await parseParallel(
    {
      size: file.size,
      read: async (pos, len) => new Uint8Array(await file.slice(pos, pos + len).arrayBuffer()),
    },
    (job, onProgress) => runners[k++ % runners.length]!(file, job, onProgress),
    runners.length,
    { ...opts, totalBytes: file.size },
    minBytes,
    undefined,
    shared,
  );
  return t ?? whole();
}

/**
 * Worker side: reads bytes [start, end) of `file` with the preset of its part: as text pieces
 * when the file is UTF-8 (blob-text.ts: no ArrayBuffer per chunk), else as a byte stream.
 */
export async function readBlobPart(
  file: Blob,
  job: PartJob,
  onProgress: ((bytes: number, rows: number) => void) | undefined,
  opts: Pick<ParseOptions, "name" | "dateOrder" | "signal"> = {},
  textPiece = TEXT_PIECE,
): Promise<Part> {
  // with a shared layout the part writes into its region of the one buffer (no transfer back)
  const { core, finish } = openPart(opts, job.preset, job.layout, job.part);
  const pace = pacer(core, onProgress, opts.signal);
  let pos = job.start;
  if (job.preset.dialect.encoding === "utf-8" && typeof file.text === "function")
    pos = await readTextRange(file, core, pos, job.end, pace, textPiece);
  if (pos < job.end) await readBytes(file.slice(pos, job.end), core, pace);
  return finish();
}

/**
 * Progress at most every PROGRESS_MS, and a pause every YIELD_MS: a read of buffered bytes
 * resolves as a microtask, so a read loop never lets the worker's message queue run while the
 * file comes faster than it is parsed: the other parts' progress (and a cancel) waited until
 * this part was read (the page saw half the bytes).
 */
function pacer(
  core: IngestCore,
  onProgress: ((bytes: number, rows: number) => void) | undefined,
  signal: AbortSignal | undefined,
): Pace {
  let last = 0;
  let yielded = performance.now();
  return {
    tick() {
      const now = performance.now();
      if (onProgress && now - last > PROGRESS_MS) {
        last = now;
        onProgress(core.bytes, core.rows);
      }
      return now - yielded > YIELD_MS;
    },
    async breathe() {
      await nextTask();
      yielded = performance.now();
      if (signal?.aborted)
        throw signal.reason ?? new DOMException("the load was cancelled", "AbortError");
    },
  };
}

/** Streams `blob` into `core`. */
async function readBytes(blob: Blob, core: IngestCore, pace: Pace): Promise<void> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // a stream chunk is up to 2 MiB: fed in slices, progress between them (the first slices run
    // cold code: a whole chunk then took ~150 ms, the longest silence of a load in Chromium)
    let rest = false;
    for (let k = 0; k < value.length; k += PART_SLICE) {
      core.pushBytes(value.length <= PART_SLICE ? value : value.subarray(k, k + PART_SLICE));
      rest = pace.tick();
    }
    if (rest) await pace.breathe();
  }
}

/** Bytes fed to a part's core at a time (see readBlobPart). */
const PART_SLICE = 256 << 10;

/** How often a part's read lets the worker's queued messages run (ms). */
const YIELD_MS = 50;

/** Resolves after the tasks already queued (a message to itself: no timer clamping). */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel !== "function") return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
