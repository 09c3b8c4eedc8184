/**
 * A table over `KEEP_RAW_ROWS` is handed over at Confirm (the ingest worker keeps only the File):
 * changing the mapping from the grid reads the File again, with its progress on the Confirm
 * button, and the changed mapping is screened. The page's `?keepRows=` lowers the limit so a
 * 50,000-row file takes that path (a 200,000-row one would make the suite slow).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { counts, FILES, launch, openApp, pickColumn, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

const ROWS = 50_000;
const KEEP = 2_000;

describe("a mapping changed from the grid for a table the ingest worker did not keep", () => {
  let browser: Browser;
  let app: AppPage;
  const csv = demoCsv(ROWS);
  const file = join(FILES, "read-again.csv");

  beforeAll(async () => {
    mkdirSync(FILES, { recursive: true });
    writeFileSync(file, csv);
    browser = await launch();
    app = await openApp(browser, new URL(`?keepRows=${KEEP}`, inject("baseUrl")).href);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("reads the file again with progress on Confirm and screens the new mapping", async () => {
    const { page } = app;
    await page.setInputFiles("[data-testid=file-input]", file);
    await page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    await page.click("[data-testid=confirm-mapping]");
    await page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const all = screenCsv(csv).counts;
    expect(await counts(app)).toEqual({
      eligible: all.eligible,
      needsReview: all.needsReview,
      ineligible: all.ineligible,
    });
    expect(all.eligible).toBeGreaterThan(0);

    await page.click("[data-testid=change-mapping]");
    await page.waitForSelector("[data-testid=mapping]");
    // no proteinuria: I4 is unknown for everyone, so no one is eligible
    await pickColumn(page, "upcr", null);
    await pickColumn(page, "protein_24h", null);
    // every label the Confirm button shows, however briefly
    await page.evaluate(() => {
      const w = window as unknown as { __labels: string[] };
      w.__labels = [];
      const button = document.querySelector("[data-testid=confirm-mapping]")!;
      new MutationObserver(() => w.__labels.push(button.textContent ?? "")).observe(button, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    await page.click("[data-testid=confirm-mapping]");
    await page.waitForFunction(
      () =>
        document
          .querySelector("[data-testid=confirm-mapping]")
          ?.textContent?.includes("reading the file again"),
      undefined,
      { polling: 10, timeout: 60_000 },
    );
    await app.shot("remap-read-again-progress");
    await page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const labels = await page.evaluate(
      () => (window as unknown as { __labels: string[] }).__labels,
    );
    expect(labels.some((l) => /reading the file again: \d+%/.test(l))).toBe(true);
    const now = await counts(app);
    expect(now.eligible).toBe(0);
    expect(now.eligible + now.needsReview + now.ineligible).toBe(ROWS);
    expect(app.errors).toEqual([]);
  });
});
