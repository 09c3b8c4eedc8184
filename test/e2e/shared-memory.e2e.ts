/**
 * Shared memory in the served app: with the cross-origin isolation headers (as served by the
 * e2e server, vite dev/preview and the hosting notes) the page is `crossOriginIsolated`, a file
 * over 8 MB is read in parallel parts into one SharedArrayBuffer and the screen's table lives
 * in shared memory (the evaluation workers read the same buffers); the same build served
 * without the headers takes the copying path. Both screen the file with the engine's counts
 * (computed in Node). The single-file build from disk (single-file.e2e.ts) is not isolated either.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser.ts";
import { DIST } from "./global-setup.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";
import { serve } from "./serve.ts";

const DIR = resolve(import.meta.dirname, "../../test-output/e2e-files");
const ROWS = 60_000; // ~14 MB: over the parallel read's 8 MB threshold

interface Seen {
  isolated: boolean;
  parallel: boolean;
  sharedColumns: number;
  columns: number;
  counts: { eligible: number; needsReview: number; ineligible: number };
}

describe("shared memory when the page is cross-origin isolated", () => {
  let browser: Browser;
  let plain: { url: string; close(): Promise<void> };
  const file = join(DIR, `extract-${ROWS / 1000}k.csv`);
  const csv = demoCsv(ROWS);
  const expected = screenCsv(csv).counts;

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, csv);
    browser = await launch();
    plain = await serve(DIST, false);
  });
  afterAll(async () => {
    await browser?.close();
    await plain?.close();
  });

  async function screen(url: string): Promise<Seen> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(() => (globalThis as unknown as { __ready?: Promise<void> }).__ready);
    await page.setInputFiles("[data-testid=file-input]", file);
    await page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    const parallel = await page.evaluate(() => {
      const w = window as unknown as {
        __flow: { raw?: { dialect?: { notes?: string[] } } | null };
      };
      return JSON.stringify(w.__flow.raw ?? null).includes("parallel parts");
    });
    await page.click("[data-testid=confirm-mapping]");
    await page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const seen = await page.evaluate(() => {
      type Col = Record<string, unknown>;
      const w = window as unknown as {
        __flow: {
          screen: {
            table: { columns: Record<string, Col> };
            counts: { eligible: number; needsReview: number; ineligible: number };
          };
        };
      };
      const cols = Object.values(w.__flow.screen.table.columns);
      const shared = cols.filter((c) =>
        Object.values(c).some(
          (v) =>
            ArrayBuffer.isView(v) &&
            typeof SharedArrayBuffer === "function" &&
            v.buffer instanceof SharedArrayBuffer,
        ),
      ).length;
      const { eligible, needsReview, ineligible } = w.__flow.screen.counts;
      return {
        isolated: globalThis.crossOriginIsolated === true,
        sharedColumns: shared,
        columns: cols.length,
        counts: { eligible, needsReview, ineligible },
      };
    });
    expect(errors).toEqual([]);
    await context.close();
    return { ...seen, parallel };
  }

  it("isolated: one shared table, the engine's counts", async () => {
    const s = await screen(inject("baseUrl"));
    expect(s.isolated).toBe(true);
    expect(s.parallel).toBe(true);
    expect(s.columns).toBeGreaterThan(50);
    expect(s.sharedColumns).toBe(s.columns);
    expect(s.counts).toEqual({
      eligible: expected.eligible,
      needsReview: expected.needsReview,
      ineligible: expected.ineligible,
    });
  });

  it("without the headers: the copying path, the same counts", async () => {
    const s = await screen(plain.url);
    expect(s.isolated).toBe(false);
    expect(s.parallel).toBe(true);
    expect(s.sharedColumns).toBe(0);
    expect(s.counts).toEqual({
      eligible: expected.eligible,
      needsReview: expected.needsReview,
      ineligible: expected.ineligible,
    });
  });
});
