/**
 * Where the workers come from. The normal build loads them as separate module files; the
 * single-file build (`npm run build:single`, mode "single") inlines them and starts them from
 * blob: URLs, so the one HTML file works when opened from disk.
 */
import * as Comlink from "comlink";
import InlineEvalWorker from "../../workers/eval.worker.ts?worker&inline";
import InlineIngestWorker from "../../workers/ingest.worker.ts?worker&inline";
import type { IngestApi } from "../../workers/protocol.ts";
import { EvalPool, type WorkerFactory } from "../pool/index.ts";

const SINGLE = import.meta.env.MODE === "single";

export function ingestWorker(): Comlink.Remote<IngestApi> {
  const w = SINGLE
    ? new InlineIngestWorker()
    : new Worker(new URL("../../workers/ingest.worker.ts", import.meta.url), { type: "module" });
  return Comlink.wrap<IngestApi>(w);
}

function evalFactory(): WorkerFactory {
  return () => {
    const worker = SINGLE
      ? new InlineEvalWorker({ name: "eval" })
      : new Worker(new URL("../../workers/eval.worker.ts", import.meta.url), {
          type: "module",
          name: "eval",
        });
    return {
      endpoint: worker,
      terminate: () => worker.terminate(),
      onFatal(listener) {
        worker.addEventListener("error", (e) => {
          e.preventDefault();
          listener(new Error(`evaluation worker failed: ${e.message || "could not start"}`));
        });
        worker.addEventListener("messageerror", () =>
          listener(new Error("evaluation worker: a message could not be decoded")),
        );
      },
    };
  };
}

/** One evaluation worker per core (at least 1, at most 8). */
export function createPool(): EvalPool {
  const cores =
    typeof navigator !== "undefined" && navigator.hardwareConcurrency > 0
      ? navigator.hardwareConcurrency
      : 2;
  return new EvalPool({ factory: evalFactory(), size: Math.min(8, cores) });
}
