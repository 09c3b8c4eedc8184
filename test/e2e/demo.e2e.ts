import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, num, openApp, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

describe("the demo", () => {
  let browser: Browser;
  let app: AppPage;
  const csv = demoCsv(5000);
  const expected = screenCsv(csv);

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the start screen with a protocol, a drop zone and the demo button", async () => {
    app.markLoaded();
    // from here on the network is off: everything must already be in the page
    await app.page.context().setOffline(true);
    await app.shot("01-start");
    expect(await app.page.locator("[data-testid=protocol-select]").inputValue()).toBe(
      "ln-cd19-cd70",
    );
    expect(await app.page.locator("[data-testid=demo]").isVisible()).toBe(true);
    expect(await app.page.textContent("[data-testid=privacy]")).toContain(
      "Nothing is remembered between visits",
    );
  });

  it("screens the demo extract with the counts the engine gives in Node", async () => {
    await app.page.click("[data-testid=demo]");
    await app.page.waitForSelector("[data-testid=counts]", { timeout: 60_000 });
    await app.page.waitForSelector(".ag-cell.verdict");
    await app.shot("02-screen");
    const eligible = num(await app.page.textContent("[data-testid=n-eligible]"));
    const review = num(await app.page.textContent("[data-testid=n-review]"));
    const ineligible = num(await app.page.textContent("[data-testid=n-ineligible]"));
    // evaluated in the worker pool (started from blob: URLs with the network already off)
    const notes = await app.page.evaluate(() =>
      (
        globalThis as unknown as { __flow: { screen: { problems: { message: string }[] } } }
      ).__flow.screen.problems
        .map((p) => p.message)
        .join("\n"),
    );
    expect(notes).not.toContain("workers unavailable");
    expect({ eligible, review, ineligible }).toEqual({
      eligible: expected.counts.eligible,
      review: expected.counts.needsReview,
      ineligible: expected.counts.ineligible,
    });
  });

  it("colours every visible criterion cell by the engine's verdict", async () => {
    const cells = await app.page.$$eval(".ag-cell.verdict", (els) =>
      els.map((c) => ({
        row: Number(c.closest(".ag-row")?.getAttribute("row-index")),
        col: c.getAttribute("col-id") ?? "",
        cls: c.className,
        text: c.textContent?.trim() ?? "",
      })),
    );
    expect(cells.length).toBeGreaterThan(20);
    const klass = ["v-pass", "v-fail", "v-unknown", "v-site"];
    const sym = ["✓", "✗", "?", "S"];
    let checked = 0;
    for (const c of cells) {
      const k = expected.protocol.criteria.findIndex((x) => `c:${x.id}` === c.col);
      const v = expected.verdicts[k]![c.row]!;
      expect(c.cls, `${c.col} row ${c.row}`).toContain(klass[v]);
      expect(c.text).toBe(sym[v]);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("explains a cell on hover with the values and the rule's threshold", async () => {
    const cell = app.page.locator('.ag-row[row-index="0"] .ag-cell[col-id="c:I1"]');
    await cell.hover();
    const tip = app.page.locator(".ag-tooltip");
    await tip.waitFor({ timeout: 10_000 });
    const text = (await tip.textContent()) ?? "";
    expect(text).toContain("I1 inclusion");
    // the facts in words, against the threshold that decided (no rule syntax)
    expect(text).toMatch(/age \d+ years [≥≤<>] (18|65) years/);
    expect(text).not.toMatch(/needs|→|age_min|unknown_if/);
    await app.shot("02b-tooltip");
  });

  it("made no request to another origin and none after the page loaded", () => {
    const origin = new URL(inject("baseUrl")).origin;
    const foreign = app.requests.filter(
      (r) => !r.url.startsWith(origin) && !r.url.startsWith("blob:") && !r.url.startsWith("data:"),
    );
    expect(foreign).toEqual([]);
    const late = app.requests.filter(
      (r) => r.afterLoad && !r.url.startsWith("blob:") && !r.url.startsWith("data:"),
    );
    expect(late).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it("kept no patient data in the browser's storage or the URL after screening", async () => {
    const ids = csv
      .split("\n")
      .slice(1, 51)
      .map((line) => line.split(",")[0]!);
    expect(ids.length).toBe(50);
    const stored = await app.page.evaluate(async () => {
      const dump = (s: Storage) =>
        Object.fromEntries(
          Array.from({ length: s.length }, (_, i) => [s.key(i)!, s.getItem(s.key(i)!)]),
        );
      const dbs = "databases" in indexedDB ? await indexedDB.databases() : [];
      const caches_ = "caches" in globalThis ? await caches.keys() : [];
      return {
        local: dump(localStorage),
        session: dump(sessionStorage),
        indexedDB: dbs.map((d) => d.name),
        caches: caches_,
        cookie: document.cookie,
        url: location.href,
      };
    });
    // only the theme choice may be remembered
    for (const key of Object.keys(stored.local)) expect(key).toMatch(/theme/i);
    expect(stored.session).toEqual({});
    expect(stored.indexedDB).toEqual([]);
    expect(stored.caches).toEqual([]);
    expect(stored.cookie).toBe("");
    const everything = JSON.stringify(stored);
    for (const id of ids) expect(everything).not.toContain(id);
  });
});
