/**
 * Node worker thread that reads one byte range of a file with the ingest core (parallel parts
 * of node-parallel.ts). Progress and the finished part go back as messages; column buffers
 * are transferred. The job comes in `workerData` or, for a worker started before the file's
 * head was inspected, as the first message (`{ type: "job", job }`).
 */
import { parentPort, workerData } from "node:worker_threads";
import { readFilePart } from "./part.ts";
import type { PartJob } from "../parallel/plan.ts";
import type { ParseOptions } from "../types.ts";
import { partBuffers } from "../read/buffers.ts";

interface Data {
  path: string;
  job?: PartJob;
  opts: Pick<ParseOptions, "name" | "dateOrder">;
}

async function main(): Promise<void> {
  const { path, opts } = workerData as Data;
  const job =
    (workerData as Data).job ??
    (await new Promise<PartJob>((resolve) =>
      parentPort!.once("message", (m: { job: PartJob }) => resolve(m.job)),
    ));
  const part = await readFilePart(path, job, opts, (bytes, rows) =>
    parentPort!.postMessage({ type: "progress", bytes, rows }),
  );
  parentPort!.postMessage({ type: "done", part }, partBuffers(part.columns));
}

main().catch((e: unknown) =>
  parentPort!.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) }),
);
