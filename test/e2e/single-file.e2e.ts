/**
 * The single-file build opened straight from disk (file://) with the network off: the demo
 * screens with the engine's counts, a CSV loads through the file input, and the page asks
 * for nothing but itself (workers start from inlined blob:/data: code).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, num, SCREENS } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";
import { ROOT } from "./serve.ts";

const OUT = join(ROOT, "test-output/e2e-single");

describe("the single-file build from disk, offline", () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    await build({
      root: ROOT,
      mode: "single",
      logLevel: "warn",
      build: { outDir: OUT, emptyOutDir: true },
    });
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.setOffline(true);
    page = await context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(pathToFileURL(join(OUT, "index.html")).href);
    await page.waitForSelector("text=How many patients could enter this trial?");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("is one HTML file carrying a CSP with hashed inline scripts and no unsafe-eval", async () => {
    const csp = await page.getAttribute("meta[http-equiv=Content-Security-Policy]", "content");
    expect(csp).toMatch(/script-src 'self' 'sha256-[\w+/=]+'/);
    // WebAssembly (the report's solver) may be compiled; JavaScript eval stays forbidden
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it("screens the demo with the engine's counts", async () => {
    const want = screenCsv(demoCsv(5000)).counts;
    await page.click("[data-testid=demo]");
    await page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    expect(num(await page.textContent("[data-testid=n-eligible]"))).toBe(want.eligible);
    expect(num(await page.textContent("[data-testid=n-review]"))).toBe(want.needsReview);
    expect(num(await page.textContent("[data-testid=n-ineligible]"))).toBe(want.ineligible);
    mkdirSync(SCREENS, { recursive: true });
    await page.screenshot({ path: join(SCREENS, "10-single-file.png") });
  });

  it("loads a CSV through the file input", async () => {
    const csv = demoCsv(800);
    const file = join(OUT, "extract.csv");
    writeFileSync(file, csv);
    // starting over from a screen asks first, in the page
    await page.click(".brand");
    await page.click("[data-testid=question] button:has-text('Start again')");
    await page.setInputFiles("[data-testid=file-input]", file);
    await page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    await page.click("[data-testid=confirm-mapping]");
    await page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    expect(num(await page.textContent("[data-testid=n-eligible]"))).toBe(
      screenCsv(csv).counts.eligible,
    );
    // a file:// page is never cross-origin isolated: this is the copying path (no shared memory)
    expect(await page.evaluate(() => globalThis.crossOriginIsolated === true)).toBe(false);
  });

  it("audits the report in its inlined worker (the solver compiled from the inlined wasm)", async () => {
    await page.click("#tab-export");
    await page.click("[data-testid=print]");
    await page.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    expect(await page.textContent("[data-testid=report]")).toContain("Checked with HiGHS");
  });

  it("requested nothing but the page itself and logged no errors", () => {
    const page0 = pathToFileURL(join(OUT, "index.html")).href;
    expect(
      requests.filter((u) => u !== page0 && !u.startsWith("blob:") && !u.startsWith("data:")),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });
});
