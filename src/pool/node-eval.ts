/**
 * Node: evaluate a protocol on two (or more) cores. The calling thread and worker threads
 * evaluate chunks of rows; a worker reads columns in shared memory (a parallel load's, see
 * shared.ts) in place and gets a copy of the chunk's rows of the others; the verdicts are merged
 * into one array per criterion, identical to `evaluateProtocol` on the whole table. Workers run
 * a plain-JavaScript bundle (node-worker.ts). Create the evaluator before mapping, so the workers load their modules meanwhile
 * (created before parsing, they slow the read and add their heaps to its peak); small tables
 * are evaluated on this thread only.
 *
 * @example
 * const raw = await parseCsvFileParallel(path);
 * const ev = new NodeEvaluator(); // workers load while the columns are mapped
 * const { table } = applyMapping(protocol, raw, autoMap(protocol, raw).mapping, { reuse: true });
 * const { verdicts } = await ev.evaluate(protocol, compiled, table, overrides);
 * ev.close();
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import {
  evaluateProtocol,
  type CompiledProtocol,
  type ParamValue,
} from "../engine/compile-protocol.ts";
import {
  bitsetArrays,
  bitsetBytes,
  evaluateInto,
  packInto,
  verdictArrays,
  type VerdictTarget,
} from "./eval-into.ts";
import type { PackedVerdicts } from "../engine/results/types.ts";
import type { Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import { workerScript } from "../node/worker-script.ts";
import { sliceTable } from "./slice.ts";
import { userRecord } from "../engine/user-keys.ts";

export type EvalJob =
  | { type: "compile"; protocol: Protocol; overrides: Record<string, ParamValue> }
  | { type: "rows"; id: number; table: Table; out: VerdictTarget };
export type EvalReply =
  | { type: "ready" }
  /** sites: per criterion, the chunk's SITE count when its verdicts were packed */
  | { type: "done"; id: number; sites?: number[] }
  | { type: "error"; id: number; message: string };

/** rows per chunk of work (a worker chunk's copy of the used columns, when not shared: ~6 MB for the seed) */
export const CHUNK_ROWS = 32_768;

/** below this many rows a worker is not worth its copy and start-up */
export const MIN_PARALLEL_ROWS = 200_000;

interface Helper {
  /** set once the worker's script is found (a cached bundle: see node-worker.ts) */
  worker?: Worker;
  ready: Promise<void>;
  /** set once `ready` has resolved (the worker answered or failed) */
  started?: boolean;
  failed?: Error;
}

export interface NodeEvaluatorOptions {
  /** threads in all, this one included (default: available cores, at most 4) */
  threads?: number;
  /** tables with fewer rows are evaluated on this thread only (default MIN_PARALLEL_ROWS) */
  minRows?: number;
  /** rows per chunk (default CHUNK_ROWS; tests use small chunks) */
  chunkRows?: number;
  /**
   * Also pack the verdicts into a ResultSet's bitsets as they are written (`evaluate` returns
   * them as `packed`; chunks must start on 32-row words): for a caller that builds one.
   */
  pack?: boolean;
}

export class NodeEvaluator {
  private helpers: Helper[] = [];
  private readonly minRows: number;
  private readonly chunkRows: number;
  private readonly pack: boolean;
  /** rows of the last evaluate call done on this thread and by workers (diagnostics) */
  lastSplit = { here: 0, workers: 0 };

  constructor(opts: NodeEvaluatorOptions = {}) {
    const threads = opts.threads ?? Math.min(4, availableParallelism());
    this.minRows = opts.minRows ?? MIN_PARALLEL_ROWS;
    this.chunkRows = Math.max(1, Math.floor(opts.chunkRows ?? CHUNK_ROWS));
    this.pack = opts.pack === true && this.chunkRows % 32 === 0;
    for (let i = 1; i < threads; i++) {
      const h: Helper = { ready: Promise.resolve() };
      h.ready = workerScript("node-eval").then(
        (url) =>
          new Promise<void>((resolve) => {
            const fail = (e: Error): void => {
              h.failed ??= e;
              resolve();
            };
            if (this.closed) return fail(new Error("the evaluator was closed"));
            // plain JavaScript: none of this process's flags (e.g. tsx's loader); a small young
            // generation (chunks allocate little: columns are views, verdicts go to shared memory)
            const worker = new Worker(url, {
              execArgv: [],
              resourceLimits: { maxYoungGenerationSizeMb: 16 },
            });
            worker.unref();
            h.worker = worker;
            worker.once("message", () => resolve());
            worker.once("error", fail);
            worker.once("exit", (code) =>
              fail(new Error(`evaluation worker exited with code ${code}`)),
            );
          }),
      );
      void h.ready.then(() => (h.started = true));
      this.helpers.push(h);
    }
  }

  private closed = false;

  /** Finds (or builds) the workers' script now, so a later constructor starts them at once. */
  static prepare(): void {
    void workerScript("node-eval").catch(() => undefined);
  }

  /**
   * Verdicts of every criterion of `compiled` over `table` (same as
   * `evaluateProtocol(compiled, table).verdicts`). `protocol` and `overrides` must be what
   * `compiled` was compiled from (the workers compile their own copy). Rows go in chunks of
   * CHUNK_ROWS as threads free up, a worker chunk's non-shared columns copied just before this
   * thread evaluates its own, so only a few copies exist at a time and no whole-table truth
   * arrays are made. A worker that fails is not fatal: its chunks are evaluated here.
   */
  async evaluate(
    protocol: Protocol,
    compiled: CompiledProtocol,
    table: Table,
    overrides: Record<string, ParamValue> = {},
  ): Promise<{ verdicts: Uint8Array[]; packed?: PackedVerdicts }> {
    const n = table.nRows;
    const k = compiled.criteria.length;
    const wide = n >= this.minRows;
    if (!wide || k === 0) return { verdicts: evaluateProtocol(compiled, table).verdicts };
    // workers get only the columns the criteria read (not the patient ids and their dictionary)
    const used = new Set(compiled.criteria.flatMap((c) => c.variables));
    const columns = userRecord<Table["columns"][string]>();
    for (const [name, col] of Object.entries(table.columns))
      if (used.has(name)) columns[name] = col;
    const needed: Table = { nRows: n, columns };
    // one shared buffer: workers write their chunks' verdicts straight into it
    const out = new SharedArrayBuffer(k * n);
    const verdicts = verdictArrays(out, k, n);
    // and each thread packs the verdicts it wrote into the ResultSet's bitsets (chunks that
    // start on a 32-row word), so the results are not a serial pass over every verdict after
    const bitsBuf = this.pack ? new SharedArrayBuffer(bitsetBytes(k, n)) : undefined;
    const bits = bitsBuf && bitsetArrays(bitsBuf, k, n);
    const ids = compiled.criteria.map((c) => c.id);
    const site = new Array<number>(k).fill(0);
    const addSites = (sites: readonly number[]): void =>
      sites.forEach((x, j) => (site[j] = site[j]! + x));
    const here = (s: number, e: number): void => {
      evaluateInto(compiled, table, s, e, verdicts, s);
      if (bits) addSites(packInto(verdicts, bits, s, e, ids));
    };
    // chunks are handed out as the threads free up: a worker that is still starting, or whose
    // core is busy with other work, takes fewer; this thread takes one chunk at a time and then
    // lets the workers' messages in
    const sessions = new Map<Helper, Session>();
    const pending: { s: number; e: number; result: Promise<number[] | false> }[] = [];
    const split = { here: 0, workers: 0 };
    let next = 0;
    const take = (): [number, number] => {
      const a = next;
      next = Math.min(n, next + this.chunkRows);
      return [a, next];
    };
    while (next < n) {
      for (const h of this.helpers) {
        if (!h.started || h.failed || !h.worker) continue;
        let x = sessions.get(h);
        if (!x)
          sessions.set(h, (x = new Session(h as Helper & { worker: Worker }, protocol, overrides)));
        while (x.inFlight < 2 && !x.dead && next < n) {
          const [a, b] = take();
          const target = { buffer: out, n, at: a, ...(bitsBuf ? { bits: bitsBuf } : {}) };
          pending.push({ s: a, e: b, result: x.post(needed, a, b, target) });
          split.workers += b - a;
        }
      }
      if (next >= n) break;
      const [a, b] = take();
      here(a, b);
      split.here += b - a;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    for (const { s, e, result } of pending) {
      const sites = await result;
      if (sites && (!bits || sites.length === k)) {
        addSites(sites);
        continue;
      }
      // the worker failed or died: its chunk is evaluated here
      here(s, e);
      split.workers -= e - s;
      split.here += e - s;
    }
    for (const x of sessions.values()) x.end();
    this.lastSplit = split;
    return { verdicts, ...(bits ? { packed: { ...bits, site } } : {}) };
  }

  /** Worker threads that started and have not failed (for tests and diagnostics). */
  async liveHelpers(): Promise<number> {
    await Promise.all(this.helpers.map((h) => h.ready));
    return this.helpers.filter((h) => !h.failed).length;
  }

  /** Ends the worker threads. */
  close(): void {
    void this.end();
  }

  /** `close`, resolved once the workers have exited (their heaps returned). */
  async end(): Promise<void> {
    this.closed = true;
    const ending = this.helpers.map((h) => h.worker?.terminate());
    this.helpers = [];
    await Promise.all(ending);
  }
}

/** One evaluate call's traffic with one worker: replies matched to chunks by id. */
class Session {
  private next = 0;
  private waiting = new Map<number, (ok: number[] | false) => void>();
  private readonly onMessage = (r: EvalReply): void => {
    if (r.type === "ready") return;
    const done = this.waiting.get(r.id);
    this.waiting.delete(r.id);
    done?.(r.type === "done" ? (r.sites ?? []) : false);
  };
  private readonly onExit = (): void => {
    for (const done of this.waiting.values()) done(false);
    this.waiting.clear();
    this.dead = true;
  };
  dead = false;

  get inFlight(): number {
    return this.waiting.size;
  }

  private readonly worker: Worker;

  constructor(
    h: Helper & { worker: Worker },
    protocol: Protocol,
    overrides: Record<string, ParamValue>,
  ) {
    this.worker = h.worker;
    // held while chunks are out (else a process with nothing else to do could exit meanwhile)
    this.worker.ref();
    this.worker.on("message", this.onMessage);
    this.worker.on("exit", this.onExit);
    this.send({ type: "compile", protocol, overrides });
  }

  /**
   * Sends rows [s, e) of `table`; resolves once their verdicts are written into `out` (with
   * each criterion's SITE count when packed too), false when the worker failed.
   */
  post(table: Table, s: number, e: number, out: VerdictTarget): Promise<number[] | false> {
    if (this.dead) return Promise.resolve(false);
    const id = this.next++;
    const slice = sliceTable(table, s, e);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      if (!this.send({ type: "rows", id, table: slice.table, out }, slice.transfer)) this.onExit();
    });
  }

  private send(job: EvalJob, transfer: ArrayBuffer[] = []): boolean {
    try {
      this.worker.postMessage(job, transfer);
      return true;
    } catch {
      return false;
    }
  }

  end(): void {
    this.worker.unref();
    this.worker.off("message", this.onMessage);
    this.worker.off("exit", this.onExit);
  }
}
