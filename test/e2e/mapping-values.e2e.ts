/**
 * The mapping step on a hand-written German export: values the mapping does not understand are
 * counted in the header, a column chosen by hand takes its header's unit, an implausible unit
 * must be decided before "Confirm", a value is recoded in place, and a row being fixed in
 * "needs attention" stays where it is; starting over asks first, in the page.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { FILES, launch, openApp, pickColumn, type AppPage } from "./browser.ts";

const RESPONSES = ["komplett", "partiell", "kein", "unklar"];
// ("Blutfarbstoff": a haemoglobin header no name match maps, so it is chosen by hand)
const lines = ["Pat-Nr;Geburtsdatum;Geschlecht;Kreatinin (µmol/l);Blutfarbstoff;CD19;Ansprechen"];
for (let i = 0; i < 40; i++)
  lines.push(
    [
      `P${100 + i}`,
      `${String(1 + (i % 28)).padStart(2, "0")}.0${1 + (i % 9)}.19${60 + i}`,
      "W",
      `${60 + i},5`,
      `${11 + (i % 5)},${i % 10}`,
      i % 7 === 0 ? "fraglich" : i % 2 ? "pos." : "neg.",
      RESPONSES[i % 4],
    ].join(";"),
  );
// "fraglich" in rows 0, 7, 14, 21, 28, 35 (6); "unklar" in rows 3, 7, ..., 39 (10)
const file = join(FILES, "german-export.csv");

describe("the mapping step on a foreign export", () => {
  let browser: Browser;
  let app: AppPage;
  const row = (variable: string) => app.page.locator(`tr[data-variable="${variable}"]`);
  const notUnderstood = async () =>
    (await app.page.textContent("[data-testid=not-understood]"))!.replace(/\s+/g, " ").trim();

  beforeAll(async () => {
    mkdirSync(FILES, { recursive: true });
    writeFileSync(file, lines.join("\r\n") + "\r\n");
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    await app.page.setInputFiles("[data-testid=file-input]", file);
    await app.page.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("maps the local columns by hand; the header's unit is shown with its source", async () => {
    for (const [variable, column] of <[string, string][]>[
      ["creatinine", "Kreatinin (µmol/l)"],
      ["haemoglobin", "Blutfarbstoff"],
      ["cd19_positive", "CD19"],
      ["therapy_response", "Ansprechen"],
      ["sex", "Geschlecht"],
    ])
      await pickColumn(app.page, variable, column);
    await vi.waitFor(
      async () =>
        expect(await row("creatinine").locator("[data-testid=unit-source]").textContent()).toMatch(
          /from the header/,
        ),
      { timeout: 20_000 },
    );
    expect(
      await row("creatinine")
        .locator('select[aria-label="Unit of creatinine in the file"]')
        .inputValue(),
    ).toBe("umol/L");
  });

  it("counts the values it did not understand in the step's header", async () => {
    await vi.waitFor(
      async () =>
        expect(await notUnderstood()).toMatch(
          /^16 values in 2 mapped columns were not understood: they are read as missing\. Recode them/,
        ),
      { timeout: 20_000 },
    );
    expect(await row("cd19_positive").textContent()).toMatch(/6 not understood: “fraglich”/);
  });

  it("lists an implausible unit first and needs a choice before Confirm", async () => {
    const checks = app.page.locator("[data-testid=unit-checks]");
    await vi.waitFor(async () => expect(await checks.textContent()).toMatch(/haemoglobin/), {
      timeout: 20_000,
    });
    expect(await checks.textContent()).toMatch(/plausible in g\/dL/);
    expect(await app.page.locator("[data-testid=confirm-mapping]").isDisabled()).toBe(true);
    await app.shot("mapping-values-1-unit-check");
    await checks.locator("button", { hasText: "Use g/dL" }).click();
    await vi.waitFor(async () => expect(await checks.count()).toBe(0), { timeout: 20_000 });
    expect(await app.page.locator("[data-testid=confirm-mapping]").isDisabled()).toBe(false);
  });

  it("recodes a value in place: it is understood and saved in the mapping", async () => {
    const r = row("therapy_response");
    await r.locator("details.recode summary").click();
    await r
      .locator('select[aria-label="Ansprechen: what “unklar” becomes"]')
      .selectOption("partial");
    await vi.waitFor(
      async () =>
        expect(await notUnderstood()).toMatch(
          /^6 values in 1 mapped column were not understood: they are read as missing\. Recode them/,
        ),
      { timeout: 20_000 },
    );
    await r.locator("details.recode summary").scrollIntoViewIfNeeded();
    await app.shot("mapping-values-2-recoded");
    const [download] = await Promise.all([
      app.page.waitForEvent("download"),
      app.page.click("button:has-text('Save mapping')"),
    ]);
    const saved = JSON.parse(
      await new Promise<string>((res, rej) => {
        void download.createReadStream().then((s) => {
          let t = "";
          s.on("data", (c) => (t += c));
          s.on("end", () => res(t));
          s.on("error", rej);
        });
      }),
    );
    expect(saved.columns.therapy_response.values).toEqual({ unklar: "partial" });
  });

  it("keeps a row in place in 'needs attention' while it is fixed", async () => {
    await app.page.locator("label", { hasText: "needs attention" }).locator("input").check();
    const before = await app.page.locator("tr[data-variable]").count();
    expect(await row("ln_class").count()).toBe(1);
    await pickColumn(app.page, "ln_class", "Ansprechen");
    // the row is still listed (now mapped), and the shared column is flagged
    expect(await app.page.locator("tr[data-variable]").count()).toBe(before);
    await vi.waitFor(async () =>
      expect(await row("ln_class").locator("[data-testid=shared-column]").textContent()).toMatch(
        /also feeds therapy_response/,
      ),
    );
    await app.shot("mapping-values-3-attention");
    expect(app.errors).toEqual([]);
  });

  it("asks in the page before starting over with a mapping to lose", async () => {
    await app.page.click("[data-testid=mapping] button:has-text('Start again')");
    const q = app.page.locator("[data-testid=question]");
    await q.waitFor({ state: "visible" });
    expect(await q.textContent()).toMatch(/Start again\? The mapping and the screen/);
    await q.locator("button", { hasText: "Cancel" }).click();
    await q.waitFor({ state: "hidden" });
    expect(await app.page.locator("[data-testid=mapping]").count()).toBe(1);
  });
});
