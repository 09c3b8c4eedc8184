/**
 * The parallel load's reading helpers (workers/ingest-part.worker.ts, `IngestPartService`), as
 * the ingest worker starts them and waits on them.
 */
import * as Comlink from "comlink";
import type { IngestPartApi } from "./ingest-api.ts";

export interface Helper {
  worker: Worker;
  api: Comlink.Remote<IngestPartApi>;
}

/** A helper started ahead of its load; `failed` when its script could not run. */
export interface SpareHelper extends Helper {
  failed: boolean;
}

/** A helper from its script's URL (the page's blob: URL of the helper script). */
export function startHelper(url: string): SpareHelper {
  const worker = new Worker(url, { type: "module" });
  const s = { worker, api: Comlink.wrap<IngestPartApi>(worker), failed: false };
  // (a script that fails before the helper is used: its load would never hear of it)
  worker.addEventListener("error", () => (s.failed = true));
  return s;
}

/** The call's result, or its rejection when the helper worker fails (never hangs). */
export function failOnError<T>(w: Worker, call: Promise<T>): Promise<T> {
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
