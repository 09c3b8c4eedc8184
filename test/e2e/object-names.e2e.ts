/**
 * Names that are members of every JavaScript object (`constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`) in the app: a protocol file whose variables are so named, an extract whose
 * columns are so named in another order, and a saved mapping file that says which column feeds
 * which variable. The mapping step lists them (the column picker too), and the screen gives the
 * counts of the same data under ordinary names, with the raw columns in the grid.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getBuiltin } from "../../src/protocols/index.ts";
import { synthForProtocol } from "../../src/synth/index.ts";
import { OBJECT_VARS, renameHeader, T2D_VARS_TEXT } from "../support/object-names.ts";
import { counts, FILES, launch, num, openApp, type AppPage } from "./browser.ts";
import { screenCsv } from "./pipeline.ts";

const csv = [...synthForProtocol(getBuiltin("example-t2d")!, { rows: 600, seed: 2 }).chunks()].join(
  "",
);
const nl = csv.indexOf("\n");
const header = csv.slice(0, nl).split(",");
const files = {
  csv: join(FILES, "object-names.csv"),
  protocol: join(FILES, "object-names.json"),
  mapping: join(FILES, "object-names-mapping.json"),
};

describe("object-member names in the app", () => {
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    mkdirSync(FILES, { recursive: true });
    writeFileSync(files.csv, renameHeader(csv.slice(0, nl)) + csv.slice(nl));
    writeFileSync(files.protocol, T2D_VARS_TEXT.replace('"example-t2d"', '"object-names"'));
    // JSON text by hand: each renamed variable reads the column OBJECT_VARS names for it
    const entries = header.map((h) => {
      const v = OBJECT_VARS.find(([a]) => a === h);
      return `"${v ? v[1] : h}":{"column":"${v ? v[2] : h}"}`;
    });
    writeFileSync(
      files.mapping,
      `{"version":1,"protocol":"object-names","columns":{${entries.join(",")}}}`,
    );
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("maps variables so named from columns so named, by a saved mapping file", async () => {
    const p = app.page;
    await p.setInputFiles('input[aria-label="Protocol JSON file"]', files.protocol);
    await expect.poll(() => p.inputValue("[data-testid=protocol-select]")).toBe("object-names");
    await p.setInputFiles("[data-testid=file-input]", files.csv);
    await p.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    await p.setInputFiles('input[aria-label="Mapping JSON file"]', files.mapping);
    const pick = (variable: string) => p.locator(`button.pick[data-variable="${variable}"]`);
    for (const [, variable, column] of OBJECT_VARS)
      await expect.poll(() => pick(variable).textContent()).toBe(column);
    const text = (await p.textContent("[data-testid=mapping]")) ?? "";
    const m = /(\d+) of (\d+) protocol variables mapped/.exec(text);
    expect(m, text.slice(0, 400)).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]));
    // the picker lists the file's columns by their names and the variable each one feeds
    await pick("constructor").click();
    const list = p.locator('[id="pick-constructor-list"] [role=option]');
    const options = (await list.allTextContents()).join("\n");
    for (const [, , column] of OBJECT_VARS) expect(options).toContain(column);
    await app.shot("object-names-picker");
    await p.keyboard.press("Escape");
    expect(app.errors).toEqual([]);
  }, 120_000);

  it("screens with the counts of the ordinary names and shows the raw columns", async () => {
    const p = app.page;
    await p.click("[data-testid=confirm-mapping]");
    await p.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const want = screenCsv(csv, "example-t2d");
    expect(await counts(app)).toEqual({
      eligible: want.counts.eligible,
      needsReview: want.counts.needsReview,
      ineligible: want.counts.ineligible,
    });
    // every patient fails some criterion in this extract: the failures per criterion decide
    await p.click("#tab-analysis");
    await p.waitForSelector("g.row [data-part=fail]", { timeout: 30_000 });
    const labels = await p
      .locator("g.row [data-part=fail]")
      .evaluateAll((gs) => gs.map((g) => g.getAttribute("aria-label") ?? ""));
    const shown = Object.fromEntries(
      labels.map((l) => [l.split(" ")[0], num(l.slice(l.lastIndexOf(": ")).split(" ")[1] ?? "")]),
    );
    const failing = Object.fromEntries(
      want.perCriterion.filter((c) => c.failing > 0).map((c) => [c.id, c.failing]),
    );
    // (I5 reads constructor, E1 toString, I6 __proto__, E6 hasOwnProperty)
    expect(Object.keys(failing)).toEqual(expect.arrayContaining(["I5", "E1", "I6", "E6"]));
    expect(shown).toEqual(failing);
    // the raw data beside the verdicts: a column per variable, under its own name
    type Grid = {
      getAllGridColumns(): { getColId(): string }[];
      ensureColumnVisible(id: string): void;
    };
    await p.check("[data-testid=show-raw]");
    await p.waitForFunction(() =>
      (window as unknown as { __grid: Grid }).__grid
        .getAllGridColumns()
        .some((c) => c.getColId() === "r:__proto__"),
    );
    const ids = await p.evaluate(() =>
      (window as unknown as { __grid: Grid }).__grid.getAllGridColumns().map((c) => c.getColId()),
    );
    for (const [, variable] of OBJECT_VARS) expect(ids).toContain(`r:${variable}`);
    await p.evaluate(() =>
      (window as unknown as { __grid: Grid }).__grid.ensureColumnVisible("r:__proto__"),
    );
    const head = p.locator('.ag-header-cell[col-id="r:__proto__"]');
    await expect.poll(() => head.textContent()).toContain("__proto__");
    await app.shot("object-names-screen");
    expect(app.errors).toEqual([]);
  }, 120_000);
});
