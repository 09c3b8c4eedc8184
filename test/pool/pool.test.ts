import { afterEach, describe, expect, it } from "vitest";
import { EvalPool } from "../../src/pool/pool.ts";
import { PoolTimeoutError } from "../../src/pool/supervisor.ts";
import { EvalService } from "../../src/pool/eval-service.ts";
import { sliceTable, splitRows } from "../../src/pool/slice.ts";
import { rowArray, type Table } from "../../src/engine/types.ts";
import { MessageChannel } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { inProcessWorkers, referenceVerdicts, seedTable } from "./harness.ts";

const { protocol, table } = seedTable(1500);
let pool: EvalPool | undefined;
afterEach(() => pool?.dispose());

/** A service whose evaluate misbehaves on the first worker's first incarnation. */
class Faulty extends EvalService {
  constructor(private readonly mode: "throw" | "hang" | "ok" | "throwOnLoad") {
    super();
  }
  override async load(...args: Parameters<EvalService["load"]>) {
    if (this.mode === "throwOnLoad") throw new RangeError("cannot allocate slice");
    return super.load(...args);
  }
  override async evaluate(...args: Parameters<EvalService["evaluate"]>) {
    if (this.mode === "throw") throw new TypeError("kernel exploded on row 12");
    if (this.mode === "hang") return new Promise<never>(() => {});
    return super.evaluate(...args);
  }
}

describe("splitRows / sliceTable", () => {
  it.each([
    [
      10,
      3,
      [
        [0, 4],
        [4, 8],
        [8, 10],
      ],
    ],
    [
      2,
      4,
      [
        [0, 1],
        [1, 2],
        [2, 2],
        [2, 2],
      ],
    ],
    [
      0,
      2,
      [
        [0, 0],
        [0, 0],
      ],
    ],
  ])("splits %i rows over %i workers", (n, k, want) => {
    expect(splitRows(n, k)).toEqual(want);
  });

  it("copies slices so transferring them leaves the page's table intact", () => {
    const t: Table = {
      nRows: 4,
      columns: {
        x: {
          kind: "number",
          lo: Float64Array.of(1, 2, 3, 4),
          hi: Float64Array.of(1, 2, 3, 4),
          unit: "1",
        },
      },
    };
    const col = t.columns.x!;
    if (col.kind === "number") col.hi = col.lo; // exact values share one buffer
    const { table: s, transfer } = sliceTable(t, 1, 3);
    const sc = s.columns.x!;
    expect(sc.kind === "number" && [...sc.lo]).toEqual([2, 3]);
    expect(sc.kind === "number" && sc.lo === sc.hi).toBe(true);
    expect(transfer).toHaveLength(1);
    structuredClone(transfer, { transfer }); // detach what would be sent
    expect(col.kind === "number" && col.lo.byteLength).toBe(32);
  });
});

describe("EvalPool", () => {
  it("merges worker slices into the same verdicts as one evaluation of the whole table", async () => {
    pool = new EvalPool({ factory: inProcessWorkers().factory, size: 3 });
    const loaded = await pool.load(protocol, table, {});
    expect(loaded.ok).toBe(true);
    expect(pool.criteria.map((c) => c.id)).toEqual(protocol.criteria.map((c) => c.id));
    const { verdicts } = await pool.evaluate({});
    expect(verdicts).toEqual(referenceVerdicts(protocol, table));
    for (const col of Object.values(table.columns)) {
      const a = rowArray(col);
      expect(a.byteLength, "page table still usable after transfer").toBe(
        a.length * a.BYTES_PER_ELEMENT,
      );
      expect(a.length).toBe(table.nRows);
    }
  });

  it("re-evaluates a subset of criteria and a row range after a parameter change", async () => {
    pool = new EvalPool({ factory: inProcessWorkers().factory, size: 2 });
    await pool.load(protocol, table, {});
    const overrides = { upcr_min: 3 };
    const affected = pool.affected("upcr_min");
    expect(affected.length).toBeGreaterThan(0);
    const want = referenceVerdicts(protocol, table, overrides);
    const { verdicts } = await pool.evaluate(overrides, affected, 700, 900); // spans both workers
    expect(verdicts).toEqual(affected.map((k) => want[k]!.slice(700, 900)));
  });

  it("applies a cell edit in the worker holding the row", async () => {
    pool = new EvalPool({ factory: inProcessWorkers().factory, size: 2 });
    await pool.load(protocol, table, {});
    const upcr = table.columns.upcr!;
    const k = protocol.criteria.findIndex((c) => c.id === "I4");
    const row = 1200;
    const problems = await pool.setRow(row, { upcr: { kind: "number", lo: 99, hi: 99 } });
    expect(problems).toEqual([]);
    const edited: Table = { nRows: table.nRows, columns: { ...table.columns } };
    if (upcr.kind === "number") {
      const lo = upcr.lo.slice();
      lo[row] = 99;
      const hi = upcr.hi.slice();
      hi[row] = 99;
      edited.columns.upcr = { ...upcr, lo, hi };
    }
    const { verdicts } = await pool.evaluate({}, [k], row, row + 1);
    expect(verdicts[0]![0]).toBe(referenceVerdicts(protocol, edited)[k]![row]);
    expect(await pool.setRow(row, { nope: { kind: "date", days: 1 } })).toMatchObject([
      { message: "unknown column: nope" },
    ]);
  });

  it("starts its workers ahead with warm(); the next load uses them and starts none", async () => {
    const w = inProcessWorkers();
    pool = new EvalPool({ factory: w.factory, size: 2 });
    pool.warm();
    pool.warm(); // idempotent: still one worker per slot
    expect(w.created).toBe(2);
    expect((await pool.load(protocol, table, {})).ok).toBe(true);
    expect(w.created).toBe(2);
    expect((await pool.evaluate({})).verdicts).toEqual(referenceVerdicts(protocol, table));
    pool.dispose();
    expect(w.terminated).toBe(2);
  });

  it("drops a warmed worker that fails before it is used, and loads on a fresh one", async () => {
    const w = inProcessWorkers();
    pool = new EvalPool({ factory: w.factory, size: 2 });
    pool.warm();
    w.crash(1, new Error("could not start (script error)"));
    expect(w.terminated).toBe(1);
    expect((await pool.load(protocol, table, {})).ok).toBe(true);
    expect(w.created).toBe(3);
    expect((await pool.evaluate({})).verdicts).toEqual(referenceVerdicts(protocol, table));
  });

  it("terminates unused warmed workers when disposed", () => {
    const w = inProcessWorkers();
    pool = new EvalPool({ factory: w.factory, size: 3 });
    pool.warm();
    pool.dispose();
    expect(w.terminated).toBe(3);
    expect(() => pool!.warm()).toThrow();
  });

  it("reports a worker's error with its name and message, then replaces the worker", async () => {
    const w = inProcessWorkers(
      (index, nth) => new Faulty(index === 0 && nth === 0 ? "throw" : "ok"),
    );
    pool = new EvalPool({ factory: w.factory, size: 2 });
    await pool.load(protocol, table, {});
    const err = await pool.evaluate({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: "TypeError", message: "kernel exploded on row 12" });
    expect(pool.restarts).toBe(1);
    expect(w.created).toBe(3);
    const { verdicts } = await pool.evaluate({});
    expect(verdicts).toEqual(referenceVerdicts(protocol, table));
  });

  it("times out a hung worker instead of hanging, and recovers", async () => {
    const w = inProcessWorkers(
      (index, nth) => new Faulty(index === 1 && nth === 0 ? "hang" : "ok"),
    );
    pool = new EvalPool({ factory: w.factory, size: 2, timeoutMs: 300 });
    await pool.load(protocol, table, {});
    await expect(pool.evaluate({})).rejects.toBeInstanceOf(PoolTimeoutError);
    expect(w.terminated).toBeGreaterThanOrEqual(1);
    expect((await pool.evaluate({})).verdicts).toEqual(referenceVerdicts(protocol, table));
  });

  it("rejects pending calls when a worker dies, and replays cell edits on its replacement", async () => {
    const w = inProcessWorkers(
      (index, nth) => new Faulty(index === 0 && nth === 0 ? "hang" : "ok"),
    );
    pool = new EvalPool({ factory: w.factory, size: 2 });
    await pool.load(protocol, table, {});
    await pool.setRow(3, { upcr: { kind: "number", lo: 42, hi: 42 } });
    const pending = pool.evaluate({});
    await new Promise((r) => setTimeout(r, 50)); // let the call reach the (hanging) worker
    w.crash(0, new Error("evaluation worker failed: out of memory"));
    await expect(pending).rejects.toThrow("out of memory");
    const k = protocol.criteria.findIndex((c) => c.id === "I4");
    const again = await pool.evaluate({}, [k], 3, 4);
    const edited = structuredClone(table);
    const up = edited.columns.upcr!;
    if (up.kind === "number") {
      up.lo[3] = 42;
      up.hi[3] = 42;
    }
    expect(again.verdicts[0]![0]).toBe(referenceVerdicts(protocol, edited)[k]![3]);
  });

  it("rejects a load that throws in a worker, then recovers on the next call", async () => {
    const w = inProcessWorkers(
      (index, nth) => new Faulty(index === 1 && nth === 0 ? "throwOnLoad" : "ok"),
    );
    pool = new EvalPool({ factory: w.factory, size: 2 });
    await expect(pool.load(protocol, table, {})).rejects.toMatchObject({
      name: "RangeError",
      message: "cannot allocate slice",
    });
    expect((await pool.evaluate({})).verdicts).toEqual(referenceVerdicts(protocol, table));
    expect(pool.criteria).toHaveLength(protocol.criteria.length);
  });

  it("does not restart a worker that can never load in a loop", async () => {
    const w = inProcessWorkers(() => new Faulty("throwOnLoad"));
    pool = new EvalPool({ factory: w.factory, size: 1 });
    await expect(pool.load(protocol, table, {})).rejects.toThrow("cannot allocate slice");
    await expect(pool.evaluate({})).rejects.toThrow("cannot allocate slice");
    await new Promise((r) => setTimeout(r, 100));
    expect(w.created).toBe(2); // the first worker and one retry on the next call
  });

  it("fails fast, without a restart loop, when workers cannot start at all", async () => {
    let created = 0;
    pool = new EvalPool({
      size: 2,
      factory: () => {
        created++;
        const { port2 } = new MessageChannel(); // nobody answers on the other side
        return {
          endpoint: nodeEndpoint(port2),
          terminate: () => port2.close(),
          onFatal: (listener) =>
            void setTimeout(
              () => listener(new Error("evaluation worker failed: could not start")),
              5,
            ),
        };
      },
    });
    await expect(pool.load(protocol, table, {})).rejects.toThrow("could not start");
    await new Promise((r) => setTimeout(r, 50));
    expect(created).toBe(2);
    await expect(pool.evaluate({})).rejects.toThrow("could not start");
    expect(created).toBe(4); // one fresh try for each of the two slots asked
  });

  it("says so when evaluate is called before load", async () => {
    pool = new EvalPool({ factory: inProcessWorkers().factory });
    expect((await pool.evaluate({})).problems).toMatchObject([
      { message: "no table loaded: call load first" },
    ]);
  });

  it("returns compile problems as data", async () => {
    pool = new EvalPool({ factory: inProcessWorkers().factory, size: 2 });
    const bad = {
      ...protocol,
      criteria: [
        { id: "X1", kind: "inclusion" as const, label: "x", text: "x", rule: "no_such_var > 1" },
      ],
    };
    const r = await pool.load(bad, table, {});
    expect(r.ok).toBe(false);
    expect(r.problems.some((p) => p.severity === "error")).toBe(true);
    expect((await pool.evaluate({})).verdicts).toEqual([]);
  });
});
