/**
 * Node worker thread that reads one byte range of a file with the ingest core (parallel parts
 * of node-parallel.ts). Progress and the finished part go back as messages; column buffers
 * are transferred.
 */
import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { IngestCore } from "./core";
import type { PartJob } from "./parallel";
import type { ParseOptions } from "./types";
import { partBuffers } from "./buffers";

interface Data {
  path: string;
  job: PartJob;
  opts: Pick<ParseOptions, "name" | "dateOrder">;
}

async function main(): Promise<void> {
  const { path, job, opts } = workerData as Data;
  const core = new IngestCore(opts, job.preset);
  const stream = createReadStream(path, {
    start: job.start,
    end: job.end - 1,
    highWaterMark: 1 << 20,
  });
  let last = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    core.pushBytes(chunk);
    const now = performance.now();
    if (now - last > 100) {
      last = now;
      parentPort!.postMessage({ type: "progress", bytes: core.bytes, rows: core.rows });
    }
  }
  const part = core.finishPart();
  parentPort!.postMessage({ type: "done", part }, partBuffers(part.columns));
}

main().catch((e: unknown) =>
  parentPort!.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) }),
);
