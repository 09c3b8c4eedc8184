/**
 * `npm run bench -- events`: the synthetic registry as OMOP CDM tables (EVENTS_BENCH_ROWS
 * patients, default 100,000), read + derived + screened with the seed protocol, in the same run:
 * - Node: `prescreen screen --data` (events-child.mjs), and DuckDB native computing the SQL of
 *   events-sql.mjs over the same files (events-duckdb-child.mjs), each in a process of its own
 *   (its peak memory alone; wall and CPU seconds);
 * - headless Chromium: the app's events worker and evaluation pool on the same files chosen in a
 *   page (browser-events/), then DuckDB-WASM in that page running the same SQL (renderer peak
 *   memory per run; the app run's longest main-thread task). EVENTS_BENCH_BROWSER=0 skips it.
 * EVENTS_BENCH_DIFF=N (e.g. 1000000) also writes N patients flat and as OMOP (seed 3), screens
 * both and prints whether every patient's verdicts are equal (events-diff-child.mjs).
 */
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../test/e2e/browser.ts";
import { ISOLATION_HEADERS } from "../test/e2e/serve.ts";
import { chromiumCpuSeconds, rendererRssMB } from "./rss.ts";
import { columnsNeeded } from "../src/events/columns-needed.ts";
import { tableOfFileName } from "../src/events/tables.ts";

interface Child {
  seconds: number;
  maxRssMB: number;
  cpuSeconds: number;
  values?: number[];
  [k: string]: unknown;
}

function child(script: string, env: Record<string, string>): Child {
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=8192", fileURLToPath(new URL(script, import.meta.url))],
    { env: { ...process.env, ...env, TZ: "UTC" }, encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const line = /RESULT (.*)/.exec(r.stdout)?.[1];
  if (!line) throw new Error(`${script} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as Child;
}

function synthOmop(rows: number, seed: number, dir: string): number {
  if (existsSync(join(dir, "PERSON.csv"))) return NaN;
  const t0 = performance.now();
  const bin = fileURLToPath(new URL("../bin/prescreen.mjs", import.meta.url));
  const g = spawnSync(
    process.execPath,
    ["--max-old-space-size=8192", bin, "synth", "--format", "omop"].concat([
      "--rows",
      String(rows),
      "--seed",
      String(seed),
      "--out",
      dir,
    ]),
    { encoding: "utf8", env: { ...process.env, TZ: "UTC" } },
  );
  if (g.status !== 0) throw new Error(`synth failed: ${g.stderr}`);
  return (performance.now() - t0) / 1000;
}

/** Bytes of the columns derivation reads, estimated per file from its header (equal widths). */
function columnBytes(dir: string): number {
  let total = 0;
  for (const f of readdirSync(dir)) {
    const t = tableOfFileName(f);
    if (!t) continue;
    const size = statSync(join(dir, f)).size;
    // the first 4 KiB only (a table can be longer than the longest string V8 can make)
    const fd = openSync(join(dir, f), "r");
    const buf = Buffer.alloc(4096);
    const got = readSync(fd, buf, 0, 4096, 0);
    closeSync(fd);
    const head = buf.toString("utf8", 0, got).split(/\r?\n/)[0]!.split(",");
    const keep = columnsNeeded(t);
    total += (size * head.filter((h) => keep.has(h.trim().toLowerCase())).length) / head.length;
  }
  return total;
}

const DIST = "/tmp/events-bench-browser-dist";

async function build(): Promise<void> {
  const { build } = await import("vite");
  await build({
    root: fileURLToPath(new URL("./browser-events/", import.meta.url)),
    configFile: false,
    logLevel: "warn",
    worker: { format: "es" },
    build: { outDir: DIST, emptyOutDir: true, target: "es2022" },
  });
}

function serve(): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
  };
  const server = createServer((req, res) => {
    const p = join(DIST, decodeURIComponent((req.url ?? "/").split("?")[0]!));
    const file = p.endsWith("/") ? join(p, "index.html") : p;
    if (!file.startsWith(DIST) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      ...ISOLATION_HEADERS,
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const a = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}/` });
    }),
  );
}

/** Peak renderer RSS (MB) while `work` runs, sampled every 50 ms. */
async function peakWhile<T>(work: () => Promise<T>): Promise<{ value: T; peakMB: number }> {
  let peak = rendererRssMB();
  const timer = setInterval(() => (peak = Math.max(peak, rendererRssMB())), 50);
  try {
    const value = await work();
    return { value, peakMB: Math.max(peak, rendererRssMB()) };
  } finally {
    clearInterval(timer);
  }
}

async function browserRuns(dir: string): Promise<Record<string, number>> {
  await build();
  const { server, url } = await serve();
  const browser = await launch(["--enable-precise-memory-info"]);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(900_000);
    await page.goto(url);
    await page.evaluate(() => (globalThis as unknown as { __ready?: Promise<void> }).__ready);
    await page.waitForTimeout(1000);
    const before = rendererRssMB();
    const cpu0 = chromiumCpuSeconds();
    const app = await peakWhile(async () => {
      await page.setInputFiles(
        "#files",
        readdirSync(dir).map((f) => join(dir, f)),
      );
      await page.waitForFunction(
        () => {
          const w = window as unknown as { __app?: unknown; __error?: string };
          if (w.__error) throw new Error(w.__error);
          return w.__app !== undefined;
        },
        undefined,
        { polling: 200, timeout: 900_000 },
      );
      return (await page.evaluate(
        () => (window as unknown as { __app: Record<string, number> }).__app,
      )) as Record<string, number>;
    });
    const appCpu = chromiumCpuSeconds() - cpu0;
    await page.waitForTimeout(1000);
    const beforeDuck = rendererRssMB();
    const cpu1 = chromiumCpuSeconds();
    const duck = await peakWhile(
      () =>
        page.evaluate(() =>
          (
            window as unknown as {
              __duck: () => Promise<{ seconds: number; started: number; values: number[] }>;
            }
          ).__duck(),
        ) as Promise<{ seconds: number; started: number; values: number[] }>,
    );
    const duckCpu = chromiumCpuSeconds() - cpu1;
    const a = app.value;
    return {
      "chromium app: read+derive+screen s": a.seconds!,
      "chromium app: read s": a.readSeconds!,
      "chromium app: derive s": a.deriveSeconds!,
      "chromium app: screen s": a.screenSeconds!,
      "chromium app: renderer CPU s": appCpu,
      "chromium app: eligible": a.eligible!,
      "chromium app: renderer RSS before MB": before,
      "chromium app: peak renderer RSS MB": app.peakMB,
      "chromium app: longest main-thread task ms": a.longestTaskMs!,
      "chromium app: long tasks": a.longTasks!,
      "duckdb-wasm: start (module compiled) s": duck.value.started,
      "duckdb-wasm: SQL s (files handed over + query)": duck.value.seconds,
      "duckdb-wasm: renderer CPU s": duckCpu,
      "duckdb-wasm: peak renderer RSS MB": duck.peakMB,
      "duckdb-wasm: renderer RSS before MB": beforeDuck,
      "duckdb-wasm: result rows m": duck.value.values[0]!,
      "duckdb-wasm: result rows o": duck.value.values[1]!,
      "duckdb-wasm: result rows d": duck.value.values[2]!,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const rows = Number(process.env.EVENTS_BENCH_ROWS ?? 100_000);
  const dir = `/tmp/events-bench-omop-${rows}`;
  const generated = synthOmop(rows, 1, dir);
  const files = readdirSync(dir).map((f) => join(dir, f));
  const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
  const lines = (t: string) => {
    const p = join(dir, `${t}.csv`);
    return existsSync(p)
      ? Number(spawnSync("wc", ["-l", p], { encoding: "utf8" }).stdout.trim().split(/\s+/)[0]) - 1
      : 0;
  };
  const measurement = lines("MEASUREMENT");
  const events = measurement + lines("OBSERVATION") + lines("DRUG_EXPOSURE");
  const node = child("./events-child.mjs", { EVENTS_BENCH_DIR: dir });
  const duck = child("./events-duckdb-child.mjs", { EVENTS_BENCH_DIR: dir });
  const mb = bytes / 1e6;
  const colMB = columnBytes(dir) / 1e6;
  const out: Record<string, number | string> = {
    patients: rows,
    "measurement rows": measurement,
    "events (measurement+observation+drug)": events,
    "files MB": mb,
    "columns read MB (estimated from headers)": colMB,
    "generate s (when not cached)": generated,
    "node: read+derive+screen s": node.seconds,
    "node: CPU s": node.cpuSeconds,
    "node: events/s": events / node.seconds,
    "node: MB/s": mb / node.seconds,
    "node: peak RSS MB": node.maxRssMB,
    "node: peak RSS / columns read": node.maxRssMB / colMB,
    "duckdb native: SQL s": duck.seconds,
    "duckdb native: CPU s": duck.cpuSeconds,
    "duckdb native: events/s": events / duck.seconds,
    "duckdb native: peak RSS MB": duck.maxRssMB,
    "speed node / duckdb native (wall)": duck.seconds / node.seconds,
    "CPU duckdb native / node": duck.cpuSeconds / node.cpuSeconds,
  };
  if (process.env.EVENTS_BENCH_BROWSER !== "0") {
    const b = await browserRuns(dir);
    Object.assign(out, b);
    const app = b["chromium app: read+derive+screen s"]!;
    const wasm = b["duckdb-wasm: SQL s (files handed over + query)"]!;
    out["chromium app: events/s"] = events / app;
    out["chromium app: MB/s"] = mb / app;
    out["chromium app: peak renderer RSS / columns read"] =
      b["chromium app: peak renderer RSS MB"]! / colMB;
    out["duckdb-wasm: events/s"] = events / wasm;
    out["speed chromium app / duckdb-wasm (wall)"] = wasm / app;
    out["duckdb-wasm rows equal native"] = (duck.values ?? [])
      .slice(0, 3)
      .map((v, i) => v === b[`duckdb-wasm: result rows ${"mod"[i]}`])
      .every(Boolean)
      ? "yes"
      : "NO";
  }
  const diff = Number(process.env.EVENTS_BENCH_DIFF ?? 0);
  if (diff > 0) {
    const r = child("./events-diff-child.mjs", { EVENTS_BENCH_DIFF: String(diff) });
    out[`differential ${diff} patients`] = String(r.outcome);
    out["differential s"] = r.seconds;
  }
  return out;
}
