/**
 * Node worker threads as plain JavaScript: a worker started through tsx (`*.bootstrap.mjs`)
 * registers tsx's module hooks, which Node runs on a thread of their own; that costs ~35-40 MB
 * and ~0.3 s per worker. Here a worker's TypeScript entry is bundled once (bin/bundle.mjs:
 * esbuild, cached under the temp directory, rebuilt when an input changed); when that fails the
 * tsx bootstrap is used as before. Works from the sources (tsx) and from the command line's own
 * bundle (bin/prescreen.mjs), where `__PRESCREEN_ROOT__` says where the sources are.
 *
 * @example
 * const w = new Worker(await workerScript("node-part"), { workerData });
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleScript } from "../../bin/bundle.mjs";

export type WorkerEntry = "node-part" | "node-eval";

/** set by bin/bundle.mjs in bundled code: the project root */
declare const __PRESCREEN_ROOT__: string | undefined;

/** the sources' src/ folder, also when running from a bundle */
const src =
  typeof __PRESCREEN_ROOT__ === "string"
    ? join(__PRESCREEN_ROOT__, "src")
    : join(dirname(fileURLToPath(import.meta.url)), "..");
/** each entry's worker file (and its tsx bootstrap beside it, `.bootstrap.mjs`), under src/ */
const ENTRIES: Record<WorkerEntry, string> = {
  "node-part": "ingest/node/part",
  "node-eval": "pool/node-eval",
};
const cache = new Map<WorkerEntry, Promise<URL>>();

/** URL of a runnable script for worker `entry` (a cached bundle, or the tsx bootstrap). */
export function workerScript(entry: WorkerEntry): Promise<URL> {
  let p = cache.get(entry);
  if (!p) {
    p = (
      process.env.INGEST_WORKER_TSX === "1"
        ? Promise.reject(new Error("tsx workers asked for"))
        : bundleScript(join(src, `${ENTRIES[entry]}.worker.ts`), entry)
    ).then(
      (path) => pathToFileURL(path),
      () => pathToFileURL(join(src, `${ENTRIES[entry]}.bootstrap.mjs`)),
    );
    cache.set(entry, p);
  }
  return p;
}
