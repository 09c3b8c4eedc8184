/**
 * Protocol authoring in real Chromium: write a new criterion in the editor (autocomplete, a
 * deliberate misspelling reported inline with a suggestion, fixed), apply it and see the
 * counts change to what the engine gives in Node; then edit the rule in the formula bar above
 * the grid (an error blocks Enter, Esc reverts, a valid rule re-screens).
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { ResultSet } from "../../src/engine/results/index.ts";
import { launch, num, openApp, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

const base = screenCsv(demoCsv(5000));

/** Counts of the seed protocol plus one exclusion, computed in Node. */
function countsWith(id: string, rule: string) {
  const p: Protocol = structuredClone(base.protocol);
  p.criteria.push({ id, kind: "exclusion", label: "Heavy proteinuria", text: "x", rule });
  const { compiled, problems } = compileProtocol(p);
  if (!compiled) throw new Error(problems.map((x) => x.message).join("; "));
  const { verdicts } = evaluateProtocol(compiled, base.table);
  const meta = p.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  return new ResultSet(meta, base.table.nRows, verdicts).counts();
}

describe("protocol editor and formula bar", () => {
  let browser: Browser;
  let app: AppPage;
  let newId = "";

  const eligible = async () => num(await app.page.textContent("[data-testid=n-eligible]"));

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    await app.page.click("[data-testid=demo]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    // from here on (editing, applying, re-screening) the page must not fetch anything
    app.markLoaded();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("screens the demo with the seed protocol's counts", async () => {
    expect(await eligible()).toBe(base.counts.eligible);
  });

  it("writes a new exclusion with autocomplete and sees a misspelt variable reported with a fix", async () => {
    const p = app.page;
    await p.click("[data-testid=edit-protocol]");
    await p.waitForSelector("[data-testid=editor]");
    await p.click("[data-testid=add-exclusion]");
    newId = await p.inputValue("#crit-id");
    expect(newId).toMatch(/^E\d+/);
    await p.fill("#crit-label", "Heavy proteinuria");
    await p.fill("[data-testid=crit-text]", "UPCR of 3 g/g or more");
    // a deliberate misspelling
    await p.click("#crit-rule");
    await p.keyboard.type("uprc >= 3 g/g", { delay: 10 });
    await p.keyboard.press("Escape");
    const problems = p.locator("#crit-rule-problems");
    await expect.poll(() => problems.textContent()).toContain("unknown variable 'uprc'");
    expect(await p.locator("[data-testid=criterion-form] button.fix").first().textContent()).toBe(
      "Replace with upcr",
    );
    expect(await p.getAttribute("#crit-rule", "aria-invalid")).toBe("true");
    expect(await p.locator("[data-testid=criterion-form] .mirror .err").first().textContent()).toBe(
      "uprc",
    );
    expect(await p.isDisabled("[data-testid=apply-protocol]")).toBe(true);
    expect(await p.textContent("[data-testid=editor-status]")).toContain(`/criteria/`);
    await app.shot("editor-1-error");

    // retype it with autocomplete: "upc" lists upcr first, Tab accepts
    await p.click("#crit-rule");
    await p.keyboard.press("Control+A");
    await p.keyboard.press("Backspace");
    await p.keyboard.type("upc", { delay: 20 });
    await p.waitForSelector("#crit-rule-list [role=option]");
    expect(await p.getAttribute("#crit-rule", "aria-expanded")).toBe("true");
    const first = p.locator("#crit-rule-list [role=option]").first();
    expect(await first.getAttribute("aria-selected")).toBe("true");
    expect(await first.locator(".label").textContent()).toBe("upcr");
    await app.shot("editor-2-autocomplete");
    await p.keyboard.press("Tab");
    await p.keyboard.type(" >= 3 g/g", { delay: 10 });
    await p.keyboard.press("Escape");
    expect(await p.inputValue("#crit-rule")).toBe("upcr >= 3 g/g");
    await expect.poll(() => problems.textContent()).toBe("");
    await expect.poll(() => p.textContent("[data-testid=editor-status]")).toContain("No problems");
    await app.shot("editor-3-fixed");

    // keyboard reordering in the list: Alt+Up moves the new criterion above its neighbour
    const order = () =>
      p.$$eval("[data-testid=criteria-list] li .id", (els) => els.map((e) => e.textContent));
    const before = await order();
    await p.focus("[data-testid=criteria-list]");
    await p.keyboard.press("Alt+ArrowUp");
    const moved = await order();
    const k = before.indexOf(newId);
    expect(moved.indexOf(newId)).toBe(k - 1);
    expect(moved[k]).toBe(before[k - 1]);
    await p.keyboard.press("Alt+ArrowDown");
    expect(await order()).toEqual(before);
  });

  it("applies the protocol and the counts change to the engine's", async () => {
    const p = app.page;
    const want = countsWith(newId, "upcr >= 3 g/g");
    expect(want.eligible).not.toBe(base.counts.eligible);
    await p.click("[data-testid=apply-protocol]");
    // the app may stay in the editor (with an "Applied" note) or return to the screen
    const editorOpen = () => p.locator("[data-testid=editor]").count();
    await expect
      .poll(async () =>
        (await editorOpen()) === 0
          ? "closed"
          : ((await p.textContent("[data-testid=editor-status]")) ?? ""),
      )
      .toMatch(/closed|Applied/);
    if (await editorOpen()) await p.click("[data-testid=close-editor]");
    await p.waitForSelector("[data-testid=formula-bar]");
    await expect.poll(eligible, { timeout: 30_000 }).toBe(want.eligible);
    expect(num(await p.textContent("[data-testid=n-review]"))).toBe(want.needsReview);
    expect(num(await p.textContent("[data-testid=n-ineligible]"))).toBe(want.ineligible);
  });

  it("selects the criterion from a grid cell and edits its rule in the formula bar", async () => {
    const p = app.page;
    await p.evaluate(
      (id) =>
        (
          window as unknown as { __grid: { ensureColumnVisible(c: string): void } }
        ).__grid.ensureColumnVisible(`c:${id}`),
      newId,
    );
    await p.click(`.ag-row[row-index="0"] .ag-cell[col-id="c:${newId}"]`);
    await expect.poll(() => p.inputValue("[data-testid=fx-name]")).toBe(newId);
    expect(await p.inputValue("#fx-rule")).toBe("upcr >= 3 g/g");

    // an error: Enter does not apply, the problem shows inline
    const before = await eligible();
    await p.click("#fx-rule");
    await p.keyboard.press("Control+A");
    await p.keyboard.type("upcrr >= 2 g/g", { delay: 10 });
    await p.keyboard.press("Enter");
    await expect.poll(() => p.textContent("#fx-rule-problems")).toContain("did you mean 'upcr'");
    expect(await p.textContent("[data-testid=fx-note]")).toContain("Fix the rule first");
    expect(await eligible()).toBe(before);
    await app.shot("editor-4-formula-error");

    // Esc reverts to the running rule
    await p.keyboard.press("Escape");
    expect(await p.inputValue("#fx-rule")).toBe("upcr >= 3 g/g");

    // a valid rule: Enter re-screens
    const want = countsWith(newId, "upcr >= 2 g/g");
    await p.click("#fx-rule");
    await p.keyboard.press("Control+A");
    await p.keyboard.type("upcr >= 2 g/g", { delay: 10 });
    await p.keyboard.press("Enter");
    await expect.poll(eligible, { timeout: 30_000 }).toBe(want.eligible);
    expect(num(await p.textContent("[data-testid=n-review]"))).toBe(want.needsReview);
    expect(await p.textContent("[data-testid=fx-note]")).toContain(`${newId} updated`);
    await app.shot("editor-5-formula-applied");
  });

  it("exports the running protocol as JSON and lists every problem of a bad import with its JSON path", async () => {
    const p = app.page;
    await p.click("[data-testid=edit-protocol]");
    await p.waitForSelector("[data-testid=editor]");
    // the editor opens on the running protocol: the formula bar's change is in it
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.click("[data-testid=export-json]"),
    ]);
    const text = readFileSync((await download.path())!, "utf8");
    const doc = JSON.parse(text) as Protocol;
    expect(doc.criteria.find((c) => c.id === newId)?.rule).toBe("upcr >= 2 g/g");
    expect(doc.criteria.length).toBe(base.protocol.criteria.length + 1);

    const bad = structuredClone(doc) as unknown as { criteria: Record<string, unknown>[] };
    bad.criteria[0]!.kind = "include";
    delete bad.criteria[1]!.text;
    await p.setInputFiles("[data-testid=import-json]", {
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const box = p.locator("[data-testid=import-problems]");
    await box.waitFor();
    const listed = await box.textContent();
    expect(listed).toContain("/criteria/0/kind");
    expect(listed).toContain("/criteria/1");
    expect(listed).toContain("unchanged");
    await p.click("#ed-tab-parameters");
    await p.waitForSelector("[data-testid=parameters]");
    await app.shot("editor-6-import-problems-parameters");
    // the rule colours in the dark theme
    await p.click("#ed-tab-criteria");
    await p.click(`[data-testid=criteria-list] li:has-text("${newId}")`);
    await p.click("[data-testid=theme]");
    await p.click("#crit-rule");
    await p.keyboard.press("End");
    await p.keyboard.type(" and not (sledai_min > 3 or ln_class in ('III', 'IV')) and sledai_m", {
      delay: 5,
    });
    await app.shot("editor-7-dark");
    await p.keyboard.press("Escape");
    await p.click("[data-testid=theme]");
    await p.click("[data-testid=close-editor]");
    await p.waitForSelector("[data-testid=formula-bar]");
  });

  it("made no network request while editing and logged no errors", () => {
    expect(app.requests.filter((r) => r.afterLoad && !r.url.startsWith("blob:"))).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
