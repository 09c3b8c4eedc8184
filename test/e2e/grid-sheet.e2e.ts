/**
 * The grid as a spreadsheet, in Chromium: rectangle selection by mouse and Shift+arrows,
 * Ctrl+C as tab-separated text with headers (read back from the real clipboard), one cell's
 * value alone, Ctrl+A over the shown rows without ag-grid's console warning.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openApp, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

const WORDS = ["pass", "fail", "unknown", "site-assessed"];
const STATUS = ["Eligible", "Needs review", "Ineligible"];

async function clipboard(p: Page): Promise<string> {
  return p.evaluate(() => navigator.clipboard.readText());
}

function cell(p: Page, row: number, colId: string) {
  return p.locator(`.ag-row[row-index="${row}"] .ag-cell[col-id="${colId}"]`);
}

async function centre(p: Page, row: number, colId: string) {
  const b = (await cell(p, row, colId).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

describe("the grid as a spreadsheet", () => {
  let browser: Browser;
  let app: AppPage;
  const warnings: string[] = [];
  const expected = screenCsv(demoCsv(5000));
  const crit = expected.protocol.criteria;
  const status = expected.rs.statusArray();
  const k = (id: string) => crit.findIndex((c) => c.id === id);
  const ids = expected.table.columns["patient_id"]!;
  const idOf = (i: number) => (ids.kind === "category" ? ids.dict[ids.codes[i]!]! : String(i));

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    const origin = new URL(inject("baseUrl")).origin;
    await app.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    app.page.on("console", (m) => {
      if (m.type() === "warning" || m.type() === "error") warnings.push(m.text());
    });
    await app.page.click("[data-testid=demo]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("drags a 3 x 4 rectangle and Ctrl+C copies it as TSV with headers", async () => {
    const p = app.page;
    const from = await centre(p, 1, "c:I2");
    const to = await centre(p, 3, "c:I5");
    await p.mouse.move(from.x, from.y);
    await p.mouse.down();
    await p.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await p.mouse.move(to.x, to.y, { steps: 4 });
    await p.mouse.up();
    expect(await p.locator(".ag-cell.in-range").count()).toBe(12);
    expect(await p.textContent("[data-testid=selection]")).toContain("3 × 4 cells selected");
    await app.shot("20-grid-range");
    await p.keyboard.press("Control+C");
    const cols = ["I2", "I3", "I4", "I5"];
    const want = [
      cols.map((id) => `${id} ${crit[k(id)]!.label}`).join("\t"),
      ...[1, 2, 3].map((i) => cols.map((id) => WORDS[expected.verdicts[k(id)]![i]!]).join("\t")),
    ];
    expect(await clipboard(p)).toBe(want.join("\n") + "\n");
  });

  it("Shift+arrows grow a range from the focused cell; ids and statuses copy as shown", async () => {
    const p = app.page;
    await cell(p, 0, "id").click();
    await p.keyboard.press("Shift+ArrowDown");
    await p.keyboard.press("Shift+ArrowDown");
    await p.keyboard.press("Shift+ArrowRight");
    expect(await p.locator(".ag-cell.in-range").count()).toBe(6);
    await p.keyboard.press("Control+C");
    const want = ["Patient\tStatus", ...[0, 1, 2].map((i) => `${idOf(i)}\t${STATUS[status[i]!]}`)];
    expect(await clipboard(p)).toBe(want.join("\n") + "\n");
  });

  it("one cell copies its value alone", async () => {
    const p = app.page;
    await cell(p, 5, "id").click();
    await p.keyboard.press("Control+C");
    expect(await clipboard(p)).toBe(idOf(5));
  });

  it("Ctrl+A selects every shown row (a filter narrows it) without an AG Grid warning", async () => {
    const p = app.page;
    await p.click("[data-testid=n-eligible]");
    await p.waitForFunction(
      (n) => document.querySelector("[data-testid=shown]")?.textContent?.startsWith(`${n} of`),
      expected.counts.eligible,
    );
    await cell(p, 0, "id").click();
    await p.keyboard.press("Control+A");
    const nCols = 3 + crit.length; // id, status, criteria failed
    expect(await p.textContent("[data-testid=selection]")).toContain(
      `${expected.counts.eligible} × ${nCols} cells selected`,
    );
    await p.keyboard.press("Control+C");
    const lines = (await clipboard(p)).trimEnd().split("\n");
    expect(lines.length).toBe(expected.counts.eligible + 1);
    const eligibleIds = [...status.keys()].filter((i) => status[i] === 0).map(idOf);
    expect(lines.slice(1).map((l) => l.split("\t")[0])).toEqual(eligibleIds);
    expect(lines.slice(1).every((l) => l.split("\t")[1] === "Eligible")).toBe(true);
    expect(warnings.filter((w) => /AG Grid/i.test(w))).toEqual([]);
    await p.click("[data-testid=n-eligible]");
  });

  it("exports the rows shown (filtered and sorted) or all rows", async () => {
    const p = app.page;
    await p.click("[data-testid=n-review]");
    await p.click(".ag-header-cell[col-id='c:I4'] .crit-header");
    await p.waitForSelector(".ag-header-cell[col-id='c:I4'] .crit-sort:text('▲')");
    await p.click("#tab-export");
    await p.check("[data-testid=export-shown]");
    expect(await p.textContent("label:has([data-testid=export-shown])")).toContain(
      `${expected.counts.needsReview} rows shown in the grid (filtered, sorted)`,
    );
    const save = async () => {
      const [d] = await Promise.all([
        p.waitForEvent("download"),
        p.click("[data-testid=export-csv]"),
      ]);
      return readFileSync((await d.path())!, "utf8")
        .trimEnd()
        .split("\n");
    };
    const lines = await save();
    expect(lines.length).toBe(expected.counts.needsReview + 1);
    expect(lines.slice(1).every((l) => l.split(",")[1] === "needs-review")).toBe(true);
    const col = lines[0]!.split(",").indexOf("I4");
    const got = lines.slice(1).map((l) => WORDS.indexOf(l.split(",")[col]!));
    expect(got).toEqual([...got].sort((a, b) => a - b));
    // the grid's first rows are the file's first rows
    const firstId = (await cell(p, 0, "id").textContent())?.trim();
    expect(lines[1]!.split(",")[0]).toBe(firstId);
    await p.check("[data-testid=export-all]");
    expect((await save()).length).toBe(5001);
    await p.click("[data-testid=n-review]");
  });

  it("counts the criteria each patient fails and filters the near misses (exactly one)", async () => {
    const p = app.page;
    const fails = Array.from(status, (_, i) =>
      expected.verdicts.reduce((n, v) => n + (v[i] === 1 ? 1 : 0), 0),
    );
    expect(await cell(p, 0, "fails").textContent()).toBe(String(fails[0]));
    await p.check("[data-testid=near-miss]");
    const near = fails.filter((f) => f === 1).length;
    const shown = async () =>
      Number(
        ((await p.textContent("[data-testid=shown]")) ?? "").split(" of")[0]!.replace(/\D/g, ""),
      );
    await expect.poll(shown).toBe(near);
    const first = fails.findIndex((f) => f === 1);
    expect((await cell(p, 0, "id").textContent())?.trim()).toBe(idOf(first));
    await p.uncheck("[data-testid=near-miss]");
  });
});
