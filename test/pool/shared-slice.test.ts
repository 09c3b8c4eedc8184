/**
 * Tables in shared memory (cross-origin isolated pages, Node): `shareTable` moves columns into
 * SharedArrayBuffers once, `sliceTable` gives workers views of shared columns (nothing copied,
 * nothing transferred) and still copies private ones; the pool over such views gives the
 * engine's verdicts, and a cell edit lands once in the memory the page and the worker share.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { EvalPool } from "../../src/pool/pool.ts";
import { categoryCode } from "../../src/pool/eval-service.ts";
import { sliceTable } from "../../src/pool/slice.ts";
import { isShared, shareTable, toShared } from "../../src/pool/share-table.ts";
import { columnArrays, type Table } from "../../src/engine/types.ts";
import { RESULT_STEPS, ResultSet } from "../../src/engine/results/index.ts";
import { inProcessWorkers, referenceVerdicts, seedTable } from "./harness.ts";

let pool: EvalPool | undefined;
afterEach(() => pool?.dispose());

const arrays = columnArrays;

/** A deep copy of the column values (to compare with after sharing). */
function snapshot(t: Table): Record<string, number[][]> {
  return Object.fromEntries(
    Object.entries(t.columns).map(([k, c]) => [
      k,
      arrays(c).map((a) => Array.from(a as Float64Array)),
    ]),
  );
}

describe("shareTable", () => {
  it("moves every column into shared memory with the same values, lo and hi kept as one", () => {
    const { table } = seedTable(300);
    const before = snapshot(table);
    const exact = Object.entries(table.columns)
      .filter(([, c]) => c.kind === "number" && c.hi === c.lo)
      .map(([k]) => k);
    expect(exact.length).toBeGreaterThan(0);
    expect(Object.values(table.columns).some((c) => arrays(c).some((a) => !isShared(a)))).toBe(
      true,
    );
    const copied = shareTable(table);
    expect(copied).toBeGreaterThan(0);
    for (const c of Object.values(table.columns))
      for (const a of arrays(c)) expect(isShared(a)).toBe(true);
    for (const k of exact) {
      const c = table.columns[k]!;
      expect(c.kind === "number" && c.hi === c.lo).toBe(true);
    }
    expect(snapshot(table)).toEqual(before);
    expect(shareTable(table)).toBe(0); // already shared: nothing copied
  });

  it("toShared keeps the element type and copies a private array once", () => {
    const a = Int32Array.of(3, -1, 7);
    const s = toShared(a);
    expect(s).toBeInstanceOf(Int32Array);
    expect(isShared(s)).toBe(true);
    expect(Array.from(s)).toEqual([3, -1, 7]);
    expect(toShared(s)).toBe(s);
  });
});

describe("sliceTable", () => {
  it("gives views of shared columns (no copy, no transfer) and copies of private ones", () => {
    const { table } = seedTable(200);
    const shared = { ...table, columns: { ...table.columns } };
    const [name, col] = Object.entries(table.columns).find(([, c]) => c.kind === "boolean")!;
    shareTable(shared);
    // this one stays private
    if (col.kind === "boolean")
      shared.columns[name] = { kind: "boolean", values: new Uint8Array(col.values) };
    expect(isShared(arrays(shared.columns[name]!)[0]!)).toBe(false);
    const { table: slice, transfer } = sliceTable(shared, 50, 120);
    expect(slice.nRows).toBe(70);
    for (const [k, c] of Object.entries(slice.columns)) {
      const whole = shared.columns[k]!;
      arrays(c).forEach((a, i) => {
        const w = arrays(whole)[i]!;
        expect(a.byteLength).toBe(70 * (w as Float64Array).BYTES_PER_ELEMENT);
        expect(Array.from(a as Float64Array)).toEqual(
          Array.from((w as Float64Array).subarray(50, 120)),
        );
        if (k === name) expect(a.buffer).not.toBe(w.buffer);
        else expect(a.buffer).toBe(w.buffer);
      });
    }
    const s = slice.columns[name]!;
    expect(transfer).toEqual([arrays(s)[0]!.buffer]);
  });
});

describe("an evaluation pool over a shared table", () => {
  it("gives the engine's verdicts, and an edit in a worker is the page's memory", async () => {
    const { protocol, table } = seedTable(600);
    shareTable(table);
    const workers = inProcessWorkers();
    pool = new EvalPool({ factory: workers.factory, size: 3 });
    expect((await pool.load(protocol, table, {})).ok).toBe(true);
    const r = await pool.evaluate({ upcr_min: 0.5 }, undefined, 0, 600, { chunkRows: 70 });
    expect(r.verdicts).toEqual(referenceVerdicts(protocol, table, { upcr_min: 0.5 }));
    // verdicts written by the workers into shared memory, not sent back
    expect(r.verdicts.every(isShared)).toBe(true);
    const some = await pool.evaluate({}, [2, 0], 130, 470);
    const all = referenceVerdicts(protocol, table);
    expect(some.verdicts).toEqual([all[2]!.subarray(130, 470), all[0]!.subarray(130, 470)]);
    const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
    const steps: string[] = [];
    const rs = await pool.results(meta, r.verdicts, (s) => void steps.push(s));
    expect(rs.counts()).toEqual(new ResultSet(meta, 600, r.verdicts).counts());
    // the worker's build reported each step, in order (progress calls travel as messages)
    await vi.waitFor(() => expect(steps).toEqual([...RESULT_STEPS]));
    // the page's own arrays, not copies
    expect((rs as unknown as { verdicts: Uint8Array[] }).verdicts[0]).toBe(r.verdicts[0]);
    const [name, col] = Object.entries(table.columns).find(([, c]) => c.kind === "date")!;
    expect(col.kind).toBe("date");
    await pool.setRow(450, { [name]: { kind: "date", days: 12345 } });
    // the worker (rows 400-599) wrote into the buffer the page reads
    expect(col.kind === "date" && col.days[450]).toBe(12345);
  });
});

describe("verdicts packed by the pool's workers", () => {
  /** what the summaries say, before and after a what-if (as result-transfer.test.ts) */
  function summary(rs: ResultSet) {
    const all = () => ({
      counts: rs.counts(),
      perCriterion: rs.perCriterion(),
      funnel: rs.attrition(),
      combinations: rs.combinations(10),
      status: [...rs.statusArray()],
    });
    const before = all();
    rs.setEnabled(1, false);
    return { before, after: all() };
  }
  /** whether the ResultSet holds the workers' bitsets (shared) rather than its own packing */
  const packedByWorkers = (rs: ResultSet) =>
    (rs as unknown as { rawFail: Uint32Array[] }).rawFail[0]!.buffer instanceof SharedArrayBuffer;

  it("build the same ResultSet as the verdicts do, and only for the arrays they were packed from", async () => {
    // 2 x 352 rows: each slot starts on a word; chunks of 128 rows (the first 32 rows): words too
    const { protocol, table } = seedTable(704);
    shareTable(table);
    pool = new EvalPool({ factory: inProcessWorkers().factory, size: 2 });
    expect((await pool.load(protocol, table, {})).ok).toBe(true);
    const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
    const every = meta.map((_, k) => k);
    const r = await pool.evaluate({ upcr_min: 0.5 }, every, 0, 704, {
      onProgress: () => undefined,
      chunkRows: 128,
    });
    expect(r.verdicts).toEqual(referenceVerdicts(protocol, table, { upcr_min: 0.5 }));
    const rs = await pool.results(meta, r.verdicts);
    expect(packedByWorkers(rs)).toBe(true);
    expect(summary(rs)).toEqual(summary(new ResultSet(meta, 704, r.verdicts)));
    // used once: the same arrays again are packed by the ResultSet itself
    expect(packedByWorkers(await pool.results(meta, r.verdicts))).toBe(false);
    // another evaluation in between (arrays since changed, e.g. by a what-if): not used
    const again = await pool.evaluate({}, every);
    await pool.evaluate({}, [0], 0, 10);
    const rs2 = await pool.results(meta, again.verdicts);
    expect(packedByWorkers(rs2)).toBe(false);
    expect(summary(rs2)).toEqual(summary(new ResultSet(meta, 704, again.verdicts)));
  });
});

describe("categoryCode", () => {
  it.each([
    { dict: ["a", "b"], value: null, code: undefined, want: -1, after: ["a", "b"] },
    { dict: ["a", "b"], value: "b", code: undefined, want: 1, after: ["a", "b"] },
    { dict: ["a", "b"], value: "c", code: undefined, want: 2, after: ["a", "b", "c"] },
    // the page's dictionary grew by an edit in another slice: the worker learns the code
    { dict: ["a", "b"], value: "d", code: 3, want: 3, after: ["a", "b", "", "d"] },
    { dict: ["a", "b"], value: "b", code: 1, want: 1, after: ["a", "b"] },
    // a code that names another value here: the value's own code
    { dict: ["a", "b"], value: "a", code: 1, want: 0, after: ["a", "b"] },
  ])("$value with code $code -> $want", ({ dict, value, code, want, after }) => {
    const d = [...dict];
    expect(categoryCode(d, value, code)).toBe(want);
    expect(d).toEqual(after);
  });
});
