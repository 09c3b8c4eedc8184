/**
 * Node: evaluate a protocol on two (or more) cores. The calling thread evaluates the first row
 * range while worker threads evaluate the others (each gets a copy of its rows, transferred);
 * the verdicts are merged into one array per criterion, identical to `evaluateProtocol` on the
 * whole table. Create the evaluator before mapping, so the workers load their modules meanwhile
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
} from "../engine/compile-protocol";
import type { Protocol } from "../engine/protocol/types";
import type { Table } from "../engine/types";
import { sliceTable, splitRows } from "../pool/slice";

export interface EvalJob {
  protocol: Protocol;
  overrides: Record<string, ParamValue>;
  table: Table;
}
export type EvalReply =
  | { type: "ready" }
  | { type: "done"; buffer: ArrayBuffer; offset: number }
  | { type: "error"; message: string };

const WORKER = new URL("./node-eval.bootstrap.mjs", import.meta.url);
/** below this many rows a worker is not worth its copy and start-up */
export const MIN_PARALLEL_ROWS = 200_000;

interface Helper {
  worker: Worker;
  ready: Promise<void>;
  failed?: Error;
}

export interface NodeEvaluatorOptions {
  /** threads in all, this one included (default: available cores, at most 4) */
  threads?: number;
  /** tables with fewer rows are evaluated on this thread only (default MIN_PARALLEL_ROWS) */
  minRows?: number;
}

export class NodeEvaluator {
  private helpers: Helper[] = [];
  private readonly minRows: number;

  constructor(opts: NodeEvaluatorOptions = {}) {
    const threads = opts.threads ?? Math.min(4, availableParallelism());
    this.minRows = opts.minRows ?? MIN_PARALLEL_ROWS;
    for (let i = 1; i < threads; i++) {
      const worker = new Worker(WORKER, { execArgv: [] });
      worker.unref();
      const h: Helper = { worker, ready: Promise.resolve() };
      h.ready = new Promise<void>((resolve) => {
        const fail = (e: Error): void => {
          h.failed ??= e;
          resolve();
        };
        worker.once("message", () => resolve());
        worker.once("error", fail);
        worker.once("exit", (code) =>
          fail(new Error(`evaluation worker exited with code ${code}`)),
        );
      });
      this.helpers.push(h);
    }
  }

  /**
   * Verdicts of every criterion of `compiled` over `table` (same as
   * `evaluateProtocol(compiled, table).verdicts`). `protocol` and `overrides` must be what
   * `compiled` was compiled from (the workers compile their own copy). A worker that fails is
   * not fatal: its rows are evaluated on this thread.
   */
  async evaluate(
    protocol: Protocol,
    compiled: CompiledProtocol,
    table: Table,
    overrides: Record<string, ParamValue> = {},
  ): Promise<{ verdicts: Uint8Array[] }> {
    const n = table.nRows;
    const k = compiled.criteria.length;
    const wide = n >= this.minRows;
    if (wide) await Promise.all(this.helpers.map((h) => h.ready));
    const live = wide ? this.helpers.filter((h) => !h.failed) : [];
    if (live.length === 0 || k === 0)
      return { verdicts: evaluateProtocol(compiled, table).verdicts };
    const ranges = splitRows(n, live.length + 1);
    // workers get only the columns the criteria read (not the patient ids and their dictionary)
    const used = new Set(compiled.criteria.flatMap((c) => c.variables));
    const columns: Table["columns"] = {};
    for (const [name, col] of Object.entries(table.columns))
      if (used.has(name)) columns[name] = col;
    const needed: Table = { nRows: n, columns };
    const jobs = live.map((h, i) => {
      const [start, end] = ranges[i + 1]!;
      return { h, start, end, result: this.run(h, protocol, overrides, needed, start, end, k) };
    });
    const [s0, e0] = ranges[0]!;
    const own = evaluateProtocol(compiled, table, s0, e0).verdicts;
    const verdicts = Array.from({ length: k }, () => new Uint8Array(n));
    for (let j = 0; j < k; j++) verdicts[j]!.set(own[j]!, s0);
    for (const { start, end, result } of jobs) {
      let part = await result.catch(() => null);
      if (!part) part = evaluateProtocol(compiled, table, start, end).verdicts;
      for (let j = 0; j < k; j++) verdicts[j]!.set(part[j]!, start);
    }
    return { verdicts };
  }

  /** Posts the job at once (before this thread starts its own rows); resolves with the verdicts. */
  private run(
    h: Helper,
    protocol: Protocol,
    overrides: Record<string, ParamValue>,
    table: Table,
    start: number,
    end: number,
    k: number,
  ): Promise<Uint8Array[] | null> {
    const m = end - start;
    if (m === 0) return Promise.resolve(Array.from({ length: k }, () => new Uint8Array(0)));
    const slice = sliceTable(table, start, end);
    return new Promise<Uint8Array[] | null>((resolve) => {
      const onExit = (): void => resolve(null);
      h.worker.once("exit", onExit);
      h.worker.once("message", (r: EvalReply) => {
        h.worker.off("exit", onExit);
        if (r.type !== "done" || r.buffer.byteLength < r.offset + k * m) return resolve(null);
        resolve(Array.from({ length: k }, (_, j) => new Uint8Array(r.buffer, r.offset + j * m, m)));
      });
      const job: EvalJob = { protocol, overrides, table: slice.table };
      h.worker.postMessage(job, slice.transfer);
    });
  }

  /** Worker threads that started and have not failed (for tests and diagnostics). */
  async liveHelpers(): Promise<number> {
    await Promise.all(this.helpers.map((h) => h.ready));
    return this.helpers.filter((h) => !h.failed).length;
  }

  /** Ends the worker threads. */
  close(): void {
    for (const h of this.helpers) void h.worker.terminate();
    this.helpers = [];
  }
}
