import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { EvalPool, type PoolOptions } from "./pool.ts";
import type { WorkerFactory } from "./supervisor.ts";

/**
 * worker_threads running src/pool/node-worker.ts, for the command line and benchmarks. The
 * TypeScript source is loaded through tsx (node-worker-boot.mjs), as bin/prescreen.mjs does.
 */
export function nodeWorkerFactory(): WorkerFactory {
  return () => {
    const worker = new Worker(new URL("./node-worker-boot.mjs", import.meta.url), { execArgv: [] });
    return {
      endpoint: nodeEndpoint(worker),
      terminate: () => void worker.terminate(),
      onFatal(listener) {
        worker.on("error", (e) => listener(e instanceof Error ? e : new Error(String(e))));
        worker.on("messageerror", () =>
          listener(new Error("evaluation worker: a message could not be decoded")),
        );
        worker.on(
          "exit",
          (code) => code !== 0 && listener(new Error(`evaluation worker exited with code ${code}`)),
        );
      },
    };
  };
}

/** One worker thread per core. */
export function createNodePool(opts: Partial<PoolOptions> = {}): EvalPool {
  return new EvalPool({ factory: nodeWorkerFactory(), size: availableParallelism(), ...opts });
}
