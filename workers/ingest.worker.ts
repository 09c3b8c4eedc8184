/**
 * Ingest worker: a thin Comlink adapter over the streaming ingest core. The file is read in
 * chunks from the `File` (never whole), and the finished columns are transferred to the page.
 */
import * as Comlink from "comlink";
import { parseBlobParallel, readBlobPart, type BlobPartRunner } from "../src/ingest/blob-parallel";
import { MIN_PARALLEL_BYTES } from "../src/ingest/parallel";
import { partBuffers } from "../src/ingest/buffers";
import { parseCsvStream } from "../src/ingest/parse";
import type { ParseProgress, RawTable } from "../src/ingest/types";
import type { IngestApi, IngestPartApi } from "./protocol";

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
  async parseFileParallel(file, opts, onProgress) {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const helpers: Worker[] = [];
    const o = {
      ...opts,
      name: opts.name ?? ("name" in file ? String(file.name) : "file"),
      totalBytes: file.size,
      signal: controller.signal,
      onProgress: onProgress ? (p: ParseProgress) => void onProgress(p) : undefined,
    };
    const whole = () => parseCsvStream(file.stream(), o);
    // the load has started (the page can show it before the head is read and helpers start)
    o.onProgress?.({ bytes: 0, rows: 0, totalBytes: file.size });
    try {
      const cores =
        typeof navigator !== "undefined" && navigator.hardwareConcurrency
          ? navigator.hardwareConcurrency
          : 2;
      const n = typeof Worker === "function" ? Math.max(1, Math.min(4, cores)) : 1;
      const runners: BlobPartRunner[] = [
        (f, job, p) => readBlobPart(f, job, p, { ...opts, signal: controller.signal }),
      ];
      for (let k = 1; k < n && file.size >= MIN_PARALLEL_BYTES; k++) {
        let w: Worker;
        try {
          w = new Worker(new URL("./ingest-part.worker.ts", import.meta.url), { type: "module" });
        } catch {
          break; // no nested workers here: fewer parts (or one reader)
        }
        helpers.push(w);
        const api = Comlink.wrap<IngestPartApi>(w);
        runners.push((f, job, p) => failOnError(w, api.parsePart(f, job, opts, Comlink.proxy(p))));
      }
      let table: RawTable;
      if (runners.length < 2) table = await whole();
      else {
        try {
          table = await parseBlobParallel(file, runners, whole, o);
        } catch (e) {
          if (controller.signal.aborted) throw e;
          // a helper failed (could not start, ran out of memory): read the file on this worker
          for (const w of helpers) w.terminate();
          table = await whole();
        }
      }
      return Comlink.transfer(table, tableBuffers(table));
    } finally {
      for (const w of helpers) w.terminate();
      if (running === controller) running = null;
    }
  },
  cancel() {
    running?.abort();
  },
};

/** The call's result, or its rejection when the helper worker fails (never hangs). */
function failOnError<T>(w: Worker, call: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (e: Event) =>
      reject(
        new Error(
          e instanceof ErrorEvent && e.message ? e.message : "an ingest helper worker failed",
        ),
      );
    w.addEventListener("error", fail, { once: true });
    w.addEventListener("messageerror", fail, { once: true });
    call.then(resolve, reject);
  });
}

declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope)
  Comlink.expose(ingestApi);
