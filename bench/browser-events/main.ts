/**
 * Events benchmark page (bench/events.bench.ts drives it with playwright-core). Two runs over the
 * same chosen OMOP files, one after the other:
 * - the app's path: the events worker reads the tables and derives the seed protocol's variables
 *   (src/events/service.ts, as src/app/events-load.svelte.ts calls it), the table comes to the
 *   page and the evaluation pool screens it (as the screen does); every main-thread long task
 *   is recorded;
 * - DuckDB-WASM (its single-threaded "eh" bundle from node_modules) computing the SQL of
 *   ../events-sql.mjs over the same files' bytes.
 */
import * as Comlink from "comlink";
import * as duckdb from "@duckdb/duckdb-wasm";
import ehWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import ehWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import { sliceChannels, takeSlicePorts } from "../../src/app/slice-ports.ts";
import { createPool, eventsWorker, prepareWorkers } from "../../src/app/workers.ts";
import { withDictViews } from "../../src/engine/packed-dict.ts";
import { EVAL_CHUNK_ROWS } from "../../src/app/engine-pool.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import seed from "../../src/protocols/ln-cd19-cd70.json";
import seedOmop from "../../src/protocols/ln-cd19-cd70.omop.json";
import type { SourceProfile } from "../../src/events/profile.ts";
import { eventsSql } from "../events-sql.mjs";

interface BenchWindow {
  __ready?: Promise<void>;
  __app?: Record<string, unknown>;
  __duck?: () => Promise<Record<string, unknown>>;
  __error?: string;
}
const w = window as unknown as BenchWindow;
const protocol = seed as unknown as Protocol;
const DATE = "2026-12-01";
const longTasks: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });

const input = document.getElementById("files") as HTMLInputElement;
const out = document.getElementById("out") as HTMLPreElement;
const ready = prepareWorkers(protocol);
w.__ready = ready;
let files: File[] = [];

input.addEventListener("change", () => {
  files = [...(input.files ?? [])];
  app().catch((e: unknown) => (w.__error = String(e)));
});

async function app(): Promise<void> {
  await ready;
  const t0 = performance.now();
  const { api, end, slices } = eventsWorker();
  const pool = createPool();
  pool.warm();
  let updates = 0;
  const summary = await api.read(
    files,
    protocol,
    Comlink.proxy((table: string, _f: string, p: { bytes: number }) => {
      updates++;
      out.textContent = `${table} ${(p.bytes / 1e6).toFixed(0)} MB`;
    }),
  );
  if (summary.problems.some((p) => p.severity === "error"))
    throw new Error(summary.problems.map((p) => p.message).join("; "));
  const t1 = performance.now();
  // as events-load.svelte.ts: the row slices are cut in the events worker, posted to the pool
  const ch = sliceChannels(slices);
  const d = await api.derive(protocol, DATE, Comlink.transfer(ch.far, ch.far));
  const table = d.table;
  if (!table) throw new Error(d.problems.map((p) => p.message).join("; "));
  withDictViews(table);
  ch.keep(table);
  const t2 = performance.now();
  const loaded = await pool.load(protocol, table, {}, takeSlicePorts(table));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
  const r = await pool.evaluate({}, undefined, 0, table.nRows, { chunkRows: EVAL_CHUNK_ROWS });
  const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  const counts = (await pool.results(meta, r.verdicts)).counts();
  const t3 = performance.now();
  await new Promise((res) => setTimeout(res, 200));
  const tasks = longTasks.filter(([s]) => s >= t0);
  // the tables stay in the events worker while the screen is open, as in the app (there to
  // derive again at another date); ended after the run's long tasks are counted
  pool.dispose();
  end();
  w.__app = {
    patients: table.nRows,
    eligible: counts.eligible,
    readSeconds: (t1 - t0) / 1000,
    deriveSeconds: (t2 - t1) / 1000,
    screenSeconds: (t3 - t2) / 1000,
    seconds: (t3 - t0) / 1000,
    progressUpdates: updates,
    longTasks: tasks.length,
    longestTaskMs: tasks.length ? Math.max(...tasks.map(([, ms]) => ms)) : 0,
  };
  out.textContent = JSON.stringify(w.__app);
}

w.__duck = async () => {
  const t0 = performance.now();
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(ehWorker));
  await db.instantiate(ehWasm);
  // the SQL's time from here: the files handed over, read and aggregated (not the compilation
  // of DuckDB's module, which a page does once)
  const started = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  // each file's bytes handed to DuckDB's memory (read time included): reading through the
  // File handle instead (BROWSER_FILEREADER) was 4x slower, waiting on small reads
  for (const f of files) await db.registerFileBuffer(f.name, new Uint8Array(await f.arrayBuffer()));
  const con = await db.connect();
  const byTable = new Map(files.map((f) => [f.name.replace(/\.csv$/i, "").toUpperCase(), f.name]));
  const params = Object.fromEntries(protocol.parameters.map((p) => [p.name, Number(p.default)]));
  const sql = eventsSql(
    (t: string) => `'${byTable.get(t)}'`,
    DATE,
    seedOmop as unknown as SourceProfile,
    params,
  );
  const res = await con.query(sql);
  const row = res.toArray()[0] as Record<string, unknown>;
  const seconds = (performance.now() - t1) / 1000;
  await con.close();
  await db.terminate();
  return { seconds, started, values: [Number(row.m), Number(row.o), Number(row.d)] };
};
