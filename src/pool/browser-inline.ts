/**
 * Evaluation workers inlined into the bundle (a blob: URL), for the single-file build opened from
 * file://, where a worker cannot be loaded from a separate file. Import this module only from
 * that build's entry: it embeds the whole worker bundle. The page's CSP must allow `worker-src blob:`.
 */
import EvalWorker from "../../workers/eval.worker.ts?worker&inline";
import { createBrowserPool, browserWorkerFactory } from "./browser.ts";
import type { EvalPool, PoolOptions, WorkerFactory } from "./pool.ts";

export function inlineWorkerFactory(): WorkerFactory {
  return browserWorkerFactory(() => new EvalWorker({ name: "eval" }));
}

export function createInlinePool(opts: Partial<PoolOptions> = {}): EvalPool {
  return createBrowserPool({ factory: inlineWorkerFactory(), ...opts });
}
