/**
 * Node: parse a CSV file on several worker threads (byte ranges), falling back to one reader
 * when the file is small or cannot be split safely. Same core, same result as parseCsvFile.
 */
import { open, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { Part } from "../parallel/assemble.ts";
import { memoryProblem } from "../read/budget.ts";
import { parseCsvFile } from "./file.ts";
import { readFilePart } from "./part.ts";
import { workerScript } from "../../node/worker-script.ts";
import {
  MIN_PARALLEL_BYTES,
  parseParallel,
  type ParallelSource,
  type PartJob,
  type RunPart,
} from "../parallel/plan.ts";
import type { ParseOptions, RawTable } from "../types.ts";

const YOUNG_MB = Number(process.env.INGEST_YOUNG_MB ?? 16);
/** parts write into one shared buffer (shared.ts); INGEST_SHARED=0 merges copies instead */
const SHARED = process.env.INGEST_SHARED !== "0";

export interface ParallelFileOptions extends ParseOptions {
  /** threads in all, this one included (default: available cores, at most 4) */
  threads?: number;
  /** the part workers' script (tests; default: the cached bundle of node-part.worker.ts) */
  workerUrl?: URL;
  /**
   * Called once every part has been read, before they are merged (one thread's work of
   * ~0.15 s at 1M rows, while the other cores are idle): e.g. to start the evaluation workers.
   */
  onPartsRead?: () => void;
}

/**
 * Parses `path` with `threads` worker threads (default: available cores, at most 4). A helper
 * thread that fails (crash, out of memory) is not fatal: the file is read again on this thread,
 * with a warning saying why.
 */
export async function parseCsvFileParallel(
  path: string,
  opts: ParallelFileOptions = {},
): Promise<RawTable> {
  const { size } = await stat(path);
  const name = opts.name ?? basename(path);
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  if (memoryProblem(size, opts.memoryBudget)) return parseCsvFile(path, opts);
  // the worker's script (a cached bundle) is found or built while the head is inspected
  const script = opts.workerUrl ? Promise.resolve(opts.workerUrl) : workerScript("node-part");
  let failed: string | null = null;
  const fh = await open(path, "r");
  const workers = new Set<Worker>();
  // stops this thread's part too when a helper failed (the file is then read again)
  const stop = new AbortController();
  const abort = (): void => {
    stop.abort(opts.signal?.reason);
    for (const w of workers) void w.terminate();
  };
  opts.signal?.addEventListener("abort", abort);
  try {
    const src: ParallelSource = {
      size,
      async read(pos, len) {
        const buf = new Uint8Array(Math.max(0, Math.min(len, size - pos)));
        await fh.read(buf, 0, buf.length, pos);
        return buf;
      },
    };
    // the first part is read on this thread (one worker fewer to start, and its columns need
    // no transfer); the others on worker threads, started now: their scripts load while the
    // head is inspected (started with their job, a worker began ~0.14 s after this thread's part; now ~30 ms)
    const helpers =
      size >= MIN_PARALLEL_BYTES
        ? Array.from({ length: threads - 1 }, () =>
            startHelper(
              script,
              { path, opts: { name, dateOrder: opts.dateOrder } },
              workers,
              stop.signal,
            ),
          )
        : [];
    let reading = 0;
    const run: RunPart = async (job, onProgress) => {
      reading++;
      const part = await readPart(job, onProgress);
      // (parseParallel starts every part before any ends)
      if (--reading === 0) opts.onPartsRead?.();
      return part;
    };
    const readPart: RunPart = (job, onProgress) =>
      job.start === 0
        ? readFilePart(
            path,
            job,
            { name, dateOrder: opts.dateOrder, signal: stop.signal },
            onProgress,
          )
        : runHelper(job, onProgress);
    let used = 0;
    const runHelper: RunPart = async (job, onProgress) => {
      const h = helpers[used++];
      if (!h) throw new Error("more parts than helper threads");
      if (opts.signal?.aborted)
        throw opts.signal.reason ?? new DOMException("the load was cancelled", "AbortError");
      const part = await h.run(job, onProgress);
      if (opts.signal?.aborted)
        throw opts.signal.reason ?? new DOMException("the load was cancelled", "AbortError");
      return part;
    };
    // equal parts: a worker starts parsing ~30 ms after this thread (started before the probe;
    // this thread also handles the workers' messages): measured, the parts finish together
    const t = await parseParallel(
      src,
      run,
      threads,
      { ...opts, name, totalBytes: size },
      undefined,
      undefined,
      SHARED,
    );
    if (t) return t;
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    failed = e instanceof Error ? e.message : String(e);
  } finally {
    opts.signal?.removeEventListener("abort", abort);
    abort();
    await fh.close();
  }
  const whole = await parseCsvFile(path, opts);
  if (failed)
    whole.problems.push({
      where: name,
      message: `a helper thread failed (${failed}); the file was read again on one thread`,
      severity: "warning",
    });
  return whole;
}

interface PartMessage {
  type: string;
  bytes: number;
  rows: number;
  part: Part;
  message: string;
}

/**
 * A part's worker thread, started before its job is known (node-part.worker.ts waits for it):
 * what it says or how it fails before `run` is kept for `run`. Ended by `signal` (and after
 * its part is done: its heap is freed before the parts are merged).
 */
function startHelper(
  script: Promise<URL>,
  data: { path: string; opts: Pick<ParseOptions, "name" | "dateOrder"> },
  workers: Set<Worker>,
  signal: AbortSignal,
): { run: RunPart } {
  let failure: Error | null = null;
  let waiting: {
    resolve(p: Part): void;
    reject(e: unknown): void;
    onProgress(bytes: number, rows: number): void;
  } | null = null;
  let done = false;
  const fail = (e: Error): void => {
    failure ??= e;
    waiting?.reject(failure);
  };
  const worker = script.then(
    (url) => {
      if (signal.aborted) return null;
      const w = new Worker(url, {
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
        // not this process's flags (e.g. tsx's loader): the script is plain JavaScript
        execArgv: [],
      });
      workers.add(w);
      w.on("message", (m: PartMessage) => {
        if (m.type === "progress") waiting?.onProgress(m.bytes, m.rows);
        else if (m.type === "done") {
          done = true;
          waiting?.resolve(m.part);
          // free the worker's heap (dictionaries, parser garbage) before the parts are merged
          void w.terminate();
        } else fail(new Error(m.message));
      });
      w.on("error", fail);
      w.on("exit", (code) => {
        workers.delete(w);
        if (!done && !signal.aborted) fail(new Error(`ingest worker exited with code ${code}`));
        else if (!done) waiting?.reject(signal.reason);
      });
      return w;
    },
    (e: unknown) => {
      fail(e instanceof Error ? e : new Error(String(e)));
      return null;
    },
  );
  return {
    run: (job: PartJob, onProgress) =>
      new Promise<Part>((resolve, reject) => {
        if (failure) return reject(failure);
        waiting = { resolve, reject, onProgress };
        void worker.then((w) => {
          if (!w) reject(failure ?? signal.reason);
          else if (!failure) w.postMessage({ type: "job", job });
        });
      }),
  };
}
