/**
 * Event data in the app, beyond the events card's CSV folder: Synthea27Nj as Parquet (Snappy,
 * ZSTD, GZIP) read in the events worker gives the command line's counts for the CSV folder;
 * several files dropped on the flat-file drop zone go to event loading, not to the flat reader.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { run } from "../support/cli.ts";
import { counts, dropFiles, FILES, filesIn, launch, openApp, type AppPage } from "./browser.ts";

const CSV = join(import.meta.dirname, "../fixtures/omop/synthea27nj");
const PARQUET = join(import.meta.dirname, "../fixtures/omop/synthea27nj-parquet");
const DATE = "2021-06-30";

async function cliCounts(dir: string) {
  const summary = join(FILES, `parquet-cli-${dir.endsWith("parquet") ? "pq" : "csv"}.json`);
  const r = await run(
    ...["screen", "--data", dir, "--protocol", "example-omop-htn"],
    ...["--param", `screening_date=${DATE}`, "--summary", summary, "--quiet"],
  );
  expect(r.code, r.err).toBe(0);
  const c = JSON.parse(readFileSync(summary, "utf8")).counts;
  return { eligible: c.eligible, needsReview: c.needsReview, ineligible: c.ineligible };
}

async function deriveAndScreen(app: AppPage) {
  const p = app.page;
  await p.selectOption("[data-testid=omop-protocol]", "example-omop-htn");
  await p.click("[data-testid=omop-read]");
  await p.waitForSelector("[data-testid=omop-date]", { timeout: 60_000 });
  await p.fill("[data-testid=omop-date]", DATE);
  await p.click("[data-testid=omop-screen]");
  await p.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
}

describe("event data in the app: Parquet, and folders dropped on the start page", () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(FILES, { recursive: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("screens Synthea27Nj as Parquet with the CSV folder's counts", async () => {
    const want = await cliCounts(CSV);
    expect(await cliCounts(PARQUET)).toEqual(want);
    const app = await openApp(browser, inject("baseUrl"));
    const p = app.page;
    app.markLoaded();
    await p.setInputFiles("[data-testid=omop-folder-input]", PARQUET);
    await p.waitForSelector("[data-testid=omop-load]");
    await p.selectOption("[data-testid=omop-protocol]", "example-omop-htn");
    expect(await p.textContent("[data-testid=omop-load]")).toContain("measurement.parquet");
    await deriveAndScreen(app);
    expect(await counts(app)).toEqual(want);
    await p.click("[data-testid=events-panel] summary");
    expect(await p.textContent("[data-testid=event-quality]")).toMatch(/measurement\s*10\D?040/);
    await app.shot("omop-parquet-screen");

    // a cell's explanation names the event its value was picked from (MEASUREMENT row 2953)
    await p.fill("input[aria-label='Search patient id']", "4437acab");
    await p.waitForFunction(() => document.querySelectorAll(".ag-row").length === 1, undefined, {
      timeout: 30_000,
    });
    await p.locator('.ag-row[row-index="0"] .ag-cell[col-id="c:E2"]').hover();
    const tip = p.locator(".ag-tooltip");
    await tip.waitFor({ timeout: 10_000 });
    const text = (await tip.textContent()) ?? "";
    expect(text).toContain("creatinine 1.3 mg/dL ≤ 1.5 mg/dL");
    expect(text).toContain("From the events: creatinine 1.3 mg/dL on 2021-04-19 (LOINC 38483-4)");
    await app.shot("omop-cell-event");
    expect(app.errors).toEqual([]);
    expect(app.requests.filter((r) => r.afterLoad && !r.url.startsWith("blob:"))).toEqual([]);
  });

  it("several files dropped on the flat-file zone go to event loading", async () => {
    const app = await openApp(browser, inject("baseUrl"));
    const p = app.page;
    await dropFiles(p, "flat-drop", filesIn(CSV, ".csv"));
    await p.waitForSelector("[data-testid=omop-load]");
    expect(await p.textContent("[data-testid=omop-load]")).toContain("MEASUREMENT.csv");
    await deriveAndScreen(app);
    expect(await counts(app)).toEqual(await cliCounts(CSV));
    expect(app.errors).toEqual([]);
  });
});
