import { afterEach, describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { applyMapping, autoMap, type Mapping } from "../../src/ingest/map/mapping.ts";
import { NodeEvaluator } from "../../src/pool/node-eval.ts";
import { sliceTable } from "../../src/pool/slice.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin, SEED_PROTOCOL_ID } from "../../src/protocols/index.ts";
import { generateSynthetic } from "../../src/synth/generate.ts";
import { synthMapping } from "../../src/synth/mapping.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { Column, Table } from "../../src/engine/types.ts";

/** The table with every numeric, date and boolean column copied into shared memory. */
function shared(t: Table): Table {
  const sh = <A extends Float64Array | Float32Array | Uint8Array>(a: A): A => {
    const b = new (a.constructor as new (b: SharedArrayBuffer) => A)(
      new SharedArrayBuffer(a.byteLength),
    );
    b.set(a);
    return b;
  };
  const columns: Record<string, Column> = {};
  for (const [k, c] of Object.entries(t.columns)) {
    if (c.kind === "number") {
      const lo = sh(c.lo);
      columns[k] = { ...c, lo, hi: c.hi === c.lo ? lo : sh(c.hi) };
    } else if (c.kind === "date") columns[k] = { ...c, days: sh(c.days) };
    else if (c.kind === "boolean") columns[k] = { ...c, values: sh(c.values) };
    else columns[k] = c;
  }
  return { nRows: t.nRows, columns };
}

const protocol = getBuiltin(SEED_PROTOCOL_ID)!;

function synthRaw(rows: number) {
  const parts: string[] = [];
  generateSynthetic({ rows, seed: 3 }).writeTo((c) => parts.push(c));
  return parseCsvText(parts.join(""));
}

describe("NodeEvaluator (evaluation on worker threads)", () => {
  let ev: NodeEvaluator | undefined;
  afterEach(() => ev?.close());

  it("gives the same verdicts as evaluateProtocol on one thread", async () => {
    const raw = synthRaw(3001);
    const { table } = applyMapping(protocol, raw, synthMapping(false));
    const { compiled } = compileProtocol(protocol, { upcr_min: 0.8 });
    expect(compiled).toBeDefined();
    const want = evaluateProtocol(compiled!, table).verdicts;
    ev = new NodeEvaluator({ threads: 3, minRows: 10, chunkRows: 256 });
    expect(await ev.liveHelpers()).toBe(2);
    const got = (await ev.evaluate(protocol, compiled!, table, { upcr_min: 0.8 })).verdicts;
    expect(got.length).toBe(want.length);
    // the workers took part (they were started), and every row was evaluated once
    expect(ev.lastSplit.workers).toBeGreaterThan(0);
    expect(ev.lastSplit.here + ev.lastSplit.workers).toBe(table.nRows);
    expect(got.length).toBeGreaterThan(10);
    // the verdicts differ across rows (a constant answer would hide a misplaced slice)
    expect(new Set(want.flatMap((v) => [...v])).size).toBeGreaterThan(2);
    for (let j = 0; j < want.length; j++) expect(got[j]).toEqual(want[j]);
    // a second call (other overrides) on the same workers
    const { compiled: c2 } = compileProtocol(protocol, { upcr_min: 3 });
    const want2 = evaluateProtocol(c2!, table).verdicts;
    const got2 = (await ev.evaluate(protocol, c2!, table, { upcr_min: 3 })).verdicts;
    expect(got2.some((v, j) => !v.every((x, i) => x === want[j]![i]))).toBe(true);
    for (let j = 0; j < want2.length; j++) expect(got2[j]).toEqual(want2[j]);
  }, 60_000);

  it("reads columns in shared memory in place (views, nothing copied) with the same verdicts", async () => {
    const raw = synthRaw(3001);
    const plain = applyMapping(protocol, raw, synthMapping(false)).table;
    const table = shared(plain);
    const { compiled } = compileProtocol(protocol);
    const want = evaluateProtocol(compiled!, plain).verdicts;
    const chunk = sliceTable(table, 100, 300);
    const kinds = Object.values(table.columns).map((c) => c.kind);
    const copied = Object.values(table.columns).filter((c) => c.kind === "category").length;
    expect(kinds).toContain("number");
    // only the category columns (not shared here) are copied and transferred
    expect(chunk.transfer.length).toBe(copied);
    const lo = Object.values(chunk.table.columns).find((c) => c.kind === "number")!;
    expect(lo.kind === "number" && lo.lo.buffer instanceof SharedArrayBuffer).toBe(true);
    expect(lo.kind === "number" && lo.lo.length).toBe(200);
    ev = new NodeEvaluator({ threads: 2, minRows: 10, chunkRows: 256 });
    expect(await ev.liveHelpers()).toBe(1);
    const got = (await ev.evaluate(protocol, compiled!, table)).verdicts;
    expect(ev.lastSplit.workers).toBeGreaterThan(0);
    for (let j = 0; j < want.length; j++) expect(got[j]).toEqual(want[j]);
  }, 60_000);

  it("evaluates on this thread when the workers are gone or the table is small", async () => {
    const raw = synthRaw(500);
    const { table } = applyMapping(protocol, raw, synthMapping(false));
    const { compiled } = compileProtocol(protocol);
    const want = evaluateProtocol(compiled!, table).verdicts;
    ev = new NodeEvaluator({ threads: 2, minRows: 10, chunkRows: 100 });
    await ev.liveHelpers();
    // a dead worker: its rows are evaluated here, nothing hangs
    const helpers = (ev as unknown as { helpers: { worker: { terminate(): Promise<number> } }[] })
      .helpers;
    await helpers[0]!.worker.terminate();
    const got = (await ev.evaluate(protocol, compiled!, table)).verdicts;
    for (let j = 0; j < want.length; j++) expect(got[j]).toEqual(want[j]);
    expect(ev.lastSplit).toEqual({ here: table.nRows, workers: 0 });
    const small = new NodeEvaluator({ threads: 2 });
    try {
      const got2 = (await small.evaluate(protocol, compiled!, table)).verdicts;
      for (let j = 0; j < want.length; j++) expect(got2[j]).toEqual(want[j]);
    } finally {
      small.close();
    }
  }, 60_000);
});

describe("applyMapping { reuse: true }", () => {
  const csv = [
    "patient_id,creatinine_mg_dl,age,biopsy_date,dialysis,ln_class",
    "P1,1.2,30,2020-01-02,yes,IV",
    "P2,<0.5,41,NA,no,class III",
    "P3,2,55,2021-05-06,,V",
  ].join("\n");
  const proto = {
    ...protocol,
    variables: [
      { name: "creatinine", type: "number", unit: "umol/L", molarMass: 113.12 },
      { name: "age", type: "number", unit: "year" },
      { name: "biopsy_date", type: "date" },
      { name: "dialysis", type: "boolean" },
      { name: "ln_class", type: "category", values: ["III", "IV", "V"] },
    ],
  } as unknown as Protocol;

  it("gives the same table and report as a copying mapping, moving the raw buffers", () => {
    const a = parseCsvText(csv);
    const b = parseCsvText(csv);
    const { mapping } = autoMap(proto, a);
    expect(mapping.columns["creatinine"]?.unit).toBe("mg/dL");
    const copied = applyMapping(proto, a, mapping);
    const moved = applyMapping(proto, b, mapping, { reuse: true });
    expect(moved.table).toEqual(copied.table);
    expect(moved.quality).toEqual(copied.quality);
    expect(moved.problems).toEqual(copied.problems);
    // converted in place: the raw buffer is the mapped one (mg/dL -> umol/L)
    const rawCr = b.columns.find((c) => c.name === "creatinine_mg_dl")!.storage;
    const cr = moved.table.columns["creatinine"]!;
    expect(cr.kind === "number" && rawCr.kind === "number" && cr.lo === rawCr.lo).toBe(true);
    expect(cr.kind === "number" && cr.lo[0]).toBeCloseTo(1.2 * 88.42, 1);
    const rawAge = b.columns.find((c) => c.name === "age")!.storage;
    expect(rawAge.kind === "number" && rawAge.lo[1]).toBe(41);
    // the copying mapping left its raw table as read
    const aCr = a.columns.find((c) => c.name === "creatinine_mg_dl")!.storage;
    expect(aCr.kind === "number" && aCr.lo[0]).toBe(1.2);
    // categories recoded to the allowed values in place too (III, IV, V -> 0, 1, 2)
    const cls = moved.table.columns["ln_class"]!;
    const rawCls = b.columns.find((c) => c.name === "ln_class")!.storage;
    expect(
      cls.kind === "category" && rawCls.kind === "category" && cls.codes === rawCls.codes,
    ).toBe(true);
    expect(cls.kind === "category" && [...cls.codes]).toEqual([1, 0, 2]);
    const aCls = a.columns.find((c) => c.name === "ln_class")!.storage;
    expect(aCls.kind === "category" && [...aCls.codes]).toEqual([0, 1, 2]);
  });

  it("copies a column mapped to two variables (converted once for each)", () => {
    const b = parseCsvText(csv);
    const both = {
      ...proto,
      variables: [
        ...proto.variables,
        { name: "creatinine_again", type: "number", unit: "umol/L", molarMass: 113.12 },
      ],
    } as unknown as Protocol;
    const mapping: Mapping = {
      version: 1,
      protocol: both.id,
      columns: {
        creatinine: { column: "creatinine_mg_dl", unit: "mg/dL" },
        creatinine_again: { column: "creatinine_mg_dl", unit: "mg/dL" },
      },
    };
    const { table } = applyMapping(both, b, mapping, { reuse: true });
    const x = table.columns["creatinine"]!;
    const y = table.columns["creatinine_again"]!;
    expect(x.kind === "number" && y.kind === "number" && x.lo !== y.lo).toBe(true);
    expect(x.kind === "number" && x.lo[2]).toBeCloseTo(2 * 88.42, 1);
    expect(y.kind === "number" && y.lo[2]).toBeCloseTo(2 * 88.42, 1);
  });
});
