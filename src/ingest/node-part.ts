/** Node: reads one byte range of a file with the ingest core (a part of a parallel load). */
import { createReadStream } from "node:fs";
import type { Part } from "./assemble";
import { IngestCore } from "./core";
import type { PartJob } from "./parallel";
import type { ParseOptions } from "./types";

export async function readFilePart(
  path: string,
  job: PartJob,
  opts: Pick<ParseOptions, "name" | "dateOrder" | "signal">,
  onProgress?: (bytes: number, rows: number) => void,
): Promise<Part> {
  const core = new IngestCore(opts, job.preset);
  const stream = createReadStream(path, {
    start: job.start,
    end: job.end - 1,
    highWaterMark: 1 << 20,
  });
  let last = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      if (opts.signal?.aborted)
        throw opts.signal.reason ?? new DOMException("the load was cancelled", "AbortError");
      core.pushBytes(chunk);
      const now = performance.now();
      if (onProgress && now - last > 100) {
        last = now;
        onProgress(core.bytes, core.rows);
      }
    }
  } finally {
    stream.destroy();
  }
  return core.finishPart();
}
