import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, num, openApp, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

const DIR = resolve(import.meta.dirname, "../../test-output/e2e-files");
const ROWS = 3000;

async function counts(app: AppPage) {
  const p = app.page;
  return {
    eligible: num(await p.textContent("[data-testid=n-eligible]")),
    needsReview: num(await p.textContent("[data-testid=n-review]")),
    ineligible: num(await p.textContent("[data-testid=n-ineligible]")),
  };
}

const pick = (c: { eligible: number; needsReview: number; ineligible: number }) => ({
  eligible: c.eligible,
  needsReview: c.needsReview,
  ineligible: c.ineligible,
});

describe("a CSV through the file input, the mapping step and what-if", () => {
  let browser: Browser;
  let app: AppPage;
  const csv = demoCsv(ROWS);
  const file = join(DIR, "extract.csv");

  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, csv);
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    app.markLoaded();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("reads the file and shows the mapping with confidence and the quality report", async () => {
    await app.page.setInputFiles("[data-testid=file-input]", file);
    await app.page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    await app.shot("03-mapping");
    const text = await app.page.textContent("[data-testid=mapping]");
    expect(text).toContain(`${ROWS.toLocaleString("en-US").replace(",", "\u202f")} rows`);
    expect(await app.page.locator("[data-testid=mapping] .conf.hi").count()).toBeGreaterThan(10);
    expect(text).toContain("Data quality");
  });

  it("confirms the mapping and shows the engine's counts", async () => {
    await app.page.click("[data-testid=confirm-mapping]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    expect(await counts(app)).toEqual(pick(screenCsv(csv).counts));
  });

  it("sets a criterion aside and gets the engine's counts without it", async () => {
    await app.page.click("#tab-whatif");
    await app.page.click("[data-criterion=I3]");
    await app.page.waitForFunction(
      () => !document.querySelector("[data-testid=timing]")?.textContent?.includes("updating"),
    );
    expect(await counts(app)).toEqual(pick(screenCsv(csv, "ln-cd19-cd70", {}, ["I3"]).counts));
  });

  it("lowers the UPCR threshold and gets the engine's counts for 0.5 g/g", async () => {
    const input = app.page.locator("#param-upcr_min");
    await input.fill("0.5");
    await input.press("Enter");
    await app.page.waitForSelector("[data-param=upcr_min].param.changed");
    await app.page.waitForFunction(
      () => !document.querySelector("[data-testid=timing]")?.textContent?.includes("updating"),
    );
    expect(await counts(app)).toEqual(
      pick(screenCsv(csv, "ln-cd19-cd70", { upcr_min: 0.5 }, ["I3"]).counts),
    );
    await app.page.waitForSelector(".sens svg", { timeout: 30_000 });
    await app.page.evaluate(() => document.querySelector("[role=tabpanel]")?.scrollTo(0, 0));
    await app.shot("04-whatif");
  });

  it("resets everything back to the protocol's counts", async () => {
    await app.page.click("text=Reset all");
    await app.page.waitForFunction(() => !document.querySelector("[data-param=upcr_min].changed"));
    await app.page.waitForFunction(
      () => !document.querySelector("[data-testid=timing]")?.textContent?.includes("updating"),
    );
    expect(await counts(app)).toEqual(pick(screenCsv(csv).counts));
  });

  it("filters the grid from a chart bar", async () => {
    await app.page.click("#tab-analysis");
    const expected = screenCsv(csv);
    const i3 = expected.perCriterion.find((p) => p.id === "I3")!;
    // the per-criterion chart: click the I3 "failing" bar through its accessible label
    await app.page
      .getByRole("button", { name: /^I3 .*failing on data$/ })
      .first()
      .click();
    await app.page.waitForFunction(
      (n) => document.querySelector("[data-testid=shown]")?.textContent?.startsWith(n),
      i3.failing.toLocaleString("en-US").replace(",", "\u202f"),
    );
    const shown = num((await app.page.textContent("[data-testid=shown]"))!.split(" of ")[0]!);
    expect(shown).toBe(i3.failing);
    const statuses = await app.page.$$eval(".ag-cell[col-id='c:I3']", (els) =>
      els.map((e) => e.textContent?.trim()),
    );
    expect(statuses.length).toBeGreaterThan(3);
    expect(new Set(statuses)).toEqual(new Set(["✗"]));
    await app.shot("05-filtered");
  });

  it("made no request to another origin, none at all after load, and no errors", () => {
    const origin = new URL(inject("baseUrl")).origin;
    const bad = app.requests.filter(
      (r) =>
        !r.url.startsWith("blob:") &&
        !r.url.startsWith("data:") &&
        (!r.url.startsWith(origin) || r.afterLoad),
    );
    expect(bad).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
