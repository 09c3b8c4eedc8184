/**
 * Evaluation worker pool (page side). Each of N workers holds one contiguous row slice of the
 * table: sent to it directly by the table's holder over a MessagePort (`load`'s `ports`: the
 * app's ingest worker cuts the slices, nothing passes through the page), or else copied here
 * into fresh buffers and transferred (slice.ts; tests, a replaced worker); verdicts come back per slice
 * and are merged into one array per criterion. A table in shared memory (cross-origin isolated
 * page; see docs/architecture.md) is sliced as views, and the verdicts are shared too: the
 * workers write them in place (`evaluateInto`). This file schedules the work (which rows and
 * criteria go to which worker, in which chunks, and how the answers merge); keeping the workers
 * alive (timeouts, replacing a failed worker) is supervisor.ts.
 *
 * @example
 * const pool = new EvalPool({ factory: browserWorkerFactory(() => new Worker(url)), size: 2 });
 * await pool.load(protocol, table, {});
 * const { verdicts } = await pool.evaluate({ upcr_min: 0.5 });
 */
import { proxy, transfer, type Remote } from "comlink";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import type { CellValue, CriterionInfo, EvalResult, EvalWorkerApi, Overrides } from "./eval-api.ts";
import { splitRows } from "./slice.ts";
import type { CriterionMeta, ResultSet, ResultStep } from "../engine/results/index.ts";
import { reviveResultSet } from "./result-transfer.ts";
import { isShared, isSharedTable } from "./share-table.ts";
import { forChunks } from "./chunks.ts";
import { bitsetArrays, bitsetBytes } from "./eval-into.ts";
import type { PackedVerdicts } from "../engine/results/types.ts";
import { Supervisor, type Slot, type WorkerFactory } from "./supervisor.ts";

export interface PoolOptions {
  factory: WorkerFactory;
  /** number of workers; default 2 */
  size?: number;
  /** per call; default 120 s */
  timeoutMs?: number;
}

export class EvalPool {
  readonly size: number;
  private readonly sup: Supervisor;
  private table: Table = { nRows: 0, columns: {} };
  private protocol: Protocol | undefined;
  private overrides: Overrides = {};
  private info: CriterionInfo[] = [];
  /** the table is in shared memory: verdicts are too (evaluateShared) */
  private shared = false;
  /**
   * The last evaluation's verdicts (whole table, every criterion, shared memory) as the workers
   * packed them: handed to the next `results` of those same arrays, then dropped (as is on any
   * other call that could change them: evaluate, setRow, load).
   */
  private packed: { verdicts: Uint8Array[]; packed: PackedVerdicts } | undefined;

  constructor(opts: PoolOptions) {
    this.size = Math.max(1, Math.floor(opts.size ?? 2));
    this.sup = new Supervisor(
      opts.factory,
      opts.timeoutMs ?? 120_000,
      () => ({ protocol: this.protocol!, table: this.table, overrides: this.overrides }),
      (r) => {
        if (this.info.length === 0) this.info = r.criteria; // a load() that failed, then recovered
      },
    );
  }

  /** workers replaced after a failure, for diagnostics */
  get restarts(): number {
    return this.sup.restarts;
  }

  private get slots(): Slot[] {
    return this.sup.slots;
  }

  /** Criteria of the loaded protocol (ids, kinds, the parameters and variables each reads). */
  get criteria(): readonly CriterionInfo[] {
    return this.info;
  }

  get nRows(): number {
    return this.table.nRows;
  }

  /**
   * Give every worker its slice of `table` and compile `protocol` there. The page keeps `table`
   * (slices are copies) and must not change it without telling the pool (`setRow`).
   * `ports`: one per worker (`splitRows(table.nRows, size)` order), on which the table's holder
   * posts each slice (`SliceMessage`); the ports are transferred to the workers. A worker
   * replaced later gets a slice cut from `table` here.
   */
  async load(
    protocol: Protocol,
    table: Table,
    overrides: Overrides = {},
    ports?: readonly MessagePort[],
  ): Promise<{ ok: boolean; problems: Problem[] }> {
    this.live();
    this.packed = undefined;
    this.table = table;
    this.shared = isSharedTable(table);
    this.protocol = protocol;
    this.overrides = overrides;
    this.info = [];
    const usePorts = ports?.length === this.size;
    const ranges = splitRows(table.nRows, this.size);
    const slots = this.sup.start(
      ranges,
      ranges.map((_, k) => (usePorts ? ports[k] : undefined)),
    );
    const results = await Promise.all(slots.map((s) => s.ready));
    const first = results[0]!;
    this.info = first.criteria;
    return { ok: results.every((r) => r.ok), problems: first.problems };
  }

  /** Indices of the criteria that read parameter `name`. */
  affected(name: string): number[] {
    return this.info.flatMap((c, k) => (c.parameters.includes(name) ? [k] : []));
  }

  /**
   * Verdicts of `criteria` (default all) over rows [start, end) (default all) with these overrides,
   * one merged Uint8Array per criterion. Rejects with the worker's error if one throws.
   * `onProgress` (rows evaluated so far): each worker then evaluates its rows in chunks of
   * `chunkRows` (default 131,072; its first chunk a quarter of that), reporting after each.
   */
  async evaluate(
    overrides: Overrides,
    criteria?: readonly number[],
    start = 0,
    end = this.table.nRows,
    opts: { onProgress?: (rows: number) => void; chunkRows?: number } = {},
  ): Promise<EvalResult> {
    this.live();
    this.overrides = overrides;
    this.packed = undefined;
    const lo = Math.max(0, start);
    const hi = Math.min(this.table.nRows, Math.max(lo, end));
    const which = criteria ? [...criteria] : undefined;
    const parts = this.slots.filter((s) => s.end > lo && s.start < hi);
    const step = opts.onProgress ? Math.max(1, opts.chunkRows ?? 131_072) : Infinity;
    if (this.slots.length === 0) {
      return {
        verdicts: [],
        problems: [
          { where: "pool", message: "no table loaded: call load first", severity: "error" },
        ],
      };
    }
    if (this.shared) return this.evaluateShared(overrides, which, parts, lo, hi, step, opts);
    // each chunk is merged as it arrives (one short task each, not one long merge at the end)
    let verdicts: Uint8Array[] | undefined;
    let problems: Problem[] | undefined;
    let mismatch = false;
    await forChunks(parts, lo, hi, step, opts.onProgress, async (s, x, y) => {
      const r = await this.call(s, (api) =>
        api.evaluate(overrides, which, x - s.start, y - s.start),
      );
      problems ??= r.problems;
      const count = which?.length ?? this.info.length;
      if (r.verdicts.length !== count) mismatch = true;
      verdicts ??= Array.from({ length: count }, () => new Uint8Array(hi - lo));
      if (!mismatch) r.verdicts.forEach((v, k) => verdicts![k]!.set(v, x - lo));
    });
    const count = which?.length ?? this.info.length;
    if (mismatch) return { verdicts: [], problems: problems ?? [] };
    return {
      verdicts: verdicts ?? Array.from({ length: count }, () => new Uint8Array(hi - lo)),
      problems: problems ?? [],
    };
  }

  /**
   * Verdicts in shared memory (the table is shared): one SharedArrayBuffer of `criteria x rows`
   * bytes; each worker writes its chunks straight into views of it (`evaluateInto`): no verdict
   * buffers sent back, no merge on the page.
   */
  private async evaluateShared(
    overrides: Overrides,
    which: number[] | undefined,
    parts: Slot[],
    lo: number,
    hi: number,
    step: number,
    opts: { onProgress?: (rows: number) => void },
  ): Promise<EvalResult> {
    // (the criteria are known once a worker has loaded: after a failed load, once it recovered)
    if (!which && this.info.length === 0)
      await Promise.all(parts.map((s) => this.call(s, () => Promise.resolve())));
    const count = which?.length ?? this.info.length;
    const n = hi - lo;
    const memory = new SharedArrayBuffer(count * n);
    const verdicts = Array.from({ length: count }, (_, k) => new Uint8Array(memory, k * n, n));
    // the whole table's verdicts of every criterion: packed into bitsets by the workers too,
    // for the ResultSet `results` builds next (each chunk must start on a word)
    const sizes = Number.isFinite(step) ? [step, Math.ceil(step / 4)] : [];
    const all = !which || (which.length === this.info.length && which.every((k, j) => k === j));
    const bits =
      all &&
      lo === 0 &&
      hi === this.table.nRows &&
      n > 0 &&
      parts.every((s) => s.start % 32 === 0) &&
      sizes.every((z) => z % 32 === 0)
        ? bitsetArrays(new SharedArrayBuffer(bitsetBytes(count, n)), count, n)
        : undefined;
    const site = new Array<number>(count).fill(0);
    let problems: Problem[] | undefined;
    let mismatch = false;
    await forChunks(parts, lo, hi, step, opts.onProgress, async (s, x, y) => {
      const out = verdicts.map((v) => v.subarray(x - lo, y - lo));
      const w0 = (x - lo) >>> 5;
      const w1 = Math.ceil((y - lo) / 32);
      const chunkBits = bits && {
        fail: bits.fail.map((b) => b.subarray(w0, w1)),
        und: bits.und.map((b) => b.subarray(w0, w1)),
      };
      const r = await this.call(s, (api) =>
        api.evaluateInto(overrides, which, x - s.start, y - s.start, out, chunkBits),
      );
      problems ??= r.problems;
      if (r.count !== count) mismatch = true;
      r.site?.forEach((c, j) => (site[j] = site[j]! + c));
      if (bits && r.site?.length !== count) mismatch = true;
    });
    if (mismatch) return { verdicts: [], problems: problems ?? [] };
    this.packed = bits && { verdicts, packed: { ...bits, site } };
    return { verdicts, problems: problems ?? [] };
  }

  /**
   * The ResultSet of `verdicts` (the page's arrays, copied to one worker, which builds it and
   * transfers it back; the page's arrays are what it holds). Verdicts in shared memory are not
   * copied: the worker reads the page's own arrays.
   */
  async results(
    meta: CriterionMeta[],
    verdicts: Uint8Array[],
    onStep?: (step: ResultStep) => void,
  ): Promise<ResultSet> {
    this.live();
    const slot = this.slots[0];
    if (!slot) throw new Error("no table loaded: call load first");
    // the bitsets the workers packed, when these are the arrays of the last evaluation (used once)
    const last = this.packed;
    this.packed = undefined;
    const bits =
      last &&
      last.verdicts.length === verdicts.length &&
      last.verdicts.every((v, k) => v === verdicts[k])
        ? last.packed
        : undefined;
    let sent = verdicts;
    let buffers: ArrayBuffer[] = [];
    if (!verdicts.every(isShared)) {
      // copies moved to the worker (a structured clone of 33 MB took 0.05-0.2 s on the page)
      sent = verdicts.map((v) => v.slice());
      buffers = sent.map((c) => c.buffer as ArrayBuffer);
    }
    const packed = await this.call(slot, (api) =>
      api.results(
        meta,
        this.table.nRows,
        transfer(sent, buffers),
        onStep ? proxy(onStep) : undefined,
        bits,
      ),
    );
    return reviveResultSet(packed, verdicts);
  }

  /** Replace one row's raw values in the worker holding it (a cell edit). */
  async setRow(row: number, values: Record<string, CellValue>): Promise<Problem[]> {
    this.live();
    this.packed = undefined;
    const s = this.slots.find((x) => row >= x.start && row < x.end);
    if (!s)
      return [
        {
          where: "row",
          message: `invalid row: ${row} (table has ${this.table.nRows} rows)`,
          severity: "error",
        },
      ];
    const problems = await this.call(s, (api) => api.setRow(row - s.start, values));
    if (!problems.some((p) => p.severity === "error")) s.edits.push([row - s.start, values]);
    return problems;
  }

  /** Terminate every worker; pending calls reject. */
  dispose(): void {
    this.sup.dispose();
  }

  /**
   * Starts the workers the next `load` will use, so that their scripts load meanwhile (e.g.
   * while the file is read): `load` then only sends the slices.
   */
  warm(): void {
    this.sup.warm(this.size);
  }

  private call<T>(slot: Slot, fn: (api: Remote<EvalWorkerApi>) => Promise<T>): Promise<T> {
    return this.sup.call(slot, fn);
  }

  private live(): void {
    this.sup.live();
  }
}
