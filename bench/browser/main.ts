/**
 * Ingest benchmark page (bench/ingest-browser.bench.ts drives it with playwright-core): the
 * app's own path, without its UI. A file chosen in the input is read by the app's ingest worker
 * (byte ranges on all cores: it and a helper worker, merged there; the table stays there), auto-
 * mapped and mapped there; the mapping also cuts the row slices and posts them straight to the
 * evaluation pool's workers (one per core) over MessagePorts; the pool evaluates the seed
 * protocol in chunks and a worker builds the ResultSet. The page only gets the summary, the
 * mapped table (transferred) and the verdicts. It records progress gaps (read, map and
 * evaluate) and every main-thread long task.
 */
import { createServices } from "../../src/app/services.ts";
import { takeSlicePorts } from "../../src/app/slice-ports.ts";
import { createPool, prepareWorkers } from "../../src/app/workers.ts";
import { EVAL_CHUNK_ROWS } from "../../src/app/engine-pool.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { columnArrays, type Table } from "../../src/engine/types.ts";
import seed from "../../src/protocols/ln-cd19-cd70.json";

interface BenchWindow {
  __result?: Record<string, unknown>;
  __error?: string;
  /** set by the bench when it profiles the workers: they are kept until it resolves */
  __hold?: Promise<void>;
}

const protocol = seed as unknown as Protocol;
const w = window as unknown as BenchWindow;
const longTasks: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });

const input = document.getElementById("file") as HTMLInputElement;
const bar = document.getElementById("bar") as HTMLProgressElement;
const out = document.getElementById("out") as HTMLPreElement;
const ready = prepareWorkers(protocol);
// (the bench chooses the file once the page is ready, as a person would, not while it starts)
(w as unknown as { __ready?: Promise<void> }).__ready = ready;

input.addEventListener("change", () => {
  const file = input.files?.[0];
  if (file) run(file).catch((e: unknown) => (w.__error = String(e)));
});

async function run(file: File): Promise<void> {
  await ready;
  const services = createServices();
  const t0 = performance.now();
  let last = t0;
  let maxGap = 0;
  let maxGapEnd = 0;
  let maxGapStep = "";
  let updates = 0;
  let step = "read";
  const log: string[] = [];
  const progress = (text: string, value: number) => {
    const now = performance.now();
    if (now - last > maxGap) {
      maxGap = now - last;
      maxGapEnd = now - t0;
      maxGapStep = step;
    }
    last = now;
    updates++;
    log.push(`${Math.round(now - t0)} ${text}`);
    bar.value = value;
    out.textContent = text;
  };
  longTasks.length = 0;
  // as the app does (flow.svelte.ts): the evaluation workers start while the file is read
  const pool = createPool();
  pool.warm();
  const raw = await services.parse(
    file,
    file.name,
    (p) => progress(`${(p.bytes / 1e6).toFixed(0)} MB, ${p.rows} rows`, p.bytes / file.size),
    new AbortController().signal,
  );
  const t1 = performance.now();
  step = "map";
  progress(`mapping ${raw.nRows} rows`, 1);
  const choices = await services.autoMap(protocol);
  progress(`mapping ${choices.filter((c) => c.column).length} variables`, 1);
  const applied = await services.apply(protocol, choices, true, (s) => progress(s, 1));
  const table = applied.table;
  if (!table) throw new Error(applied.problems.map((p) => p.message).join("; "));
  const t2 = performance.now();
  step = "evaluate";
  progress("evaluating", 0);
  const loaded = await pool.load(protocol, table, {}, takeSlicePorts(table));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
  progress(`${pool.size} evaluation workers loaded`, 0);
  const r = await pool.evaluate({}, undefined, 0, table.nRows, {
    onProgress: (n) => progress(`${n} rows evaluated`, n / table.nRows),
    // as the app (engine-pool.ts): the first, cold chunk of each worker reports sooner
    chunkRows: EVAL_CHUNK_ROWS,
  });
  const t3 = performance.now();
  step = "summaries";
  const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  const rs = await pool.results(meta, r.verdicts, (s) => progress(`summaries: ${s}`, 1));
  const counts = rs.counts();
  const t4 = performance.now();
  progress(`${counts.eligible} eligible`, 1);
  const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  // let the long-task observer deliver its last entries
  await new Promise((res) => setTimeout(res, 200));
  const tasks = longTasks.filter(([s]) => s >= t0);
  w.__result = {
    rows: raw.nRows,
    bytes: file.size,
    isolated: globalThis.crossOriginIsolated === true,
    parallel: raw.dialect.notes.some((n) => n.includes("parallel")),
    mapped: choices.filter((c) => c.column).length,
    criteria: r.verdicts.length,
    evalWorkers: pool.size,
    eligible: counts.eligible,
    parseSeconds: (t1 - t0) / 1000,
    mapSeconds: (t2 - t1) / 1000,
    evalSeconds: (t3 - t2) / 1000,
    summarySeconds: (t4 - t3) / 1000,
    seconds: (t4 - t0) / 1000,
    pageHeapMB: mem ? mem.usedJSHeapSize / 1e6 : -1,
    ...tableSize(table),
    progressUpdates: updates,
    progressLog: log.join(" | "),
    maxProgressGapMs: maxGap,
    maxProgressGapEndSeconds: maxGapEnd / 1000,
    maxProgressGapStep: maxGapStep,
    longTasks: tasks.length,
    longestTaskMs: tasks.length ? Math.max(...tasks.map(([, d]) => d)) : 0,
  };
  out.textContent = JSON.stringify(w.__result, null, 1);
  if (w.__hold) await w.__hold;
  pool.dispose();
}

/**
 * The mapped table's memory (MB): its columns' views, and the distinct buffers under them
 * (the shared table's buffer has slack: its untouched pages are not resident).
 */
function tableSize(t: Table): { tableViewsMB: number; tableBuffersMB: number } {
  const buffers = new Set<ArrayBufferLike>();
  let views = 0;
  for (const c of Object.values(t.columns))
    for (const a of columnArrays(c)) {
      views += a.byteLength;
      buffers.add(a.buffer);
    }
  let total = 0;
  for (const b of buffers) total += b.byteLength;
  return { tableViewsMB: views / 1e6, tableBuffersMB: total / 1e6 };
}
