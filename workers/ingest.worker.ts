/**
 * Ingest worker: a thin Comlink adapter over the streaming ingest core. The file is read in
 * chunks from the `File` (never whole), and the finished columns are transferred to the page.
 */
import * as Comlink from "comlink";
import { readBlobPart } from "../src/ingest/blob-parallel";
import { partBuffers } from "../src/ingest/buffers";
import { parseCsvStream } from "../src/ingest/parse";
import type { RawTable } from "../src/ingest/types";
import type { IngestApi } from "./protocol";

let running: AbortController | null = null;

/** Every distinct ArrayBuffer under a table's columns (lo and hi may share one). */
export const tableBuffers = (t: RawTable): ArrayBuffer[] => partBuffers(t.columns);

export const ingestApi: IngestApi = {
  async parseFile(file, opts, onProgress) {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    try {
      const table = await parseCsvStream(file.stream(), {
        ...opts,
        name: opts.name ?? ("name" in file ? String(file.name) : "file"),
        totalBytes: file.size,
        signal: controller.signal,
        onProgress: onProgress ? (p) => void onProgress(p) : undefined,
      });
      return Comlink.transfer(table, tableBuffers(table));
    } finally {
      if (running === controller) running = null;
    }
  },
  async parsePart(file, job, opts, onProgress) {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    try {
      const part = await readBlobPart(
        file,
        job,
        onProgress ? (b, r) => void onProgress(b, r) : undefined,
        {
          ...opts,
          signal: controller.signal,
        },
      );
      return Comlink.transfer(part, partBuffers(part.columns));
    } finally {
      if (running === controller) running = null;
    }
  },
  cancel() {
    running?.abort();
  },
};

declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope)
  Comlink.expose(ingestApi);
