/**
 * Every number next to the protocol as written, in Chromium: the exact gain of setting a
 * criterion aside, the funnel, bars, attrition table and subgroup table with their changes, the
 * sensitivity readout on focus and hover with the default marked, a two-parameter grid, named
 * scenarios compared and switched, one "Reset all", and no console error when a scenario file
 * is loaded while a sweep runs.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { counts, launch, num, openApp, type AppPage } from "./browser.ts";

const idle = (app: AppPage) =>
  app.page.waitForFunction(
    () => !document.querySelector("[data-testid=timing]")?.textContent?.includes("updating"),
  );

/** "+32" / "−5" / "±0" as a number */
const signed = (t: string) => (t.startsWith("±") ? 0 : Number(t.replace("−", "-")));

describe("every number next to the protocol as written", () => {
  let browser: Browser;
  let app: AppPage;
  let base: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    await app.page.click("[data-testid=demo]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    base = await counts(app);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("gives the exact gain of setting a criterion aside, in eligible and in needs review", async () => {
    const p = app.page;
    await p.waitForSelector("[data-gain=I3]", { timeout: 30_000 });
    const text = (await p.textContent("[data-gain=I3]"))!;
    const m = /set aside: ([+−±][\d\s\u202f]*) eligible, ([+−±][\d\s\u202f]*) needs review/.exec(
      text,
    )!;
    expect(m).not.toBeNull();
    const [gainE, gainR] = [
      signed(m[1]!.replace(/[\s\u202f]/g, "")),
      signed(m[2]!.replace(/[\s\u202f]/g, "")),
    ];
    await p.click("#tab-whatif");
    await p.click("[data-criterion=I3]");
    await idle(app);
    const now = await counts(app);
    expect(now.eligible - base.eligible).toBe(gainE);
    expect(now.needsReview - base.needsReview).toBe(gainR);
    // the failing-alone count alone would overstate the gain in eligible
    expect(gainR).toBeGreaterThan(0);
    await p.click("[data-criterion=I3]");
    await idle(app);
    expect(await counts(app)).toEqual(base);
  });

  it("has one Reset all", async () => {
    const p = app.page;
    await p.click("#tab-whatif");
    expect(await p.locator("button:visible", { hasText: "Reset all" }).count()).toBe(1);
  });

  it("shows the funnel, bars, attrition and subgroup tables with their changes", async () => {
    const p = app.page;
    const input = p.locator("#param-upcr_min");
    await input.fill("0.5");
    await input.press("Enter");
    await p.waitForSelector("[data-param=upcr_min].param.changed");
    await idle(app);
    const now = await counts(app);
    await p.click("#tab-analysis");
    const banner = (await p.textContent("[data-testid=analysis-whatif]"))!;
    expect(banner).toContain("What-if active");
    const d = now.eligible - base.eligible;
    expect(banner).toContain(d > 0 ? `+${d}` : d < 0 ? `−${-d}` : "±0");
    await p.waitForSelector("[data-testid=attrition-table]", { timeout: 30_000 });
    // the funnel's last step is the headline: its change is the eligible change (low end)
    const rows = p.locator("[data-testid=attrition-table] tbody tr[data-step]");
    const last = rows.last();
    const change = (await last.locator(".delta").textContent())!.replace(/[\s\u202f]/g, "");
    expect(signed(change.split("–")[0]!)).toBe(d);
    expect(await p.locator(".criterion-bars text.value", { hasText: "(" }).count()).toBeGreaterThan(
      0,
    );
    await p.waitForSelector("[data-testid=subgroup-table]", { timeout: 30_000 });
    const sub = p.locator("[data-testid=subgroup-table] tbody tr");
    // eligible changes across groups add up to the total change
    let sum = 0;
    for (let i = 0; i < (await sub.count()); i++) {
      const t = (await sub.nth(i).locator("td").first().locator(".delta").textContent()) ?? "";
      sum += signed(t.replace(/[()\s\u202f]/g, ""));
    }
    expect(sum).toBe(d);
    await p.locator("[data-testid=attrition-table]").scrollIntoViewIfNeeded();
    await app.shot("40-attrition-deltas");
    // most restrictive first: the criterion failing the most comes first
    await p.click("[data-testid=order-restrictive]");
    const first = await rows.first().getAttribute("data-step");
    // the bars are sorted by failing, largest first
    const topBar = await p
      .locator(".criterion-bars g.row")
      .first()
      .locator("tspan")
      .first()
      .textContent();
    expect(first).toBe(topBar);
    await p.click("[data-testid=order-protocol]");
    expect(await rows.first().getAttribute("data-step")).toBe("I1");
  });

  it("reads out the sensitivity at the current value on focus and hover, default marked", async () => {
    const p = app.page;
    await p.click("#tab-whatif");
    await p.waitForSelector(".sens svg [data-value]", { timeout: 30_000 });
    await p.selectOption("[aria-label='Parameter for the sensitivity curve']", "upcr_min");
    await p.waitForSelector(".sens svg [data-value='0.5']", { timeout: 30_000 });
    expect(await p.locator("[data-testid=sens-default]").count()).toBe(1);
    const cur = p.locator(".sens svg [data-value='0.5']");
    await cur.focus();
    const now = await counts(app);
    const readout = (await p.textContent("[data-testid=sens-readout]"))!.replace(/\u202f/g, "");
    expect(readout).toContain(
      `: ${now.eligible} eligible, up to ${now.eligible + now.needsReview}`,
    );
    expect(readout).toContain("(current)");
    const dflt = await p.locator("[data-testid=sens-default]").getAttribute("x1");
    const atDefault = p.locator(".sens svg [data-value]").filter({
      has: p.locator(`circle.point[cx='${dflt}']`),
    });
    await atDefault.hover();
    expect(await p.textContent("[data-testid=sens-readout]")).toContain("(protocol default)");
    await cur.focus();
    await app.shot("41-sensitivity-readout");
  });

  it("sweeps two parameters as a grid whose current cell is the screen's counts", async () => {
    const p = app.page;
    await p.click("[data-testid=sweep-run]");
    await p.waitForSelector("[data-testid=sweep-grid]", { timeout: 60_000 });
    const now = await counts(app);
    const cell = p.locator("[data-testid=sweep-grid] td.now");
    expect(await cell.count()).toBe(1);
    expect(num((await cell.textContent())!.split("(")[0]!)).toBe(now.eligible);
    expect(await p.locator("[data-testid=sweep-grid] tbody tr").count()).toBeGreaterThanOrEqual(3);
    await p.locator("[data-testid=sweep-grid]").scrollIntoViewIfNeeded();
    await app.shot("42-sweep-grid");
  });

  it("keeps named scenarios side by side and switches between them", async () => {
    const p = app.page;
    const a = await counts(app); // UPCR 0.5
    await p.fill("[data-testid=named-name]", "UPCR 0.5");
    await p.click("[data-testid=named-keep]");
    await p.click("[data-testid=reset-scenario]");
    await idle(app);
    await expect.poll(() => counts(app)).toEqual(base);
    await p.click("[data-criterion=E1]");
    await idle(app);
    const b = await counts(app);
    await p.click("[data-testid=named-keep]"); // "Scenario A"
    expect(await p.locator("[data-testid=named-table] tr[data-scenario]").count()).toBe(3);
    expect(await p.textContent("[data-differences='UPCR 0.5']")).toContain("UPCR");
    expect(await p.textContent("[data-differences='Scenario A']")).toContain("E1");
    await p.click("[aria-label='Switch to UPCR 0.5']");
    await expect.poll(() => counts(app), { timeout: 30_000 }).toEqual(a);
    await p.click("[aria-label='Switch to Scenario A']");
    await expect.poll(() => counts(app), { timeout: 30_000 }).toEqual(b);
    await p.locator("[data-testid=named-scenarios]").scrollIntoViewIfNeeded();
    await app.shot("43-named-scenarios");
  });

  it("loads a scenario file while a sweep runs with no console error", async () => {
    const p = app.page;
    await p.click("#tab-export");
    const [dl] = await Promise.all([
      p.waitForEvent("download"),
      p.click("[data-testid=export-scenario]"),
    ]);
    const file = (await dl.path())!;
    expect(JSON.parse(readFileSync(file, "utf8")).disabled).toEqual(["E1"]);
    await p.click("#tab-whatif");
    const input = p.locator("#param-upcr_min");
    await input.fill("0.7");
    await input.press("Enter");
    await idle(app);
    // the curve's sweep starts 400 ms after a change: load the file while it runs
    await p.waitForTimeout(450);
    await p.click("#tab-export");
    await p.setInputFiles("[data-testid=scenario-input]", file);
    await p.waitForSelector("text=scenario loaded", { timeout: 30_000 });
    await p.click("#tab-whatif");
    await p.waitForSelector(".sens svg [data-value]", { timeout: 30_000 });
    await p.waitForTimeout(1500);
    expect(app.errors).toEqual([]);
  });

  it("puts the attrition table in the printed report", async () => {
    const p = app.page;
    await p.click("#tab-export");
    await p.click("[data-testid=print]");
    await p.waitForSelector("[data-testid=report] [data-testid=attrition-table]", {
      timeout: 60_000,
    });
    const printed = p.locator("[data-testid=report] [data-testid=attrition-table] tr[data-step]");
    // one row per funnel step of the report, same ids in the same order
    const stepIds = await p.$$eval("[data-testid=report] .funnel [data-step]", (gs) =>
      gs.map((g) => g.getAttribute("aria-label")?.split(" ")[0]),
    );
    const rowIds = await printed.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-step")));
    expect(rowIds.length).toBeGreaterThan(0);
    expect(rowIds).toEqual(stepIds);
    await p.emulateMedia({ media: "print" });
    await p.locator("[data-testid=report] [data-testid=attrition-table]").scrollIntoViewIfNeeded();
    await app.shot("44-report-attrition-print");
    await p.emulateMedia({ media: "screen" });
    await p.click("text=Back to the screen");
  });
});
