import { EvalPool, type PoolOptions, type WorkerFactory } from "./pool.ts";

/**
 * Real module workers running workers/eval.worker.ts (bundled by Vite). `make` replaces how a
 * worker is constructed, e.g. with an inlined worker for the single-file build (browser-inline.ts).
 */
export function browserWorkerFactory(make: () => Worker = defaultWorker): WorkerFactory {
  return () => {
    const worker = make();
    return {
      endpoint: worker,
      terminate: () => worker.terminate(),
      onFatal(listener) {
        worker.addEventListener("error", (e) => {
          e.preventDefault();
          listener(
            new Error(`evaluation worker failed: ${e.message || "could not start (script error)"}`),
          );
        });
        worker.addEventListener("messageerror", () =>
          listener(new Error("evaluation worker: a message could not be decoded")),
        );
      },
    };
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL("../../workers/eval.worker.ts", import.meta.url), {
    type: "module",
    name: "eval",
  });
}

/** One worker per core (navigator.hardwareConcurrency, default 2). */
export function createBrowserPool(opts: Partial<PoolOptions> = {}): EvalPool {
  const cores =
    typeof navigator !== "undefined" && navigator.hardwareConcurrency > 0
      ? navigator.hardwareConcurrency
      : 2;
  return new EvalPool({ factory: browserWorkerFactory(), size: cores, ...opts });
}
