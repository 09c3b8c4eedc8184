/**
 * Ingest worker: a thin Comlink adapter over the streaming ingest core. The file is read in
 * chunks from the `File` (never whole), and the finished columns are transferred to the page.
 */
import * as Comlink from "comlink";
import { parseCsvStream } from "../src/ingest/parse";
import type { RawTable } from "../src/ingest/types";
import type { IngestApi } from "./protocol";

let running: AbortController | null = null;

/** Every distinct ArrayBuffer under a table's columns (lo and hi may share one). */
export function tableBuffers(t: RawTable): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView): void => void set.add(a.buffer as ArrayBuffer);
  for (const c of t.columns) {
    const s = c.storage;
    if (s.kind === "number") {
      add(s.lo);
      add(s.hi);
    } else if (s.kind === "date") add(s.days);
    else if (s.kind === "boolean") add(s.values);
    else add(s.codes);
    if (c.dateAmbiguity) {
      add(c.dateAmbiguity.dmy);
      add(c.dateAmbiguity.mdy);
    }
  }
  return [...set];
}

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
  cancel() {
    running?.abort();
  },
};

declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope)
  Comlink.expose(ingestApi);
