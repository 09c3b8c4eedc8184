/**
 * The charts in real Chromium: keyboard, drag and click reach `onselect` / `onreorder`, nothing
 * sets a style attribute (strict CSP), no console errors. Self-contained: serves the gallery from
 * a Vite dev server and saves screenshots to test-output/screens/ for review.
 * Runs with the e2e config (vitest.config include "test/ui/**\/*.e2e.ts").
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type ViteDevServer } from "vite";
import type { Browser, Page } from "playwright-core";
import { launch } from "../../e2e/browser.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const SCREENS = resolve(ROOT, "test-output/screens");
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chart gallery</title></head>
<body><div id="app"></div><script type="module">
import { mount } from "svelte"; import Gallery from "/src/ui/charts/Gallery.svelte";
mount(Gallery, { target: document.getElementById("app") });
</script></body></html>`;

let server: ViteDevServer;
let browser: Browser;
let url: string;

beforeAll(async () => {
  server = await createServer({
    root: ROOT,
    configFile: resolve(ROOT, "vite.config.ts"),
    logLevel: "error",
    server: { host: "127.0.0.1", port: 0, hmr: false },
    plugins: [
      {
        name: "chart-gallery-page",
        configureServer(s) {
          s.middlewares.use((req, res, next) => {
            if (!req.url?.startsWith("/__gallery")) return next();
            void s.transformIndexHtml("/__gallery.html", PAGE).then((html) => {
              res.setHeader("content-type", "text/html");
              res.end(html);
            });
          });
        },
      },
    ],
  });
  await server.listen();
  url = `${server.resolvedUrls?.local[0] ?? ""}__gallery`;
  browser = await launch();
  mkdirSync(SCREENS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(
  theme: "light" | "dark",
  width = 1200,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // the gallery page has no icon; any other failed load is an error
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico"))
      errors.push(`${m.text()} ${m.location().url}`);
  });
  await page.goto(url);
  await page.waitForSelector(".funnel svg");
  return { page, errors };
}

const last = (page: Page) => page.locator(".last").textContent();
const funnelOrder = (page: Page) =>
  page
    .locator(".funnel [data-step]")
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-step"))));

describe("chart gallery in Chromium", () => {
  it("selects with Enter and Space on focused marks", async () => {
    const { page, errors } = await open("light");
    await page.locator('.headline [data-status="needs-review"]').focus();
    await page.keyboard.press("Enter");
    expect(await last(page)).toBe('onselect {"status":"needs-review"}');
    await page.locator('.combinations [data-combination="2,3"]').focus();
    await page.keyboard.press(" ");
    expect(await last(page)).toBe('onselect {"combination":[2,3]}');
    await page
      .locator('.subgroups [data-group="Site B – Lyon"] [data-status="ineligible"]')
      .click();
    expect(await last(page)).toBe('onselect {"group":"Site B – Lyon","status":"ineligible"}');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("moves focus between the marks of one chart with the arrow keys", async () => {
    const { page } = await open("light");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    await page.locator('.headline [data-status="eligible"]').focus();
    await page.keyboard.press("ArrowRight");
    expect(await focused()).toBe("Needs review: 846 patients, 17%");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight"); // stays on the last mark
    expect(await focused()).toMatch(/^Ineligible: 3.736 patients/);
    await page.keyboard.press("ArrowUp");
    expect(await focused()).toBe("Needs review: 846 patients, 17%");
    await page.locator('.funnel [data-step="0"]').focus();
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-step"))).toBe("1");
    expect((await funnelOrder(page)).slice(0, 2)).toEqual([0, 1]);
    await page.close();
  });

  it("reorders the funnel with Alt+Arrow, keeping focus on the moved step", async () => {
    const { page } = await open("light");
    await page.locator('.funnel [data-step="0"]').focus();
    await page.keyboard.press("Alt+ArrowDown");
    await page.keyboard.press("Alt+ArrowDown");
    expect((await funnelOrder(page)).slice(0, 3)).toEqual([1, 2, 0]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-step"))).toBe("0");
    expect(await last(page)).toBe('onselect {"order":[1,2,0,3,4,5,6,7,8]}');
    await page.keyboard.press("Alt+ArrowUp");
    expect((await funnelOrder(page)).slice(0, 3)).toEqual([1, 0, 2]);
    await page.close();
  });

  it("reorders the funnel with the move buttons and by dragging the grip", async () => {
    const { page } = await open("light");
    await page.locator(".funnel .move[aria-label='Move I1 down']").click();
    expect((await funnelOrder(page)).slice(0, 2)).toEqual([1, 0]);
    const grips = page.locator(".funnel .handle");
    await grips.nth(3).scrollIntoViewIfNeeded();
    const from = (await grips.nth(0).boundingBox())!;
    const to = (await grips.nth(3).boundingBox())!;
    await page.mouse.move(from.x + 5, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + 5, to.y + to.height / 2, { steps: 6 });
    await page.mouse.up();
    expect((await funnelOrder(page)).slice(0, 4)).toEqual([0, 2, 3, 1]);
    await page.close();
  });

  it("sorts the criterion bars with the sort buttons", async () => {
    const { page } = await open("light");
    const first = () =>
      page.locator(".criterion-bars [data-criterion]").first().getAttribute("data-criterion");
    expect(await first()).toBe("2");
    await page.locator(".criterion-bars button", { hasText: "Unknown" }).click();
    expect(await first()).toBe("5");
    await page.locator(".criterion-bars button", { hasText: "Protocol order" }).click();
    expect(await first()).toBe("0");
    await page.locator('.criterion-bars [data-criterion="3"] [data-part="alone"]').click();
    expect(await last(page)).toBe('onselect {"criterion":3,"what":"alone"}');
    await page.close();
  });

  it("moves the sensitivity marker to a clicked value and sets no style attributes", async () => {
    const { page } = await open("light");
    await page.locator('.sensitivity [data-value="0.5"]').click();
    expect(
      await page.locator('.sensitivity [aria-current="true"]').getAttribute("data-value"),
    ).toBe("0.5");
    expect(await page.evaluate(() => document.querySelectorAll("[style]").length)).toBe(0);
    await page.screenshot({ path: resolve(SCREENS, "charts-gallery-light.png"), fullPage: true });
    await page.close();
  });

  it("renders in dark theme and in a narrow panel without errors", async () => {
    for (const [theme, width] of [
      ["dark", 1200],
      ["light", 440],
    ] as const) {
      const { page, errors } = await open(theme, width);
      expect(await page.locator(".chart [role=button]").count()).toBeGreaterThan(50);
      await page.screenshot({
        path: resolve(SCREENS, `charts-gallery-${theme}-${width}.png`),
        fullPage: true,
      });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
