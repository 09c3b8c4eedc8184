/**
 * Events worker: exposes the events API (src/events/remote.ts) over an EventService, which
 * keeps the chosen OMOP tables; a cancelled read ends the worker (the page starts a new one).
 * The Parquet reader is given here only: the page imports EventService for its plan, and the
 * reader's compressors compile WebAssembly when loaded. Large CSV tables are read on every
 * core: reading helpers (workers/ingest-part.worker.ts) started from the page's helper URL
 * (`configure`), else from this bundle's own copy of the helper script.
 */
import * as Comlink from "comlink";
import { eventsApi } from "../src/events/remote.ts";
import { EventService } from "../src/events/service.ts";
import { readParquetTable } from "../src/events/parquet.ts";
import { failOnError } from "../src/ingest/browser/helpers.ts";
import type { IngestPartApi } from "../src/ingest/browser/ingest-api.ts";
import type { BlobPartRunner } from "../src/ingest/browser/blob-parallel.ts";

let partWorkerUrl: string | undefined;

/** One helper for one part of a table, ended as soon as its part is here (its heap returned). */
function startHelper(name: string): BlobPartRunner | null {
  let w: Worker;
  try {
    w = partWorkerUrl
      ? new Worker(partWorkerUrl, { type: "module" })
      : new Worker(new URL("./ingest-part.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
  const api = Comlink.wrap<IngestPartApi>(w);
  return (file, job, onProgress) =>
    failOnError(w, api.parsePart(file, job, { name }, Comlink.proxy(onProgress))).finally(() =>
      w.terminate(),
    );
}

const cores = navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 2;
const helpers = { count: Math.max(0, Math.min(4, cores) - 1), start: startHelper };

Comlink.expose(
  eventsApi(new EventService({ parquet: readParquetTable, helpers }), (opts) => {
    partWorkerUrl = opts.partWorkerUrl;
  }),
);
