/**
 * The app's data path with shared memory (a cross-origin isolated page) and without it: the
 * ingest worker reads a file in parallel parts written into one SharedArrayBuffer, keeps the
 * mapped table in shared memory, and the evaluation workers receive views of it (the same
 * memory as the page's table); without sharing the parts and slices are copies. Both give the
 * same table and the engine's verdicts.
 */
import * as Comlink from "comlink";
import { MessageChannel } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { closeIngestChannels, connectIngest } from "../support/ingest-channel.ts";
import { inProcessWorkers } from "../pool/harness.ts";
import { EvalPool } from "../../src/pool/pool.ts";
import { EvalService } from "../../src/pool/eval-service.ts";
import { choicesFromAuto, toMapping } from "../../src/app/mapping-model.ts";
import { parseBlobParallel, readBlobPart } from "../../src/ingest/browser/blob-parallel.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { isShared } from "../../src/pool/share-table.ts";
import { columnArrays, type Table } from "../../src/engine/types.ts";
import { grid } from "../ingest/helpers.ts";
import { csv, engineVerdicts, seed } from "./fixtures.ts";

let pool: EvalPool | undefined;
afterEach(() => {
  pool?.dispose();
  closeIngestChannels();
});

const arrays = columnArrays;

/** Records whether each worker's slice arrived in shared memory. */
class Recording extends EvalService {
  static shared: boolean[] = [];
  override async load(...args: Parameters<EvalService["load"]>) {
    const cols = Object.values(args[1].columns).flatMap(arrays);
    Recording.shared.push(cols.length > 0 && cols.every(isShared));
    return super.load(...args);
  }
}

async function screen(shared: boolean, rows: number) {
  const api = connectIngest();
  await api.configure({ shared });
  await api.loadFile(new File([csv(rows)], "x.csv"), {});
  const mapping = toMapping(seed.id, choicesFromAuto(seed, await api.autoMap(seed)));
  const channels = Array.from({ length: 2 }, () => new MessageChannel());
  const far = channels.map((c) => c.port2) as unknown as MessagePort[];
  const r = await api.applyMapping(seed, mapping, true, Comlink.transfer(far, far));
  const table: Table = r.table!;
  Recording.shared = [];
  pool = new EvalPool({ factory: inProcessWorkers(() => new Recording()).factory, size: 2 });
  const near = channels.map((c) => c.port1) as unknown as MessagePort[];
  expect((await pool.load(seed, table, {}, near)).ok).toBe(true);
  const { verdicts } = await pool.evaluate({});
  return { table, verdicts, workersShared: Recording.shared };
}

describe("the mapped table in shared memory", () => {
  it("is one table for the page and the workers when shared, copies when not; same verdicts", async () => {
    const a = await screen(true, 500);
    const page = Object.values(a.table.columns).flatMap(arrays);
    expect(page.every(isShared)).toBe(true);
    expect(a.workersShared).toEqual([true, true]);
    expect(a.verdicts).toEqual(engineVerdicts(a.table));
    pool?.dispose();

    const b = await screen(false, 500);
    expect(Object.values(b.table.columns).flatMap(arrays).some(isShared)).toBe(false);
    expect(b.workersShared).toEqual([false, false]);
    expect(b.verdicts).toEqual(a.verdicts);
  });

  it("a category edit keeps the page's code in the shared cell (edits in two slices)", async () => {
    const { table } = await screen(true, 200);
    const [name, col] = Object.entries(table.columns).find(
      ([k, c]) => c.kind === "category" && k !== "patient_id",
    )!;
    if (col.kind !== "category") throw new Error("no category column");
    // the page adds two new values (as parseEdit does), one in each worker's rows
    const x = col.dict.push("edit-x") - 1;
    col.codes[150] = x;
    await pool!.setRow(150, { [name]: { kind: "category", value: "edit-x", code: x } });
    const y = col.dict.push("edit-y") - 1;
    col.codes[20] = y;
    await pool!.setRow(20, { [name]: { kind: "category", value: "edit-y", code: y } });
    // without the code the first worker would have written its own next code (x) here
    expect(col.codes[20]).toBe(y);
    expect(col.codes[150]).toBe(x);
  });
});

describe("parseBlobParallel with a shared layout", () => {
  it("gives the one-reader table, its columns views of one SharedArrayBuffer", async () => {
    const rows = ["id,v,grp,when,ok"];
    for (let i = 0; i < 20_000; i++)
      rows.push(
        `P${i},${i % 13 === 0 ? "bad" : i * 0.5},g${i % 7},2020-01-${1 + (i % 28)},${i % 3 ? "yes" : "no"}`,
      );
    const text = rows.join("\n") + "\n";
    const file = new File([text], "x.csv");
    const run = (
      f: Blob,
      job: Parameters<typeof readBlobPart>[1],
      p: (b: number, r: number) => void,
    ) => readBlobPart(f, job, p);
    const t = await parseBlobParallel(
      file,
      [run, run],
      () => Promise.reject(new Error("read whole")),
      {},
      0,
      true,
    );
    expect(t.dialect.notes).toContain("read in 2 parallel parts");
    const one = parseCsvText(text);
    expect(grid(t)).toEqual(grid(one));
    expect(t.problems).toEqual(one.problems);
    const buffers = new Set(t.columns.flatMap((c) => arrays(c.storage).map((a) => a.buffer)));
    expect(buffers.size).toBe(1);
    expect([...buffers][0]).toBeInstanceOf(SharedArrayBuffer);
  });
});
