/**
 * The README's first command (`npm run demo`) serves the app with the Vite dev server, where
 * workers are loaded differently from the build: the demo must screen there too.
 */
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, num } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describe("the demo in the dev server (npm run demo)", () => {
  let server: ViteDevServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await createServer({
      root: ROOT,
      configFile: resolve(ROOT, "vite.config.ts"),
      logLevel: "error",
      server: { host: "127.0.0.1", port: 0, hmr: false },
    });
    await server.listen();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("screens the demo extract with the engine's counts", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.resolvedUrls?.local[0] ?? "");
    await page.click("[data-testid=demo]");
    await page.waitForSelector("[data-testid=counts]", { timeout: 90_000 });
    const expected = screenCsv(demoCsv(5000)).counts;
    expect(num(await page.textContent("[data-testid=n-eligible]"))).toBe(expected.eligible);
    expect(num(await page.textContent("[data-testid=n-review]"))).toBe(expected.needsReview);
    expect(errors).toEqual([]);
  });
});
