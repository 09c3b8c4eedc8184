/**
 * Event data in the app: a folder of OMOP CDM tables chosen (webkitdirectory) or its files
 * chosen one by one, read in the events worker, derived as of the chosen screening date and
 * screened; the counts equal `prescreen screen --data DIR` at the same date, and the date can
 * be moved from the screen.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { run } from "../support/cli.ts";
import { counts, FILES, launch, openApp, type AppPage } from "./browser.ts";

const SYNTHEA = join(import.meta.dirname, "../fixtures/omop/synthea27nj");
const SYNTH = join(FILES, "omop-synth");

/** The CLI's counts for the folder at that screening date. */
async function cliCounts(dir: string, protocol: string, date: string) {
  const summary = join(FILES, `omop-${protocol}-${date}.json`);
  const r = await run(
    "screen",
    ...["--data", dir, "--protocol", protocol, "--param", `screening_date=${date}`],
    ...["--summary", summary, "--quiet"],
  );
  expect(r.code, r.err).toBe(0);
  const c = JSON.parse(readFileSync(summary, "utf8")).counts;
  return { eligible: c.eligible, needsReview: c.needsReview, ineligible: c.ineligible };
}

async function deriveAndScreen(app: AppPage, date?: string) {
  const p = app.page;
  await p.click("[data-testid=omop-read]");
  await p.waitForSelector("[data-testid=omop-date]", { timeout: 60_000 });
  if (date) await p.fill("[data-testid=omop-date]", date);
  await p.click("[data-testid=omop-screen]");
  await p.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
}

describe("OMOP CDM tables in the app", () => {
  let browser: Browser;
  beforeAll(async () => {
    rmSync(SYNTH, { recursive: true, force: true });
    mkdirSync(SYNTH, { recursive: true });
    const r = await run(
      "synth",
      "--format",
      "omop",
      "--rows",
      "400",
      "--seed",
      "7",
      "--out",
      SYNTH,
    );
    expect(r.code, r.err).toBe(0);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("screens the Synthea27Nj folder with the command line's counts, at two dates", async () => {
    const app = await openApp(browser, inject("baseUrl"));
    const p = app.page;
    app.markLoaded();
    await app.shot("omop-start");
    await p.setInputFiles("[data-testid=omop-folder-input]", SYNTHEA);
    await p.waitForSelector("[data-testid=omop-load]");
    await p.selectOption("[data-testid=omop-protocol]", "example-omop-htn");
    expect(await p.textContent("[data-testid=omop-load]")).toContain("MEASUREMENT.csv");
    await app.shot("omop-files");
    await p.click("[data-testid=omop-read]");
    await p.waitForSelector("[data-testid=omop-date]", { timeout: 60_000 });
    // the default: the extract's latest observation_period_end_date, said as such
    expect(await p.inputValue("[data-testid=omop-date]")).toBe("2022-10-10");
    expect(await p.textContent("[data-testid=omop-date-reason]")).toContain(
      "latest observation date",
    );
    expect(await p.textContent("[data-testid=omop-summary]")).toContain("28 persons");
    await app.shot("omop-ready");
    await p.fill("[data-testid=omop-date]", "2021-06-30");
    await p.click("[data-testid=omop-screen]");
    await p.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const want = await cliCounts(SYNTHEA, "example-omop-htn", "2021-06-30");
    expect(await counts(app)).toEqual(want);
    expect(want.eligible).toBeGreaterThan(0);

    // the derivation's quality, and the date moved from the screen
    await p.click("[data-testid=events-panel] summary");
    const q = (await p.textContent("[data-testid=event-quality]")) ?? "";
    expect(q).toContain("28");
    expect(q).toMatch(/measurement\s*10\D?040/);
    await app.shot("omop-screen-quality");
    await p.fill("[data-testid=events-date-input]", "2022-10-10");
    await p.click("[data-testid=events-rescreen]");
    await p.waitForFunction(
      () => document.querySelector("[data-testid=events-date]")?.textContent === "2022-10-10",
      undefined,
      { timeout: 60_000 },
    );
    await p.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const later = await cliCounts(SYNTHEA, "example-omop-htn", "2022-10-10");
    expect(later).not.toEqual(want); // the date matters
    await expect.poll(() => counts(app), { timeout: 30_000 }).toEqual(later);

    // the screening date in the sensitivity view: counts at each month end, as the CLI's
    await p.click("#tab-whatif");
    await p.click("[data-testid=date-sensitivity-run]");
    await p.waitForFunction(
      () =>
        document.querySelectorAll("[data-testid=date-sensitivity-table] tbody tr").length === 24,
      undefined,
      { timeout: 90_000 },
    );
    const row = async (date: string) => {
      const cells = await p.$$eval(`tr[data-date="${date}"] td.num`, (tds) =>
        tds.map((td) => Number((td.textContent ?? "").replace(/\D/g, ""))),
      );
      return { eligible: cells[0], needsReview: cells[1], ineligible: cells[2] };
    };
    expect(await row("2021-06-30")).toEqual(want);
    expect(await row("2020-10-31")).toEqual(
      await cliCounts(SYNTHEA, "example-omop-htn", "2020-10-31"),
    );
    await p.click("[data-testid=date-sensitivity] details summary");
    await app.shot("omop-date-sensitivity");

    // the what-if panel's screening date derives the variables again (not only the rules' date)
    await p.fill("#param-screening_date", "2021-06-30");
    await p.click("#tab-analysis");
    await p.waitForFunction(
      () => document.querySelector("[data-testid=events-date]")?.textContent === "2021-06-30",
      undefined,
      { timeout: 60_000 },
    );
    await expect.poll(() => counts(app), { timeout: 30_000 }).toEqual(want);
    expect(app.errors).toEqual([]);
    // workers start from blob: URLs of scripts fetched at start-up: nothing goes to the network
    expect(app.requests.filter((r) => r.afterLoad && !r.url.startsWith("blob:"))).toEqual([]);
  });

  it("screens a synthetic OMOP extract's files, chosen one by one, with the seed protocol", async () => {
    const app = await openApp(browser, inject("baseUrl"));
    const p = app.page;
    const names = ["person", "observation_period", "measurement", "condition_occurrence"];
    const files = (await import("node:fs"))
      .readdirSync(SYNTH)
      .filter((n) => /\.csv$/i.test(n))
      .map((n) => join(SYNTH, n));
    expect(files.length).toBeGreaterThan(names.length);
    await p.setInputFiles("[data-testid=omop-files-input]", files);
    await p.waitForSelector("[data-testid=omop-load]");
    await p.selectOption("[data-testid=omop-protocol]", "ln-cd19-cd70");
    await deriveAndScreen(app, "2025-06-30");
    const want = await cliCounts(SYNTH, "ln-cd19-cd70", "2025-06-30");
    expect(await counts(app)).toEqual(want);
    expect(want.eligible + want.needsReview).toBeGreaterThan(0);
    await app.shot("omop-seed-screen");
    expect(app.errors).toEqual([]);
  });

  it("screens a site's long exports through a profile loaded in the app", async () => {
    const dir = join(import.meta.dirname, "../fixtures/long/klinik-labor");
    const profile = join(import.meta.dirname, "../fixtures/long/example-omop-htn.long.json");
    const app = await openApp(browser, inject("baseUrl"));
    const p = app.page;
    await p.setInputFiles("[data-testid=omop-folder-input]", dir);
    await p.waitForSelector("[data-testid=omop-load]");
    await p.setInputFiles("[data-testid=omop-profile-input]", profile);
    await p.waitForSelector("[data-testid=omop-profile]");
    expect(await p.inputValue("[data-testid=omop-protocol]")).toBe("example-omop-htn");
    expect(await p.textContent("[data-testid=omop-load]")).toContain("labor.csv");
    await app.shot("long-files");
    await deriveAndScreen(app, "2021-06-30");
    const summary = join(FILES, "long-summary.json");
    const r = await run(
      ...["screen", "--data", dir, "--protocol", "example-omop-htn", "--profile", profile],
      ...["--summary", summary, "--quiet"],
    );
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(readFileSync(summary, "utf8")).counts;
    expect(await counts(app)).toEqual({
      eligible: c.eligible,
      needsReview: c.needsReview,
      ineligible: c.ineligible,
    });
    await p.click("[data-testid=events-panel] summary");
    expect(await p.textContent("[data-testid=eq-variables]")).toContain("value(s) not understood");
    await app.shot("long-screen");
    expect(app.errors).toEqual([]);
  });
});
