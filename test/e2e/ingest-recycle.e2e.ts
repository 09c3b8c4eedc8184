/**
 * The ingest worker is ended once the mapped table is handed over (src/app/services.ts
 * `recycle`: its idle heap held the read's garbage during the screen); a later mapping of the
 * same file, here a scenario loaded after the screen, reads the file again in a new one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { counts, FILES, launch, openApp, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";

const DIR = FILES;
const ROWS = 2000;

describe("a mapping after the screen started (the ingest worker was ended)", () => {
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

  it("screens the file, then loads a scenario on it: the file is read again", async () => {
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
});
