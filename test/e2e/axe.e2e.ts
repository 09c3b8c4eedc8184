/**
 * axe-core on every screen: start, mapping, the grid with each analysis tab, the protocol
 * editor and the report. No serious or critical violation, and a level-one heading on each.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FILES, launch, openApp, type AppPage } from "./browser.ts";
import { demoCsv } from "./pipeline.ts";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Found {
  id: string;
  impact: string | null;
  nodes: number;
  where: string[];
}

/** Runs axe on the page as it is (injected through the debugger: the page's CSP allows no inline script). */
async function audit(p: Page): Promise<Found[]> {
  await p.evaluate(AXE);
  return p.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            c: Document,
            o: object,
          ): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
}

const grave = (f: Found[]) => f.filter((v) => v.impact === "serious" || v.impact === "critical");

describe("accessibility of every screen (axe-core)", () => {
  let browser: Browser;
  let app: AppPage;
  const found: Record<string, Found[]> = {};

  async function check(name: string) {
    found[name] = await audit(app.page);
    expect(grave(found[name]), name).toEqual([]);
    expect(
      found[name].map((v) => v.id),
      name,
    ).not.toContain("page-has-heading-one");
  }

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
  });
  afterAll(async () => {
    // every finding, serious or not, for a person to read: test-output/axe.json
    writeFileSync(join(FILES, "../axe.json"), JSON.stringify(found, null, 2));
    await browser?.close();
  });

  it("start", async () => {
    await check("start");
  });

  it("mapping", async () => {
    mkdirSync(FILES, { recursive: true });
    const file = join(FILES, "axe.csv");
    writeFileSync(file, demoCsv(400));
    await app.page.setInputFiles("[data-testid=file-input]", file);
    await app.page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    await check("mapping");
  });

  it("grid and each analysis tab", async () => {
    const p = app.page;
    await p.click("[data-testid=confirm-mapping]");
    await p.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    await check("grid: why patients fail");
    for (const tab of ["whatif", "edits", "export"]) {
      await p.click(`#tab-${tab}`);
      await p.waitForSelector(`#panel-${tab}`);
      await check(`grid: ${tab}`);
    }
  });

  it("protocol editor", async () => {
    const p = app.page;
    await p.click("[data-testid=edit-protocol]");
    await p.waitForSelector("text=Edit protocol");
    await check("editor");
    await p.click("[data-testid=edit-protocol]");
    await p.waitForSelector(".ag-cell.verdict");
  });

  it("report, in both themes", async () => {
    const p = app.page;
    await p.click("#tab-export");
    await p.click("[data-testid=print]");
    await p.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    await check("report");
    await p.click("[data-testid=theme]");
    await check("report, dark");
  });

  it("raised no error on the page", () => {
    expect(app.errors).toEqual([]);
  });
});
