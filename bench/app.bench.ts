/**
 * The app in headless Chromium at 100k and 1M rows: time from file chosen to the first
 * coloured grid (read + map + screen), what-if recompute latency, scroll frame time, JS heap,
 * renderer RSS growth (page + workers). Served cross-origin isolated (the table in shared memory,
 * one copy for the page and the evaluation workers); `APP_BENCH_ISOLATED=0` serves it without
 * the headers (workers hold row-slice copies on top of the page's table).
 */
import { createWriteStream, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { launch } from "../test/e2e/browser.ts";
import { buildApp, ROOT, serve } from "../test/e2e/serve.ts";
import { generateSynthetic } from "../src/synth/generate.ts";
import { rendererRssMB } from "./rss.ts";

const DIR = join(ROOT, "test-output/bench");
const SIZES = (process.env.APP_BENCH_ROWS ?? "100000,1000000").split(",").map(Number);

async function writeCsv(rows: number): Promise<string> {
  const file = join(DIR, `extract-${rows}.csv`);
  const out = createWriteStream(file);
  for (const chunk of generateSynthetic({ rows, seed: 11, chunkRows: 10_000 }).chunks())
    if (!out.write(chunk)) await once(out, "drain");
  out.end();
  await once(out, "finish");
  return file;
}

export async function run(): Promise<Record<string, number | string>> {
  mkdirSync(DIR, { recursive: true });
  const dist = join(DIR, "dist");
  await buildApp(dist);
  // cross-origin isolated (shared memory) unless APP_BENCH_ISOLATED=0 (the path without it)
  const server = await serve(dist, process.env.APP_BENCH_ISOLATED !== "0");
  const browser = await launch();
  const figures: Record<string, number | string> = {};
  try {
    for (const rows of SIZES) {
      const tag = rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}k`;
      const file = await writeCsv(rows);
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(600_000);
      await page.addInitScript(() => {
        const w = window as unknown as { __lt: [number, number][] };
        w.__lt = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) w.__lt.push([e.startTime, e.duration]);
        }).observe({ type: "longtask", buffered: true });
      });
      await page.goto(server.url);
      await page.waitForSelector("[data-testid=file-input]", { state: "attached" });
      await page.evaluate(() => (globalThis as unknown as { __ready?: Promise<void> }).__ready);
      // a second's pause before the file is chosen, as a person takes: the workers' warm-up
      // (src/app/workers.ts) leaves compile jobs and garbage behind for a moment
      await page.waitForTimeout(1000);
      figures[`${tag} cross-origin isolated`] = (await page.evaluate(() => crossOriginIsolated))
        ? 1
        : 0;
      // resident memory of the renderers (page and workers) from the file chosen to the grid
      const rssBefore = rendererRssMB();
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rendererRssMB())), 50);
      const p0 = await page.evaluate(() => performance.now());
      const t0 = Date.now();
      await page.setInputFiles("[data-testid=file-input]", file);
      await page.waitForSelector("[data-testid=mapping]");
      const tRead = Date.now();
      await page.click("[data-testid=confirm-mapping]");
      await page.waitForSelector(".ag-cell.verdict");
      const tGrid = Date.now();
      clearInterval(sampler);
      figures[`${tag} renderer RSS growth file -> grid (MB)`] = Math.round(rssPeak - rssBefore);
      figures[`${tag}   over file size`] =
        Math.round(((rssPeak - rssBefore) / (statSync(file).size / 1e6)) * 100) / 100;
      // main-thread tasks from the file chosen to the coloured grid (PerformanceObserver longtask)
      const tasks = await page.evaluate(
        (from) =>
          (window as unknown as { __lt: [number, number][] }).__lt.filter(([s]) => s >= from),
        p0,
      );
      figures[`${tag} long tasks file -> grid (count > 50 ms)`] = tasks.length;
      figures[`${tag}   over 100 ms (count)`] = tasks.filter(([, d]) => d > 100).length;
      figures[`${tag}   longest main-thread task (ms)`] = Math.round(
        Math.max(0, ...tasks.map(([, d]) => d)),
      );
      figures[`${tag}   longest at (s after file chosen)`] =
        Math.round(
          ((tasks.reduce((a, b) => (b[1] > a[1] ? b : a), [p0, 0])[0] - p0) / 1000) * 100,
        ) / 100;
      figures[`${tag} read file (ms)`] = tRead - t0;
      figures[`${tag} map + screen to coloured grid (ms)`] = tGrid - tRead;
      figures[`${tag} file chosen -> coloured grid (ms)`] = tGrid - t0;
      figures[`${tag}   of which compile + evaluate (ms)`] = Math.round(
        await page.evaluate(
          () =>
            (window as unknown as { __flow: { screen: { lastMs: number } } }).__flow.screen.lastMs,
        ),
      );

      // what-if: change the UPCR threshold a few times, read the state's own timing
      await page.click("#tab-whatif");
      const whatIf: number[] = [];
      for (const v of [0.5, 0.8, 1.5, 1]) {
        const w0 = Date.now();
        await page.fill("#param-upcr_min", String(v));
        await page.press("#param-upcr_min", "Enter");
        await page.waitForFunction(
          () =>
            !(window as unknown as { __flow: { screen: { busy: boolean } } }).__flow.screen.busy,
        );
        whatIf.push(Date.now() - w0);
      }
      whatIf.sort((a, b) => a - b);
      figures[`${tag} what-if UPCR threshold, median (ms)`] =
        whatIf[Math.floor(whatIf.length / 2)]!;
      const toggle0 = Date.now();
      await page.click("[data-criterion=I3]");
      await page.waitForFunction(
        () => !(window as unknown as { __flow: { screen: { busy: boolean } } }).__flow.screen.busy,
      );
      figures[`${tag} what-if set a criterion aside (ms)`] = Date.now() - toggle0;
      await page.click("#tab-analysis");

      // scroll: 150 frames, 240 px per frame
      const frames = await page.evaluate(async () => {
        // the element that scrolls the rows vertically (class names vary across ag-grid versions)
        const grid = document.querySelector("[data-testid=grid]")!;
        const vp = [...grid.querySelectorAll<HTMLElement>("*")]
          .filter(
            (e) =>
              e.scrollHeight > e.clientHeight + 1000 &&
              /auto|scroll/.test(getComputedStyle(e).overflowY),
          )
          .sort((a, b) => b.scrollHeight - a.scrollHeight)[0]!;
        const times: number[] = [];
        let last = performance.now();
        for (let i = 0; i < 150; i++) {
          vp.scrollTop += 240;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        return times;
      });
      frames.sort((a, b) => a - b);
      figures[`${tag} scroll frame, median (ms)`] =
        Math.round(frames[Math.floor(frames.length / 2)]! * 10) / 10;
      figures[`${tag} scroll frame, p95 (ms)`] =
        Math.round(frames[Math.floor(frames.length * 0.95)]! * 10) / 10;
      const cdp = await context.newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      await cdp.send("Performance.enable");
      const { metrics } = await cdp.send("Performance.getMetrics");
      const heap = metrics.find((m: { name: string }) => m.name === "JSHeapUsedSize")?.value ?? NaN;
      figures[`${tag} page JS heap used (MB)`] = Math.round(heap / 2 ** 20);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}
