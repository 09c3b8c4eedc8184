/**
 * Supervision of the pool's workers: one `Slot` per worker holds a row range [start, end); the
 * supervisor starts its worker, gives it its rows (`SlotWork`), and replaces it when it fails:
 * terminated, recreated, given its slice again and its cell edits replayed. Nothing hangs: every
 * call has a timeout, and a worker's fatal error (uncaught error, undecodable message) rejects
 * its pending calls. What the workers compute, and how rows are split into jobs, is the pool's
 * business (pool.ts); this file only keeps workers alive and calls them.
 */
import { transfer, wrap, type Endpoint, type Remote } from "comlink";
import type { Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import type { CellValue, EvalWorkerApi, LoadResult, Overrides } from "./eval-api.ts";
import { sliceTable } from "./slice.ts";

/** One worker as the pool sees it; a factory makes them (real Worker, or in-process for tests). */
export interface WorkerHandle {
  endpoint: Endpoint;
  terminate(): void;
  /** Register for fatal errors of the worker (uncaught error, message error, exit). */
  onFatal(listener: (err: Error) => void): void;
}
export type WorkerFactory = (index: number) => WorkerHandle;

/** A call that took longer than the pool's timeout (the worker is replaced). */
export class PoolTimeoutError extends Error {
  override name = "PoolTimeoutError";
}

/** What a worker is given when it starts (or restarts): the protocol, the table it slices, the overrides. */
export interface SlotWork {
  protocol: Protocol;
  table: Table;
  overrides: Overrides;
}

export interface Slot {
  index: number;
  start: number;
  end: number;
  generation: number;
  /** the current worker has answered at least one call */
  proven: boolean;
  handle: WorkerHandle;
  api: Remote<EvalWorkerApi>;
  ready: Promise<LoadResult>;
  pending: Set<(err: Error) => void>;
  /** cell edits (slice-relative row, values), replayed into a replacement worker */
  edits: [number, Record<string, CellValue>][];
  /** where the first load's slice arrives from (used once) */
  port?: MessagePort;
}

export class Supervisor {
  slots: Slot[] = [];
  /** workers replaced after a failure, for diagnostics */
  restarts = 0;
  private disposed = false;
  /** workers started ahead of a load (`warm`), taken in order by the next `start` */
  private spares: WorkerHandle[] = [];

  /**
   * `work()`: what a (re)started worker loads, read at each start; `loaded`: told of each
   * successful load (a worker that recovered after a failed first load brings the criteria).
   */
  constructor(
    private readonly factory: WorkerFactory,
    readonly timeoutMs: number,
    private readonly work: () => SlotWork,
    private readonly loaded: (r: LoadResult) => void,
  ) {}

  /** Replace every worker by fresh ones on these row ranges (a port per range, or none). */
  start(
    ranges: readonly (readonly [number, number])[],
    ports: readonly (MessagePort | undefined)[],
  ): Slot[] {
    for (const s of this.slots) this.kill(s, new Error("evaluation pool reloaded"));
    this.slots = ranges.map(([start, end], index) => this.spawn(index, start, end, ports[index]));
    return this.slots;
  }

  /**
   * Starts the workers the next `start` will use, so that their scripts load meanwhile (e.g.
   * while the file is read): `start` then only sends the slices. A spare that fails before it is
   * used is dropped (a fresh worker is started instead).
   */
  warm(size: number): void {
    this.live();
    for (let i = this.spares.length; i < size; i++) {
      const h = this.factory(i);
      h.onFatal(() => {
        const k = this.spares.indexOf(h);
        if (k < 0) return;
        this.spares.splice(k, 1);
        h.terminate();
      });
      this.spares.push(h);
    }
  }

  /** Terminate every worker; pending calls reject. */
  dispose(): void {
    for (const s of this.slots) this.kill(s, new Error("evaluation pool disposed"));
    this.slots = [];
    for (const h of this.spares) h.terminate();
    this.spares = [];
    this.disposed = true;
  }

  /** Wait for the slot to be loaded (retrying a failed load once), then invoke. */
  async call<T>(slot: Slot, fn: (api: Remote<EvalWorkerApi>) => Promise<T>): Promise<T> {
    try {
      await slot.ready;
    } catch (err) {
      this.replace(slot, err instanceof Error ? err : new Error(String(err)));
      await slot.ready;
    }
    return this.invoke(slot, fn);
  }

  live(): void {
    if (this.disposed) throw new Error("evaluation pool disposed");
  }

  private spawn(index: number, start: number, end: number, port?: MessagePort): Slot {
    const handle = this.spares.shift() ?? this.factory(index);
    const slot: Slot = {
      index,
      start,
      end,
      generation: 0,
      proven: false,
      handle,
      api: wrap<EvalWorkerApi>(handle.endpoint),
      ready: Promise.resolve({ ok: false, problems: [], criteria: [] }),
      pending: new Set(),
      edits: [],
      ...(port ? { port } : {}),
    };
    this.watch(slot);
    slot.ready = this.loadSlot(slot);
    return slot;
  }

  private async loadSlot(slot: Slot): Promise<LoadResult> {
    const { protocol, table, overrides } = this.work();
    const port = slot.port;
    delete slot.port;
    // no automatic replacement here: a worker that fails to load would be restarted forever;
    // a failed load rejects `ready`, and the next call replaces the worker once
    const r = await this.invoke(
      slot,
      port
        ? (api) => api.loadFrom(protocol, transfer(port, [port]), overrides)
        : (api) => {
            const { table: t, transfer: buffers } = sliceTable(table, slot.start, slot.end);
            return api.load(protocol, transfer(t, buffers), overrides);
          },
      false,
    );
    for (const [row, values] of slot.edits)
      await this.invoke(slot, (api) => api.setRow(row, values), false);
    if (r.ok) this.loaded(r);
    return r;
  }

  private watch(slot: Slot): void {
    const generation = slot.generation;
    slot.handle.onFatal((err) => {
      if (slot.generation !== generation || !this.slots.includes(slot)) return;
      // a worker that never answered (cannot start: blocked, script error) is not restarted in a
      // loop: its calls reject, and the next call tries one fresh worker
      if (slot.proven) this.replace(slot, err);
      else this.kill(slot, err);
    });
  }

  /** Terminate the slot's worker (rejecting its pending calls) and start a fresh one on the same rows. */
  private replace(slot: Slot, err: Error): void {
    this.kill(slot, err);
    this.restarts++;
    slot.generation++;
    slot.proven = false;
    slot.handle = this.factory(slot.index);
    slot.api = wrap<EvalWorkerApi>(slot.handle.endpoint);
    this.watch(slot);
    slot.ready = this.loadSlot(slot);
    slot.ready.catch(() => undefined); // surfaced by the next call
  }

  private kill(slot: Slot, err: Error): void {
    for (const reject of [...slot.pending]) reject(err);
    slot.pending.clear();
    slot.handle.terminate();
  }

  /** One call with a timeout; a failure rejects with the worker's error and replaces the worker. */
  private invoke<T>(
    slot: Slot,
    fn: (api: Remote<EvalWorkerApi>) => Promise<T>,
    replaceOnError = true,
  ): Promise<T> {
    const generation = slot.generation;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const settle = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        slot.pending.delete(fail);
        f();
      };
      const fail = (err: Error) => settle(() => reject(err));
      const timer = setTimeout(() => {
        const err = new PoolTimeoutError(
          `evaluation worker ${slot.index} did not answer within ${this.timeoutMs} ms`,
        );
        fail(err);
        if (slot.generation !== generation) return;
        if (replaceOnError) this.replace(slot, err);
        else this.kill(slot, err); // a hung load: stop it; the next call restarts the worker
      }, this.timeoutMs);
      slot.pending.add(fail);
      fn(slot.api).then(
        (v) =>
          settle(() => {
            if (slot.generation === generation) slot.proven = true;
            resolve(v);
          }),
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          fail(err);
          if (replaceOnError && slot.generation === generation && !this.disposed)
            this.replace(slot, err);
        },
      );
    });
  }
}
