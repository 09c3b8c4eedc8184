/**
 * Node worker threads as plain JavaScript: a worker started through tsx (`*.bootstrap.mjs`)
 * registers tsx's module hooks, which Node runs on a thread of their own; that costs ~35-40 MB
 * and ~0.3 s per worker. Here a worker's TypeScript entry is bundled once with esbuild (tsx's
 * own compiler, always installed with it) into a cached `.mjs` under the temp directory, rebuilt
 * when any of its inputs changed; when that fails the tsx bootstrap is used as before.
 *
 * @example
 * const w = new Worker(await workerScript("node-part"), { workerData });
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export type WorkerEntry = "node-part" | "node-eval";

const here = dirname(fileURLToPath(import.meta.url));
const cache = new Map<WorkerEntry, Promise<URL>>();

/** URL of a runnable script for worker `entry` (a cached bundle, or the tsx bootstrap). */
export function workerScript(entry: WorkerEntry): Promise<URL> {
  let p = cache.get(entry);
  if (!p) {
    p = bundled(entry).catch(() => new URL(`./${entry}.bootstrap.mjs`, import.meta.url));
    cache.set(entry, p);
  }
  return p;
}

interface Stamp {
  inputs: string[];
}

async function bundled(entry: WorkerEntry): Promise<URL> {
  if (process.env.INGEST_WORKER_TSX === "1") throw new Error("tsx workers asked for");
  const src = join(here, `${entry}.worker.ts`);
  const dir = join(tmpdir(), "cohort-prescreener-workers");
  const key = createHash("sha1").update(src).digest("hex").slice(0, 12);
  const out = join(dir, `${entry}-${key}.mjs`);
  const stampPath = `${out}.json`;
  if (fresh(out, stampPath)) return pathToFileURL(out);
  const { build } = await import("esbuild");
  const r = await build({
    entryPoints: [src],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: here,
    // CommonJS dependencies (papaparse) may call require()
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
  });
  const file = r.outputFiles[0];
  if (!file) throw new Error("esbuild wrote nothing");
  mkdirSync(dir, { recursive: true });
  // written aside and renamed: another process may be reading or writing the same bundle
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  const stamp: Stamp = { inputs: Object.keys(r.metafile.inputs).map((p) => join(here, p)) };
  writeFileSync(`${stampPath}.${process.pid}.tmp`, JSON.stringify(stamp));
  renameSync(`${stampPath}.${process.pid}.tmp`, stampPath);
  renameSync(tmp, out);
  return pathToFileURL(out);
}

/** The bundle exists and none of its inputs changed after it was written. */
function fresh(out: string, stampPath: string): boolean {
  try {
    const built = statSync(out).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(stampPath, "utf8")) as Stamp;
    return inputs.length > 0 && inputs.every((p) => statSync(p).mtimeMs < built);
  } catch {
    return false;
  }
}
