/** Node: reads one byte range of a file with the ingest core (a part of a parallel load). */
import { open } from "node:fs/promises";
import type { Part } from "../parallel/assemble.ts";
import { PROGRESS_MS, type PartJob } from "../parallel/plan.ts";
import { openPart } from "../parallel/shared.ts";
import type { ParseOptions } from "../types.ts";

/**
 * Bytes read at a time. Under ~1 MB: Node decodes a larger chunk into an external string, and
 * those stayed alive until a full GC (tens of MB of the peak); smaller ones die young.
 */
const CHUNK = 1 << 18;
const FIRST = 1 << 15;

export async function readFilePart(
  path: string,
  job: PartJob,
  opts: Pick<ParseOptions, "name" | "dateOrder" | "signal">,
  onProgress?: (bytes: number, rows: number) => void,
): Promise<Part> {
  const { core, finish } = openPart(opts, job.preset, job.layout, job.part);
  const fh = await open(path, "r");
  // one buffer, read into again and again: the core decodes what it is given before returning
  // (a fresh buffer per chunk, as a read stream makes, left ~100 MB of garbage per 128 MB read
  // until the next full GC)
  // (two, in turns: the next read runs while this thread parses the last one, instead of
  // waiting for it after; ~10% of a read's time was spent waiting)
  const size = Math.min(CHUNK, Math.max(1, job.end - job.start));
  const bufs = [new Uint8Array(size), new Uint8Array(size)] as const;
  const readAt = (buf: Uint8Array, at: number, want: number) =>
    fh.read(buf, 0, Math.min(want, job.end - at), at);
  let k = 0;
  let pos = job.start;
  // a small first read: its parse runs cold (compiling), and progress should come soon
  let next = pos < job.end ? readAt(bufs[0], pos, FIRST) : null;
  let last = 0;
  try {
    while (next) {
      const { bytesRead } = await next;
      next = null;
      if (opts.signal?.aborted)
        throw opts.signal.reason ?? new DOMException("the load was cancelled", "AbortError");
      if (bytesRead === 0) break;
      const buf = bufs[k]!;
      pos += bytesRead;
      k = 1 - k;
      if (pos < job.end) next = readAt(bufs[k]!, pos, size);
      core.pushBytes(buf.subarray(0, bytesRead));
      const now = performance.now();
      // (parseParallel passes on at most one report per PROGRESS_MS of all parts')
      if (onProgress && now - last > PROGRESS_MS) {
        last = now;
        onProgress(core.bytes, core.rows);
      }
    }
  } finally {
    // (a read still running when the parse threw ends before the file is closed)
    await next?.catch(() => undefined);
    await fh.close();
  }
  return finish();
}
