/**
 * The grid's layout in Chromium: rows and criterion columns visible at 1024x768 and 1440x900,
 * a one-line formula bar until it is used, header labels wrapped (never cut sideways) with the
 * full text on hover, the column chooser and raw values beside the criterion that reads them.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openApp, type AppPage } from "./browser.ts";

/** Grid rows and criterion columns wholly inside the grid and the window. */
async function visible(p: Page) {
  return p.evaluate(() => {
    const grid = document.querySelector("[data-testid=grid]")!.getBoundingClientRect();
    const bottom = Math.min(grid.bottom, innerHeight);
    const right = Math.min(grid.right, innerWidth);
    const rows = new Set(
      [...document.querySelectorAll(".ag-row")]
        .filter((r) => {
          const b = r.getBoundingClientRect();
          return b.height > 0 && b.top >= grid.top && b.bottom <= bottom;
        })
        .map((r) => r.getAttribute("row-index")),
    );
    const cols = [...document.querySelectorAll(".ag-header-cell[col-id^='c:']")].filter((c) => {
      const b = c.getBoundingClientRect();
      return b.left >= grid.left && b.right <= right;
    });
    return { rows: rows.size, cols: cols.length };
  });
}

async function openDemo(browser: Browser, width: number, height: number): Promise<AppPage> {
  const app = await openApp(browser, inject("baseUrl"));
  await app.page.setViewportSize({ width, height });
  await app.page.click("[data-testid=demo]");
  await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
  await app.page.waitForTimeout(300);
  return app;
}

describe("the grid's layout", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows at least 15 rows at 1024x768 and at least 9 criterion columns at 1440x900", async () => {
    const small = await openDemo(browser, 1024, 768);
    const s = await visible(small.page);
    await small.shot("21-grid-1024");
    expect(s.rows).toBeGreaterThanOrEqual(15);
    await small.page.context().close();
    const wide = await openDemo(browser, 1440, 900);
    const w = await visible(wide.page);
    await wide.shot("22-grid-1440");
    expect(w.cols).toBeGreaterThanOrEqual(9);
    expect(w.rows).toBeGreaterThanOrEqual(18);
    // the formula bar takes one line until it is used
    const fx = await wide.page.locator("[data-testid=formula-bar]").boundingBox();
    expect(fx!.height).toBeLessThanOrEqual(52);
    await wide.page.click(".ag-header-cell[col-id='c:I5'] .crit-header");
    await wide.page.waitForSelector("#fx-rule");
    const fx2 = await wide.page.locator("[data-testid=formula-bar]").boundingBox();
    expect(fx2!.height).toBeLessThanOrEqual(52);
    // labels wrap inside their header (nothing cut sideways); the full text is on hover
    const heads = await wide.page.evaluate(() =>
      [...document.querySelectorAll(".ag-header-cell[col-id^='c:'] .crit-header")].map((h) => {
        const t = h.querySelector(".crit-title") as HTMLElement;
        return {
          title: h.getAttribute("title") ?? "",
          text: t.textContent ?? "",
          wide: t.scrollWidth - t.clientWidth,
        };
      }),
    );
    expect(heads.length).toBeGreaterThan(5);
    for (const h of heads) {
      expect(h.wide).toBeLessThanOrEqual(0);
      expect(h.title).toContain(h.text.split(" · ")[1]!);
    }
    await wide.page.context().close();
  });

  it("hides columns with the chooser and puts raw values beside the criterion that reads them", async () => {
    const app = await openDemo(browser, 1440, 900);
    const p = app.page;
    await p.click("[data-testid=columns] summary");
    await p.uncheck("[data-testid=columns] label:has-text('I1 · Age') input");
    await p.waitForSelector(".ag-header-cell[col-id='c:I1']", { state: "detached" });
    expect(await p.textContent("[data-testid=columns] summary")).toContain("(32 of 33)");
    // the criteria's bulk buttons: hide all, then show all but I1 again
    await p.click("[data-testid=columns] button:has-text('hide all')");
    expect(await p.textContent("[data-testid=columns] summary")).toContain("(0 of 33)");
    await p.click("[data-testid=columns] button:has-text('show all')");
    expect(await p.textContent("[data-testid=columns] summary")).toContain("(33 of 33)");
    await p.uncheck("[data-testid=columns] label:has-text('I1 · Age') input");
    await p.check("[data-testid=show-raw-chooser]");
    await p.waitForFunction(
      () =>
        !!(window as unknown as { __grid: { getColumn(id: string): unknown } }).__grid.getColumn(
          "r:upcr",
        ),
    );
    const order = await p.evaluate(() =>
      (window as unknown as { __grid: { getAllGridColumns(): { getColId(): string }[] } }).__grid
        .getAllGridColumns()
        .map((c) => c.getColId()),
    );
    // I4 (proteinuria) reads upcr and protein_24h: they follow it, before I5
    const i4 = order.indexOf("c:I4");
    const i5 = order.indexOf("c:I5");
    expect(order.indexOf("r:upcr")).toBeGreaterThan(i4);
    expect(order.indexOf("r:upcr")).toBeLessThan(i5);
    // birth_date (I1 reads age, derived from it) comes after I1, hidden but keeping its place
    expect(order.indexOf("r:birth_date")).toBe(order.indexOf("c:I1") + 1);
    await app.shot("23-grid-raw-beside");
    await p.uncheck("[data-testid=raw-beside]");
    await p.waitForFunction(() => {
      const g = (window as unknown as { __grid: { getAllGridColumns(): { getColId(): string }[] } })
        .__grid;
      const ids = g.getAllGridColumns().map((c) => c.getColId());
      return ids.indexOf("r:upcr") > ids.lastIndexOf(ids.filter((x) => x.startsWith("c:")).pop()!);
    });
    await p.context().close();
  });
});
