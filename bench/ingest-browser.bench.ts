/**
 * Ingest in headless Chromium, end to end on the app's path: the same extract as
 * ingest.bench.ts, chosen through an `<input type=file>` (setInputFiles) on a page built from
 * bench/browser/ (vite): read by the app's ingest worker on all cores (byte ranges, merged
 * there), auto-mapped and mapped there, row slices posted from there to the evaluation pool
 * (one worker per core), evaluated in chunks, ResultSet built in a worker. Reports MB/s, rows/s, the
 * peak resident memory of this browser's renderers (all their threads, workers included,
 * sampled every 50 ms from /proc; before and peak), the longest main-thread task
 * (PerformanceObserver 'longtask') and the progress gaps.
 */
import { createServer, type Server } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../test/e2e/browser.ts";
import { ISOLATION_HEADERS } from "../test/e2e/serve.ts";
import { rendererRssMB } from "./rss.ts";
import { ensureCsv, PATH } from "./ingest.bench";

const ROWS = Number(process.env.INGEST_BENCH_ROWS ?? 1_000_000);
const OUT = "/tmp/ingest-bench-browser-dist";
const root = fileURLToPath(new URL("./browser/", import.meta.url));

async function build(): Promise<void> {
  const { build } = await import("vite");
  await build({
    root,
    configFile: false,
    logLevel: "warn",
    worker: { format: "es" },
    build: { outDir: OUT, emptyOutDir: true, target: "es2022" },
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
  await build();
  const { server, url } = await serve();
  const browser = await launch(["--enable-precise-memory-info"]);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(url);
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
    clearInterval(timer);
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
      "chromium.criteria": Number(r.criteria),
      "chromium.mappedVariables": Number(r.mapped),
      "chromium.rendererRssBeforeMB": before,
      "chromium.peakRendererRssMB": peak,
      "chromium.peakRendererRssOverFile": peak / mb,
      "chromium.rendererRssGrowthOverFile": (peak - before) / mb,
      // when the peak was sampled (s after the file was chosen; compare with the phase times)
      "chromium.peakRendererRssAtSeconds": peakAt,
      "chromium.pageHeapMB": Number(r.pageHeapMB),
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
