/**
 * The mapping step as an analyst works, on a hand-written French export with a title line, a
 * blank line, a line break inside a quoted cell and two footer rows: the quality panel reports
 * the file's structure as the reader found it; the header line can be chosen (the file is read
 * again); the column picker is searched, shows sample values and which variable reads a column;
 * a score's components are not an alarm once its total is mapped; "Confirm" needs a mapped
 * column; an open value list never pushes the variable names out of view.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { FILES, launch, openApp, pickColumn, type AppPage } from "./browser.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";

const rows = [
  "Extraction registre lupus - site 4",
  "",
  "PatientID;DOB;SLEDAI2K;UPCR;Sexe;Remarque",
];
for (let i = 0; i < 30; i++) {
  rows.push(
    [
      `P${String(i + 1).padStart(3, "0")}`,
      `19${60 + i}-0${1 + (i % 9)}-1${i % 10}`,
      String(4 + (i % 12)),
      `${i % 3},${i % 10}`,
      i % 2 ? "F" : "M",
      i === 5 ? '"suivi\r\nà revoir"' : "ok",
    ].join(";"),
  );
  if (i === 14) rows.push("");
}
rows.push("Total;30", "Source : DPI - extrait le 01/03/2025");
const text = rows.join("\r\n") + "\r\n";
const file = join(FILES, "french-export.csv");
const nothing = join(FILES, "no-known-columns.csv");

describe("the mapping step as an analyst works", () => {
  let browser: Browser;
  let app: AppPage;
  const row = (variable: string) => app.page.locator(`tr[data-variable="${variable}"]`);
  const structure = () => app.page.locator("[data-testid=file-structure]");

  beforeAll(async () => {
    mkdirSync(FILES, { recursive: true });
    writeFileSync(file, text);
    writeFileSync(nothing, "Feld A;Feld B\nx;1\ny;2\n");
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    await app.page.setInputFiles("[data-testid=file-input]", file);
    await app.page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the file's structure as the reader found it", async () => {
    const st = parseCsvText(text).structure!;
    // the file as written: a title and a blank line above the header, two footer rows
    expect(st).toMatchObject({ headerLine: 3, prefaces: 1, blankBefore: 1, footers: 2 });
    const panel = (await structure().textContent())!.replace(/\s+/g, " ");
    expect(panel).toContain(
      "37 lines; header on line 3, below 1 title or note line and 1 blank line",
    );
    // 37 lines - 3 (header and above) - 1 blank - 2 footers = 31 data lines; 2 joined in one row
    expect(panel).toContain(
      "31 data lines read as 30 rows: 1 line joined into the row above (line breaks inside quoted cells)",
    );
    expect(panel).toContain("2 footer rows (totals or notes) below the data, not read as patients");
    expect(panel).toContain("1 blank line among the data, skipped");
    await app.shot("mapping-step-1-structure");
  });

  it("reads the file again with the header line chosen, and back", async () => {
    await structure().locator("[data-testid=header-line]").fill("1");
    await structure().locator("button", { hasText: "Read again" }).click();
    await vi.waitFor(
      async () => expect(await structure().textContent()).toMatch(/header on line 1\s*\(chosen\)/),
      { timeout: 30_000 },
    );
    expect(await app.page.textContent("[data-testid=mapping] header p")).toMatch(
      /35 rows, 1 columns/,
    );
    await structure().locator("button", { hasText: "detect it" }).click();
    await vi.waitFor(
      async () => expect(await structure().textContent()).toMatch(/header on line 3,/),
      { timeout: 30_000 },
    );
    expect(await app.page.textContent("[data-testid=mapping] header p")).toMatch(
      /30 rows, 6 columns/,
    );
  });

  it("searches the column picker, with sample values and the variables using a column", async () => {
    await app.page.click('button.pick[data-variable="creatinine"]');
    const list = app.page.locator('[id="pick-creatinine-list"] [role=option]');
    // every column and "not in file"
    expect(await list.count()).toBe(7);
    const upcr = list.filter({ hasText: "UPCR" });
    expect(await upcr.textContent()).toContain("“1.1”");
    expect(await upcr.textContent()).toContain("used by upcr");
    await app.shot("mapping-step-2-picker");
    // typing filters by name or value
    await app.page.fill(`input[aria-label="Search the file's columns for creatinine"]`, "sex");
    expect(await list.count()).toBe(2);
    expect(await list.nth(1).textContent()).toMatch(/Sexe\s*“M” “F”|Sexe\s*“F” “M”/);
    await app.shot("mapping-step-2-picker-search");
    await app.page.keyboard.press("Escape");
    expect(await list.count()).toBe(0);
  });

  it("flags a column feeding two variables of different types", async () => {
    await pickColumn(app.page, "creatinine", "UPCR");
    const flag = row("creatinine").locator("[data-testid=shared-column]");
    await flag.waitFor();
    expect(await flag.textContent()).toMatch(/also feeds upcr/);
    // a number for a number: meaningful, a note, not a warning
    expect(await flag.getAttribute("class")).toContain("muted");
    await pickColumn(app.page, "therapy_response", "UPCR");
    const mixed = row("therapy_response").locator("[data-testid=shared-column]");
    await mixed.waitFor();
    expect(await mixed.textContent()).toMatch(/also feeds .*upcr.*\(another type\)/);
    expect(await mixed.getAttribute("class")).toContain("warn");
    await pickColumn(app.page, "creatinine", null);
    await pickColumn(app.page, "therapy_response", null);
    expect(await flag.count()).toBe(0);
  });

  it("does not raise a score's components when its total is mapped", async () => {
    // SLEDAI2K is auto-mapped to the total: its 24 items are fallbacks
    const header = app.page.locator("[data-testid=mapping] header p").first();
    expect(await header.textContent()).toMatch(/not needed \(what is mapped decides/);
    const item = row("sledai_seizure");
    expect(await item.locator("[data-testid=not-needed]").getAttribute("title")).toMatch(
      /sledai2k_total decides/,
    );
    expect(await item.getAttribute("class")).not.toMatch(/unmapped/);
    await app.page.locator("label", { hasText: "needs attention" }).locator("input").check();
    expect(await item.count()).toBe(0);
    // without the total the items are needed again
    await app.page
      .locator("label", { hasText: /^\s*all/ })
      .locator("input")
      .check();
    await pickColumn(app.page, "sledai2k_total", null);
    await vi.waitFor(async () =>
      expect(await item.locator(".conf").textContent()).toMatch(/unmapped/),
    );
    await pickColumn(app.page, "sledai2k_total", "SLEDAI2K");
  });

  it("keeps the variable names in view when a value list is open", async () => {
    await pickColumn(app.page, "sex", "Sexe");
    const r = row("sex");
    await r.locator("details.recode summary").waitFor({ timeout: 20_000 });
    await r.locator("details.recode summary").click();
    await r.locator("details.recode summary").scrollIntoViewIfNeeded();
    const box = await app.page.evaluate(() => {
      const wrap = document.querySelector(".table-wrap")!;
      const name = document.querySelector('tr[data-variable="sex"] .var')!;
      return {
        scrollLeft: wrap.scrollLeft,
        wide: wrap.scrollWidth - wrap.clientWidth,
        wrapLeft: wrap.getBoundingClientRect().left,
        nameLeft: name.getBoundingClientRect().left,
      };
    });
    expect(box.scrollLeft).toBe(0);
    expect(box.wide).toBeLessThanOrEqual(0);
    expect(box.nameLeft).toBeGreaterThanOrEqual(box.wrapLeft);
    await app.shot("mapping-step-3-values-open");
    expect(app.errors).toEqual([]);
  });

  it("keeps Confirm disabled while nothing is mapped", async () => {
    const p = await openApp(browser, inject("baseUrl"));
    await p.page.setInputFiles("[data-testid=file-input]", nothing);
    await p.page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    const confirm = p.page.locator("[data-testid=confirm-mapping]");
    expect(await confirm.isDisabled()).toBe(true);
    expect(await confirm.getAttribute("title")).toMatch(/Map at least one column/);
    await pickColumn(p.page, "upcr", "Feld B");
    expect(await confirm.isDisabled()).toBe(false);
    await p.page.context().close();
  });
});
