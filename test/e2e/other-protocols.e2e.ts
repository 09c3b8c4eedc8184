/**
 * The heart-failure and rheumatoid-arthritis protocols screen their synthetic extracts in the
 * app: chosen on the start screen, the file read, mapped by name, and the same counts as the
 * engine gives in Node.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getBuiltin } from "../../src/protocols/index.ts";
import { synthForProtocol } from "../../src/synth/index.ts";
import { counts, FILES, launch, openApp } from "./browser.ts";
import { screenCsv } from "./pipeline.ts";

const ROWS = 2000;

describe.each(["dapa-hf", "ra-mtx-ir"])("the %s protocol in the app", (id) => {
  let browser: Browser;
  const csv = [...synthForProtocol(getBuiltin(id)!, { rows: ROWS, seed: 1 }).chunks()].join("");
  const file = join(FILES, `${id}.csv`);

  beforeAll(async () => {
    mkdirSync(FILES, { recursive: true });
    writeFileSync(file, csv);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("screens its synthetic extract with the engine's counts", async () => {
    const app = await openApp(browser, inject("baseUrl"));
    await app.page.selectOption("[data-testid=protocol-select]", id);
    await app.page.setInputFiles("[data-testid=file-input]", file);
    await app.page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    const text = (await app.page.textContent("[data-testid=mapping]")) ?? "";
    await app.shot(`protocol-${id}-mapping`);
    const m = /(\d+) of (\d+) protocol variables mapped/.exec(text);
    expect(m, text.slice(0, 400)).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2])); // every variable found by its name
    await app.page.click("[data-testid=confirm-mapping]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    const want = screenCsv(csv, id).counts;
    expect(await counts(app)).toEqual({
      eligible: want.eligible,
      needsReview: want.needsReview,
      ineligible: want.ineligible,
    });
    expect(want.eligible).toBeGreaterThan(0);
    expect(await app.page.textContent("body")).toContain(getBuiltin(id)!.criteria[1]!.label);
    await app.shot(`protocol-${id}`);
    expect(app.errors).toEqual([]);
  });
});
