/**
 * The ingest worker keeps the raw table after Confirm: with the file gone from the disk, a
 * scenario loaded on the screen and a mapping changed from the grid are still applied (the file
 * is not read again). Starting over asks first, in the page; leaving the page asks too.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { counts, FILES, launch, openApp, pickColumn, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";

const DIR = FILES;
const ROWS = 2000;

describe("a mapping changed after the screen started", () => {
  let browser: Browser;
  let app: AppPage;
  const csv = demoCsv(ROWS);
  const file = join(DIR, "recycle.csv");
  const protocol = getBuiltin("ln-cd19-cd70") as Protocol;
  const off = protocol.criteria[0]!.id;

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, csv);
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("screens the file, then loads a scenario on it without the file", async () => {
    await app.page.setInputFiles("[data-testid=file-input]", file);
    await app.page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    await app.page.click("[data-testid=confirm-mapping]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const { counts: all } = screenCsv(csv);
    expect(await counts(app)).toEqual({
      eligible: all.eligible,
      needsReview: all.needsReview,
      ineligible: all.ineligible,
    });
    // from now on the file cannot be read again (Chromium refuses a File changed on disk)
    rmSync(file);
    const scenario = {
      kind: "cohort-prescreener/scenario",
      version: 1,
      protocolId: protocol.id,
      overrides: {},
      disabled: [off],
    };
    await app.page.click("#tab-export");
    await app.page.setInputFiles("[data-testid=scenario-input]", {
      name: "s.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(scenario)),
    });
    const { counts: without } = screenCsv(csv, protocol.id, {}, [off]);
    const want = {
      eligible: without.eligible,
      needsReview: without.needsReview,
      ineligible: without.ineligible,
    };
    await expect.poll(() => counts(app), { timeout: 60_000 }).toEqual(want);
    expect(app.errors).toEqual([]);
  });

  it("goes back to the mapping from the grid and screens the changed mapping", async () => {
    await app.page.click("[data-testid=change-mapping]");
    await app.page.waitForSelector("[data-testid=mapping]");
    // back to the screen as it was, nothing changed
    await app.page.click("[data-testid=back-to-screen]");
    await app.page.waitForSelector(".ag-cell.verdict");
    await app.page.click("[data-testid=change-mapping]");
    await app.page.waitForSelector("[data-testid=mapping]");
    // no proteinuria: I4 is unknown for everyone, so no one is eligible
    await pickColumn(app.page, "upcr", null);
    await pickColumn(app.page, "protein_24h", null);
    await app.shot("remap-1-mapping-from-screen");
    await app.page.click("[data-testid=confirm-mapping]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const now = await counts(app);
    expect(now.eligible).toBe(0);
    expect(now.eligible + now.needsReview + now.ineligible).toBe(ROWS);
    expect(app.errors).toEqual([]);
  });

  it("asks in the page before starting over, and before leaving", async () => {
    await app.page.click("button[title='Start again']");
    const q = app.page.locator("[data-testid=question]");
    await q.waitFor({ state: "visible" });
    await app.shot("remap-2-start-again");
    await q.locator("button", { hasText: "Cancel" }).click();
    expect(await app.page.locator(".ag-cell.verdict").count()).toBeGreaterThan(0);
    const kinds: string[] = [];
    app.page.once("dialog", (d) => {
      kinds.push(d.type());
      void d.dismiss();
    });
    await app.page.close({ runBeforeUnload: true });
    await expect.poll(() => kinds).toEqual(["beforeunload"]);
    expect(app.page.isClosed()).toBe(false);
  });
});
