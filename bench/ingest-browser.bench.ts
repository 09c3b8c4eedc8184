/**
 * Ingest in headless Chromium, end to end on the app's path: the same extract as
 * ingest.bench.ts, chosen through an `<input type=file>` (setInputFiles) on a page built from
 * bench/browser/ (vite): read by the app's ingest worker on all cores (byte ranges, merged
 * there), auto-mapped and mapped there, row slices posted from there to the evaluation pool
 * (one worker per core), evaluated in chunks, ResultSet built in a worker. Reports MB/s, rows/s, the
 * peak resident memory of this browser's renderers (all their threads, workers included,
 * sampled every 50 ms from /proc; before and peak), the longest main-thread task
 * (PerformanceObserver 'longtask') and the progress gaps. INGEST_BENCH_PROFILE=dir: an unminified
 * build, and CPU profiles of the workers (browser/profile.ts) written there as .cpuprofile, with
 * their top self times printed. INGEST_BENCH_THREADS=1: CPU time per Chromium thread during the load.
 * INGEST_BENCH_HEAPS=1: every 100 ms the V8 heap (used/committed, ArrayBuffer backing stores) of
 * the page and each worker, and the renderers' anonymous / shared resident memory (browser/heaps.ts).
 * INGEST_BENCH_TRACE=file.json: a Chromium trace of the load (V8 and GC categories, all threads).
 * INGEST_BENCH_DIST=dir: build the page into dir once, serve it from there afterwards.
 * INGEST_BENCH_CONSOLE=1: print the page's and its workers' console messages.
 * INGEST_BENCH_SETTLE_MS=ms: the pause between the page being ready (its workers warm) and the
 * file being chosen (default 1000).
 */
import { createServer, type Server } from "node:http";
import { readFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../test/e2e/browser.ts";
import { ISOLATION_HEADERS } from "../test/e2e/serve.ts";
import { chromiumCpuSeconds, rendererRssMB } from "./rss.ts";
import { ensureCsv, PATH } from "./ingest.bench.ts";
import { profileWorkers, selfTimes } from "./browser/profile.ts";
import { threadCpu } from "./browser/threads.ts";
import { sampleHeaps } from "./browser/heaps.ts";

const ROWS = Number(process.env.INGEST_BENCH_ROWS ?? 1_000_000);
/**
 * INGEST_BENCH_DIST=dir: the page is built there once and served from there by later runs
 * (compare two trees' builds run after run, on the same minutes' machine)
 */
const KEEP = process.env.INGEST_BENCH_DIST;
const OUT = KEEP ?? "/tmp/ingest-bench-browser-dist";
const root = fileURLToPath(new URL("./browser/", import.meta.url));
const PROFILE = process.env.INGEST_BENCH_PROFILE;
const HEAPS = process.env.INGEST_BENCH_HEAPS;
const DEBUG_PORT = 9339;
/** pause between the page being ready and the file being chosen (ms) */
const SETTLE_MS = Number(process.env.INGEST_BENCH_SETTLE_MS ?? 1000);

async function build(): Promise<void> {
  const { build } = await import("vite");
  await build({
    root,
    configFile: false,
    logLevel: "warn",
    worker: { format: "es" },
    // (INGEST_BENCH_MINIFY=0: readable function names, e.g. for --js-flags=--trace-deopt)
    build: {
      outDir: OUT,
      emptyOutDir: true,
      target: "es2022",
      minify: !PROFILE && process.env.INGEST_BENCH_MINIFY !== "0",
    },
  });
}

function serve(): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
  };
  const server = createServer((req, res) => {
    const p = join(OUT, decodeURIComponent((req.url ?? "/").split("?")[0]!));
    const file = p.endsWith("/") ? join(p, "index.html") : p;
    if (!file.startsWith(OUT) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      // cross-origin isolated (INGEST_BENCH_ISOLATED=0: not), as the app's hosts are asked to be
      ...(process.env.INGEST_BENCH_ISOLATED === "0" ? {} : ISOLATION_HEADERS),
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

export async function run(): Promise<Record<string, number>> {
  const size = await ensureCsv(PATH, ROWS);
  if (!KEEP || !existsSync(join(OUT, "index.html"))) await build();
  const { server, url } = await serve();
  const browser = await launch([
    "--enable-precise-memory-info",
    ...(PROFILE || HEAPS ? [`--remote-debugging-port=${DEBUG_PORT}`] : []),
    // e.g. INGEST_BENCH_CHROMIUM_ARGS="--js-flags=--trace-deopt" (with DEBUG=pw:browser)
    ...(process.env.INGEST_BENCH_CHROMIUM_ARGS?.split(" ").filter(Boolean) ?? []),
  ]);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    // INGEST_BENCH_CONSOLE=1: the page's and its workers' console output
    if (process.env.INGEST_BENCH_CONSOLE) {
      page.on("console", (m) => console.log(`  console: ${m.text()}`));
      page.on("worker", (w) =>
        w.on("console", (m) => console.log(`  worker console: ${m.text()}`)),
      );
    }
    await page.goto(url);
    // the app's workers start and warm up with the page (src/app/workers.ts): a file is chosen
    // once it is ready, and after a second's pause (no one picks a file faster), so that the
    // warm-up's background compilation and garbage are not counted as the load's
    await page.evaluate(() => (globalThis as unknown as { __ready?: Promise<void> }).__ready);
    await page.waitForTimeout(SETTLE_MS);
    // profiling: the page keeps its evaluation workers until their profiles are taken
    const prof = PROFILE ? await profileWorkers(DEBUG_PORT) : null;
    const heaps = HEAPS && !PROFILE ? await sampleHeaps(DEBUG_PORT, 100) : null;
    if (prof)
      await page.evaluate(() => {
        const w = window as unknown as { __hold?: Promise<void>; __release?: () => void };
        w.__hold = new Promise((resolve) => (w.__release = resolve));
      });
    const trace = process.env.INGEST_BENCH_TRACE;
    if (trace)
      await browser.startTracing(page, {
        path: trace,
        // INGEST_BENCH_TRACE_CATEGORIES=a,b: others (e.g. disabled-by-default-v8.cpu_profiler:
        // every thread's samples, terminated workers' too; see browser/trace-profile.ts)
        categories: process.env.INGEST_BENCH_TRACE_CATEGORIES?.split(",") ?? [
          "v8",
          "v8.execute",
          "disabled-by-default-v8.gc",
          "blink",
          "toplevel",
        ],
      });
    const before = rendererRssMB();
    let peak = before;
    let peakAt = 0;
    const timeline: string[] = [];
    const timer = setInterval(() => {
      const rss = rendererRssMB();
      // INGEST_BENCH_TIMELINE=1: renderer RSS over time (s after the file was chosen: MB)
      if (process.env.INGEST_BENCH_TIMELINE)
        timeline.push(`${((performance.now() - t0) / 1000).toFixed(2)}:${Math.round(rss)}`);
      if (rss > peak) {
        peak = rss;
        peakAt = (performance.now() - t0) / 1000;
      }
    }, 50);
    // INGEST_BENCH_THREADS=1: CPU per thread from the file pick to the result (sampled: a
    // thread that ends, the ingest helper, keeps its last sample)
    const cpu = process.env.INGEST_BENCH_THREADS ? threadCpu() : null;
    const cpuTimer = cpu && setInterval(() => cpu.sample(), 200);
    const cpu0 = chromiumCpuSeconds();
    const t0 = performance.now();
    await page.setInputFiles("#file", PATH);
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __result?: unknown; __error?: string };
        if (w.__error) throw new Error(w.__error);
        return w.__result !== undefined;
      },
      undefined,
      { polling: 100, timeout: 600_000 },
    );
    const wall = (performance.now() - t0) / 1000;
    const cpuSeconds = chromiumCpuSeconds() - cpu0;
    clearInterval(timer);
    if (heaps) for (const line of heaps.stop(t0)) console.log(`  heaps ${line}`);
    if (trace) await browser.stopTracing();
    if (cpu) {
      clearInterval(cpuTimer!);
      cpu.sample();
      const rows = cpu.report().filter(([, ms]) => ms >= 20);
      console.log(`  CPU ms per thread: ${rows.map(([k, ms]) => `${k} ${ms}`).join(", ")}`);
      const labels = rows.slice(0, 6).map(([k]) => k);
      console.log(`  CPU ms per 200 ms: s ${labels.join(" | ")}`);
      for (const { at, ms } of cpu.timeline())
        console.log(`    ${(at / 1000).toFixed(1)} ${labels.map((k) => ms.get(k) ?? 0).join(" ")}`);
    }
    if (prof) {
      mkdirSync(PROFILE!, { recursive: true });
      for (const p of await prof.stop()) {
        const name = `${p.index}-${p.url
          .split("/")
          .pop()!
          .replace(/[^\w.-]/g, "_")}`;
        writeFileSync(join(PROFILE!, `${name}.cpuprofile`), JSON.stringify(p.profile));
        console.log(`  worker ${name}: self ms`);
        for (const [k, ms] of selfTimes(p.profile, 25))
          console.log(`    ${ms.toFixed(0).padStart(6)} ${k}`);
      }
      await page.evaluate(() => (window as unknown as { __release?: () => void }).__release?.());
    }
    if (timeline.length) console.log(`  renderer RSS (s:MB) ${timeline.join(" ")}`);
    const r = (await page.evaluate(
      () => (window as unknown as { __result: Record<string, number | boolean | string> }).__result,
    )) as Record<string, number | boolean | string>;
    // INGEST_BENCH_TIMELINE=1: the page's progress messages too (ms after the file was chosen)
    if (process.env.INGEST_BENCH_TIMELINE) console.log(`progress: ${String(r.progressLog)}`);
    const mb = size / 1e6;
    const seconds = Number(r.seconds);
    const out: Record<string, number> = {
      fileMB: mb,
      rows: Number(r.rows),
      parallel: r.parallel ? 1 : 0,
      // shared memory (COOP/COEP headers; INGEST_BENCH_ISOLATED=0 serves without them)
      crossOriginIsolated: r.isolated ? 1 : 0,
      "chromium.MBps": mb / seconds,
      "chromium.rowsPerSec": Number(r.rows) / seconds,
      "chromium.seconds": seconds,
      // read + map + evaluate, without the ResultSet (what the one-thread bench page measured)
      "chromium.MBpsToVerdicts": mb / (seconds - Number(r.summarySeconds)),
      "chromium.parseSeconds": Number(r.parseSeconds),
      "chromium.mapSeconds": Number(r.mapSeconds),
      "chromium.evalSeconds": Number(r.evalSeconds),
      "chromium.summarySeconds": Number(r.summarySeconds),
      "chromium.evalWorkers": Number(r.evalWorkers),
      "chromium.eligible": Number(r.eligible),
      "chromium.secondsIncludingFilePick": wall,
      // CPU of the renderer (page and workers, all threads) from the file pick to the result:
      // steadier than the wall time on a machine shared with other work
      "chromium.rendererCpuSeconds": cpuSeconds,
      "chromium.criteria": Number(r.criteria),
      "chromium.mappedVariables": Number(r.mapped),
      "chromium.rendererRssBeforeMB": before,
      "chromium.peakRendererRssMB": peak,
      "chromium.peakRendererRssOverFile": peak / mb,
      "chromium.rendererRssGrowthOverFile": (peak - before) / mb,
      // when the peak was sampled (s after the file was chosen; compare with the phase times)
      "chromium.peakRendererRssAtSeconds": peakAt,
      "chromium.pageHeapMB": Number(r.pageHeapMB),
      // the mapped table: its columns' bytes, and its buffers' (the shared one has slack)
      "chromium.tableViewsMB": Number(r.tableViewsMB),
      "chromium.tableBuffersMB": Number(r.tableBuffersMB),
      "chromium.progressUpdates": Number(r.progressUpdates),
      "chromium.maxProgressGapMs": Number(r.maxProgressGapMs),
      "chromium.maxProgressGapEndSeconds": Number(r.maxProgressGapEndSeconds),
      [`chromium.maxProgressGapStep.${String(r.maxProgressGapStep)}`]: 1,
      "chromium.longTasks": Number(r.longTasks),
      "chromium.longestMainThreadTaskMs": Number(r.longestTaskMs),
    };
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}
