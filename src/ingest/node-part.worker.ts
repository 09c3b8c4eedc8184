/**
 * Node worker thread that reads one byte range of a file with the ingest core (parallel parts
 * of node-parallel.ts). Progress and the finished part go back as messages; column buffers
 * are transferred.
 */
import { parentPort, workerData } from "node:worker_threads";
import { readFilePart } from "./node-part";
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
  const part = await readFilePart(path, job, opts, (bytes, rows) =>
    parentPort!.postMessage({ type: "progress", bytes, rows }),
  );
  parentPort!.postMessage({ type: "done", part }, partBuffers(part.columns));
}

main().catch((e: unknown) =>
  parentPort!.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) }),
);
