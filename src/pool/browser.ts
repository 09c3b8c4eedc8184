import type { WorkerFactory } from "./supervisor.ts";

/**
 * Evaluation worker handles over browser `Worker`s: `make` starts one (the app's
 * src/app/workers.ts: from a blob: URL of the fetched script, or inlined in the single-file
 * build); errors and undecodable messages become the pool's fatal errors.
 */
export function browserWorkerFactory(make: () => Worker): WorkerFactory {
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
