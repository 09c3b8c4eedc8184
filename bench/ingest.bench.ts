/**
 * Ingest benchmark: a ~1M-row, ~60-column extract whose columns are the seed protocol's
 * variables (cached under /tmp). Each method runs in its own child process so peak memory
 * (maxRSS) is its own: the ingest core on one thread and on worker threads, the full pipeline
 * (parse + type + map + evaluate the seed protocol; `cli`: `prescreen screen` itself, from its
 * bundle, summary included), the naive way (PapaParse on the whole
 * string, header: true, row objects) and DuckDB's native read_csv with a WHERE predicate.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, renameSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Protocol, ProtocolVariable } from "../src/engine/protocol/types.ts";
import { Rng } from "../src/synth/prng.ts";
import seed from "../src/protocols/ln-cd19-cd70.json";

const ROWS = Number(process.env.INGEST_BENCH_ROWS ?? 1_000_000);
const COLS = 60;
/**
 * INGEST_BENCH_DATA=synth: the synthetic registry instead (src/synth, wide: 95 columns, ~420 MB
 * for 1M rows, with a quoted free-text column, units, codes; the app's demo data).
 */
export const DATA = process.env.INGEST_BENCH_DATA === "synth" ? "synth" : "seed";
export const PATH = `/tmp/ingest-bench-${DATA === "synth" ? "synth-wide" : "seed"}-${ROWS}.csv`;
const protocol = seed as unknown as Protocol;

/** uniform draws in [0, 1) from the synthetic registry's PRNG */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** The columns: patient id + the first 59 protocol variables (numbers, dates, flags, classes). */
function variables(): ProtocolVariable[] {
  return protocol.variables.slice(0, COLS - 1);
}

function cell(v: ProtocolVariable, r: () => number): string {
  const x = r();
  if (x < 0.04) return x < 0.02 ? "" : "NA";
  switch (v.type) {
    case "number": {
      const [lo, hi] = v.plausible ?? [0, 100];
      const val = lo + r() * (hi - lo);
      if (v.name === "upcr" && x < 0.08) return "<0.5";
      return hi - lo > 50 ? String(Math.round(val)) : val.toFixed(2);
    }
    case "date": {
      const d = new Date(Date.UTC(1950, 0, 1) + Math.floor(r() * 27000) * 86400000);
      return d.toISOString().slice(0, 10);
    }
    case "boolean":
      return r() < 0.5 ? "yes" : "no";
    case "category": {
      const vals = v.values ?? ["a", "b"];
      return vals[Math.floor(r() * vals.length)]!;
    }
  }
}

/** Writes the extract once (deterministic) and returns its size. */
export async function ensureCsv(path = PATH, rows = ROWS): Promise<number> {
  if (existsSync(path)) return statSync(path).size;
  if (DATA === "synth") return writeSynth(path, rows);
  const vars = variables();
  const r = rng(7);
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp);
  out.write(["patient_id", ...vars.map((v) => v.name)].join(",") + "\n");
  let buf: string[] = [];
  for (let i = 0; i < rows; i++) {
    buf.push([`P${String(i + 1).padStart(7, "0")}`, ...vars.map((v) => cell(v, r))].join(","));
    if (buf.length === 5000) {
      if (!out.write(buf.join("\n") + "\n"))
        await new Promise<void>((res) => out.once("drain", () => res()));
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join("\n") + "\n");
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  renameSync(tmp, path);
  return statSync(path).size;
}

async function writeSynth(path: string, rows: number): Promise<number> {
  const { generateSynthetic } = await import("../src/synth/generate.ts");
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp);
  for (const chunk of generateSynthetic({ rows, seed: 1, wide: true, chunkRows: 5000 }).chunks())
    if (!out.write(chunk)) await new Promise<void>((res) => out.once("drain", () => res()));
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  renameSync(tmp, path);
  return statSync(path).size;
}

/** The seed protocol's key predicates (UPCR, SLEDAI, class, age) as DuckDB SQL over the file. */
function duckSql(path: string): string {
  if (DATA === "synth")
    return `SELECT count(*) AS n, count(*) FILTER (WHERE TRY_CAST(UPCR AS DOUBLE) >= 1.0 AND TRY_CAST(SLEDAI2K AS INTEGER) >= 6 AND Biopsy_class IN ('III','IV','III+V','IV+V') AND date_diff('year', TRY_CAST(DOB AS DATE), DATE '2026-01-01') BETWEEN 18 AND 65) AS hits FROM read_csv('${path}', header = true, all_varchar = true)`;
  return `SELECT count(*) AS n, count(*) FILTER (WHERE TRY_CAST(upcr AS DOUBLE) >= 1.0 AND sledai2k_total >= 6 AND ln_class IN ('III','IV','III+V','IV+V') AND date_diff('year', birth_date, DATE '2026-01-01') BETWEEN 18 AND 65) AS hits FROM read_csv('${path}', header = true, nullstr = ['NA', ''], types = {'upcr': 'VARCHAR'})`;
}

interface Measure {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  rows: number;
  extra?: Record<string, number>;
}

/** Runs one method in this process (child mode) and prints its measure as JSON. */
async function child(method: string, path: string): Promise<void> {
  // modules load before the clock starts
  const { parseCsvFile } = await import("../src/ingest/node/file.ts");
  const { parseCsvFileParallel } = await import("../src/ingest/node/parallel.ts");
  const { autoMap, applyMapping } = await import("../src/ingest/map/mapping.ts");
  const { compileProtocol, evaluateProtocol } = await import("../src/engine/compile-protocol.ts");
  const { NodeEvaluator } = await import("../src/pool/node-eval.ts");
  const Papa = (await import("papaparse")).default;
  // (DuckDB's native library only in its own method: loaded, it adds ~34 MB to every peak)
  const db =
    method === "duckdb"
      ? await (await import("@duckdb/node-api")).DuckDBInstance.create(":memory:", { threads: "2" })
      : null;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let rows: number;
  const extra: Record<string, number> = {};
  // the longest wait between progress reports (from the start, and to the end of the read)
  let lastProgress = t0;
  let maxGap = 0;
  const onProgress = (): void => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - lastProgress);
    lastProgress = now;
  };
  const readParallel = async () => {
    const raw = await parseCsvFileParallel(path, { threads: 2, onProgress });
    onProgress();
    extra.maxProgressGapMs = maxGap;
    return raw;
  };
  if (method === "single") rows = (await parseCsvFile(path)).nRows;
  else if (method === "parallel") rows = (await readParallel()).nRows;
  else if (method === "pipeline-1eval") {
    // the previous pipeline: raw columns copied by the mapping, evaluation on one thread
    const raw = await parseCsvFileParallel(path, { threads: 2 });
    const { table } = applyMapping(protocol, raw, autoMap(protocol, raw).mapping);
    const { compiled } = compileProtocol(protocol);
    if (!compiled) throw new Error("seed protocol does not compile");
    rows = evaluateProtocol(compiled, table).verdicts.length > 0 ? table.nRows : 0;
  } else if (method === "pipeline") {
    // what `prescreen screen` does: the evaluation worker starts after the read (while the
    // columns are mapped), the mapping moves the raw buffers (no copy), evaluation on both cores
    const raw = await readParallel();
    const ev = new NodeEvaluator({ threads: 2 });
    extra.parseSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const { mapping, matches } = autoMap(protocol, raw);
    const { table } = applyMapping(protocol, raw, mapping, { reuse: true });
    extra.mapSeconds = (performance.now() - t1) / 1000;
    extra.mappedVariables = matches.length;
    const t2 = performance.now();
    const { compiled, problems } = compileProtocol(protocol);
    if (!compiled) throw new Error(`seed protocol does not compile: ${problems[0]?.message}`);
    const { verdicts } = await ev.evaluate(protocol, compiled, table);
    extra.evalWorkerShare = ev.lastSplit.workers / table.nRows;
    ev.close();
    extra.evalSeconds = (performance.now() - t2) / 1000;
    extra.criteria = verdicts.length;
    rows = table.nRows;
  } else if (method === "naive") {
    const text = readFileSync(path, "utf8");
    rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data
      .length;
  } else if (method === "papa-step") {
    // for scale: PapaParse's streaming step mode alone (no typing, nothing kept)
    const { createReadStream } = await import("node:fs");
    rows = await new Promise<number>((resolve, reject) => {
      let n = 0;
      Papa.parse(createReadStream(path) as unknown as File, {
        step: () => void n++,
        complete: () => resolve(n - 1),
        error: reject,
      });
    });
  } else if (method === "duckdb" && db) {
    const con = await db.connect();
    const sql = duckSql(path);
    const row = (await con.runAndReadAll(sql)).getRows()[0]!;
    rows = Number(row[0]);
    extra.hits = Number(row[1]);
  } else throw new Error(`unknown method ${method}`);
  const cpu = process.cpuUsage(c0);
  const m: Measure = {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    rows,
    extra,
  };
  process.stdout.write(`\nRESULT ${JSON.stringify(m)}\n`);
}

function spawnMethod(method: string, path: string, heapMB = 4096): Measure {
  // `cli`: the command line's own bundle in a plain Node process (bench/cli-child.mjs); the
  // others: this file again, through tsx
  const args =
    method === "cli"
      ? [
          `--max-old-space-size=${heapMB}`,
          fileURLToPath(new URL("./cli-child.mjs", import.meta.url)),
        ]
      : [...process.execArgv, `--max-old-space-size=${heapMB}`, fileURLToPath(import.meta.url)];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    env: {
      ...process.env,
      INGEST_BENCH_CHILD: method,
      INGEST_BENCH_PATH: path,
      INGEST_BENCH_ROWS_EXPECTED: String(ROWS),
    },
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const processSeconds = (performance.now() - t0) / 1000;
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`${method} failed: ${r.stderr.slice(-2000)}`);
  const m = JSON.parse(line.slice(7)) as Measure;
  if (method === "cli") {
    // the summary it printed says how many patients were screened
    const n = /([\d,]+) patients/.exec(r.stdout)?.[1];
    m.rows = n ? Number(n.replaceAll(",", "")) : 0;
    m.extra = { ...m.extra, processSeconds };
  }
  return m;
}

export async function run(): Promise<Record<string, number>> {
  const size = await ensureCsv();
  const mb = size / 1e6;
  const out: Record<string, number> = {
    fileMB: mb,
    rows: ROWS,
    columns: DATA === "synth" ? 95 : COLS,
  };
  const ms: Record<string, Measure> = {};
  for (const [method, heap] of [
    ["single", 4096],
    ["parallel", 4096],
    ["pipeline", 4096],
    ["cli", 4096],
    ["pipeline-1eval", 4096],
    ["papa-step", 4096],
    ["duckdb", 4096],
    ["naive", 12288],
  ] as const) {
    // INGEST_BENCH_ONLY=pipeline,duckdb runs only those methods
    const only = process.env.INGEST_BENCH_ONLY?.split(",");
    if (only && !only.includes(method)) continue;
    try {
      const m = spawnMethod(method, PATH, heap);
      ms[method] = m;
      out[`${method}.MBps`] = mb / m.seconds;
      out[`${method}.rowsPerSec`] = m.rows / m.seconds;
      out[`${method}.seconds`] = m.seconds;
      out[`${method}.MBperCpuSecond`] = mb / m.cpuSeconds;
      out[`${method}.peakRssMB`] = m.maxRssMB;
      out[`${method}.peakRssOverFile`] = m.maxRssMB / mb;
      for (const [k, v] of Object.entries(m.extra ?? {})) out[`${method}.${k}`] = v;
    } catch (e) {
      console.error(String(e));
      out[`${method}.failed`] = 1;
    }
  }
  const ratio = (a: string, b: string): void => {
    if (ms[a] && ms[b]) out[`ratio.${a}/${b}`] = ms[b].seconds / ms[a].seconds;
  };
  ratio("parallel", "naive");
  ratio("parallel", "duckdb");
  ratio("pipeline", "naive");
  ratio("pipeline", "duckdb");
  ratio("pipeline", "pipeline-1eval");
  ratio("cli", "naive");
  ratio("cli", "duckdb");
  ratio("single", "naive");
  return out;
}

if (process.env.INGEST_BENCH_CHILD) {
  child(process.env.INGEST_BENCH_CHILD, process.env.INGEST_BENCH_PATH ?? PATH).catch(
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
