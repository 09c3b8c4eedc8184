/**
 * A rule edited in the formula bar is a what-if like any other, in Chromium: marked in the
 * header with its current rule, listed in the What-if tab with a reset, every count shown with
 * its change from the protocol as written, saved in "Export scenario", restored by loading
 * that file, and stated in the printed report and its JSON.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { counts, launch, openApp, type AppPage } from "./browser.ts";

const RULE = "sledai2k_total >= 4";

describe("a scenario tells the whole truth", () => {
  let browser: Browser;
  let app: AppPage;
  let base: Awaited<ReturnType<typeof counts>>;
  let scenarioFile = "";

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

  it("an edited rule shows in the header, the scenario list and next to every count", async () => {
    const p = app.page;
    await p.selectOption("[data-testid=fx-name]", "I5");
    await p.click("#fx-rule");
    await p.keyboard.press("Control+A");
    await p.keyboard.type(RULE, { delay: 5 });
    await p.keyboard.press("Enter");
    await p.waitForSelector("[data-testid=whatif-note]", { timeout: 30_000 });
    await expect.poll(() => counts(app), { timeout: 30_000 }).not.toEqual(base);
    await p.waitForSelector("text=/updated in/");
    const now = await counts(app);
    const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0");
    expect(await p.textContent("[data-testid=n-eligible-delta]")).toBe(
      signed(now.eligible - base.eligible),
    );
    expect(await p.textContent("[data-testid=n-review-delta]")).toBe(
      signed(now.needsReview - base.needsReview),
    );
    const head = p.locator(".ag-header-cell[col-id='c:I5'] .crit-header");
    await expect.poll(() => head.getAttribute("class")).toContain("edited");
    expect(await head.getAttribute("title")).toContain(`Now: ${RULE}`);
    await p.click("#tab-whatif");
    expect(await p.textContent("#tab-whatif")).toContain("(1)");
    const list = (await p.textContent("[data-testid=scenario]")) ?? "";
    expect(list).toContain("What-if active: 1 difference");
    expect(list).toContain(`to \`${RULE}\``);
    expect(await p.isEnabled("[data-testid=reset-scenario]")).toBe(true);
    expect(await p.textContent("[data-testid=scenario-effect]")).toContain(
      signed(now.eligible - base.eligible),
    );
    await app.shot("30-scenario-rule-edited");
  });

  it("saves the edited rule in the exported scenario", async () => {
    const p = app.page;
    await p.click("#tab-export");
    const [d] = await Promise.all([
      p.waitForEvent("download"),
      p.click("[data-testid=export-scenario]"),
    ]);
    scenarioFile = (await d.path())!;
    const file = JSON.parse(readFileSync(scenarioFile, "utf8"));
    expect(file.asWritten).toEqual({ id: "ln-cd19-cd70", version: expect.any(String) });
    expect(file.rules).toMatchObject([{ id: "I5", rule: RULE }]);
    expect(file.differences.join("\n")).toContain(RULE);
  });

  it("states the differences in the report, its JSON and the printed page", async () => {
    const p = app.page;
    await p.click("[data-testid=print]");
    await p.waitForSelector("[data-testid=report-scenario]");
    expect(await p.textContent("[data-testid=report-scenario]")).toContain(RULE);
    // the download joins the ledger and the page re-audits its report (slow on a loaded machine)
    const [d] = await Promise.all([
      p.waitForEvent("download", { timeout: 180_000 }),
      p.click("text=Download JSON", { timeout: 180_000 }),
    ]);
    const rep = JSON.parse(readFileSync((await d.path())!, "utf8"));
    expect(rep.scenario.protocolAsWritten.id).toBe("ln-cd19-cd70");
    expect(rep.scenario.whatIf).toBe(true);
    expect(rep.scenario.differences.join("\n")).toContain(RULE);
    await p.emulateMedia({ media: "print" });
    expect(await p.isVisible("[data-testid=report-scenario]")).toBe(true);
    await app.shot("31-report-scenario-print");
    await p.emulateMedia({ media: "screen" });
    await p.click("text=Back to the screen");
    await p.waitForSelector(".ag-cell.verdict");
  }, 400_000);

  it("resets to the protocol as written and restores the rule from the scenario file", async () => {
    const p = app.page;
    await p.click("#tab-whatif");
    await p.click("[data-testid=reset-scenario]");
    await p.waitForSelector("[data-testid=whatif-note]", { state: "detached", timeout: 30_000 });
    await expect.poll(() => counts(app), { timeout: 30_000 }).toEqual(base);
    await p.click("#tab-export");
    await p.setInputFiles("[data-testid=scenario-input]", scenarioFile);
    await p.waitForSelector("[data-testid=whatif-note]", { timeout: 30_000 });
    const head = p.locator(".ag-header-cell[col-id='c:I5'] .crit-header");
    await expect.poll(() => head.getAttribute("title")).toContain(`Now: ${RULE}`);
    await expect.poll(() => counts(app), { timeout: 30_000 }).not.toEqual(base);
    expect(app.errors.filter((e) => !/pool reloaded/.test(e))).toEqual([]);
  });

  it("moves along the analysis tabs with the arrow keys, Home and End; focus follows", async () => {
    const p = app.page;
    await p.click("#tab-analysis");
    const at = () =>
      p.evaluate(() => [
        document.activeElement?.id,
        document.querySelector("[role=tab][aria-selected=true]")?.id,
        document.querySelector("[role=tabpanel]")?.getAttribute("aria-labelledby"),
      ]);
    await p.keyboard.press("End");
    expect(await at()).toEqual(["tab-export", "tab-export", "tab-export"]);
    await p.keyboard.press("ArrowRight");
    expect(await at()).toEqual(["tab-analysis", "tab-analysis", "tab-analysis"]);
    await p.keyboard.press("ArrowLeft");
    expect(await at()).toEqual(["tab-export", "tab-export", "tab-export"]);
    await p.keyboard.press("Home");
    expect(await at()).toEqual(["tab-analysis", "tab-analysis", "tab-analysis"]);
    expect(await p.getAttribute("#tab-whatif", "tabindex")).toBe("-1");
  });
});
