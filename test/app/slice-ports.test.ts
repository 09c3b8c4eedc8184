/**
 * The app's evaluation data path: the ingest worker applies the mapping, cuts the row slices
 * and posts them straight to the evaluation workers over MessagePorts (no slice made on the
 * page); the pool evaluates in chunks with progress; a worker whose slice never came is
 * replaced and recovers from the page's table.
 */
import * as Comlink from "comlink";
import { MessageChannel } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { closeIngestChannels, connectIngest } from "../support/ingest-channel.ts";
import { inProcessWorkers } from "../pool/harness.ts";
import { EvalPool } from "../../src/pool/pool.ts";
import { EvalService } from "../../src/pool/eval-service.ts";
import { choicesFromAuto, toMapping } from "../../src/app/mapping-model.ts";
import type { Table } from "../../src/engine/types.ts";
import { csv, engineVerdicts, seed } from "./fixtures.ts";

let pool: EvalPool | undefined;
afterEach(() => {
  pool?.dispose();
  closeIngestChannels();
});

/** Records the slice each worker loaded (columns and rows). */
class Recording extends EvalService {
  static seen: { rows: number; columns: string[] }[] = [];
  override async load(...args: Parameters<EvalService["load"]>) {
    Recording.seen.push({ rows: args[1].nRows, columns: Object.keys(args[1].columns) });
    return super.load(...args);
  }
}

async function mapped(rows: number, size: number) {
  const api = connectIngest();
  await api.loadFile(new File([csv(rows)], "x.csv"), {});
  const mapping = toMapping(seed.id, choicesFromAuto(seed, await api.autoMap(seed)));
  const channels = Array.from({ length: size }, () => new MessageChannel());
  const far = channels.map((c) => c.port2) as unknown as MessagePort[];
  const r = await api.applyMapping(seed, mapping, true, Comlink.transfer(far, far));
  return { table: r.table!, near: channels.map((c) => c.port1) as unknown as MessagePort[] };
}

describe("row slices from the ingest worker", () => {
  it("reach every evaluation worker without the patient ids, and give the engine's verdicts", async () => {
    Recording.seen = [];
    const { table, near } = await mapped(700, 3);
    const workers = inProcessWorkers(() => new Recording());
    pool = new EvalPool({ factory: workers.factory, size: 3 });
    const page: Table = table;
    // the page's table must not be sliced here: make slicing it fail loudly
    const trap = new Proxy(page, {
      get: (t, k) => (k === "columns" ? undefined : Reflect.get(t, k)),
    });
    expect((await pool.load(seed, trap, {}, near)).ok).toBe(true);
    expect(Recording.seen.map((s) => s.rows)).toEqual([234, 234, 232]);
    for (const s of Recording.seen) {
      expect(s.columns).not.toContain("patient_id");
      expect(s.columns).toContain("upcr");
    }
    const progress: number[] = [];
    const r = await pool.evaluate({}, undefined, 0, 700, {
      onProgress: (n) => progress.push(n),
      chunkRows: 100,
    });
    expect(r.verdicts).toEqual(engineVerdicts(page));
    // per slice of 234, 234, 232 rows: a first chunk of 25 (a quarter), then 100, 100, the rest
    expect(progress.length).toBe(12);
    expect(progress[0]).toBe(25);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(700);
  });

  it("a worker whose slice fails is replaced and loads its rows from the page's table", async () => {
    const { table } = await mapped(300, 2);
    const channels = [new MessageChannel(), new MessageChannel()];
    const near = channels.map((c) => c.port1) as unknown as MessagePort[];
    channels[0]!.port2.postMessage({ error: "out of memory" });
    channels[1]!.port2.postMessage({ error: "out of memory" });
    const workers = inProcessWorkers();
    pool = new EvalPool({ factory: workers.factory, size: 2 });
    await expect(pool.load(seed, table, {}, near)).rejects.toThrow(/got no rows: out of memory/);
    const r = await pool.evaluate({ upcr_min: 0.5 });
    expect(r.verdicts).toEqual(engineVerdicts(table, { upcr_min: 0.5 }));
    expect(pool.restarts).toBe(2);
  });
});
