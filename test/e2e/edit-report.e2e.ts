import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openApp, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

describe("cell edits, exports, the report and the dark theme", () => {
  let browser: Browser;
  let app: AppPage;
  const expected = screenCsv(demoCsv(5000));
  const i4 = expected.protocol.criteria.findIndex((c) => c.id === "I4");
  const upcr = expected.table.columns["upcr"]!;
  const prot = expected.table.columns["protein_24h"];
  // a patient near the top with UPCR and 24-h protein missing: I4 is unknown for them
  const row = [...Array(60).keys()].find(
    (i) =>
      upcr.kind === "number" &&
      Number.isNaN(upcr.lo[i]!) &&
      expected.verdicts[i4]![i] === 2 &&
      (!prot || (prot.kind === "number" && Number.isNaN(prot.lo[i]!))),
  )!;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    app.markLoaded();
    await app.page.click("[data-testid=demo]");
    await app.page.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("fills a missing UPCR for one patient: the row's I4 verdict turns to pass and the edit is listed", async () => {
    expect(row).toBeGreaterThanOrEqual(0);
    const p = app.page;
    await p.check("[data-testid=show-raw]");
    await p.evaluate((r) => {
      const g = (
        window as unknown as {
          __grid: {
            ensureIndexVisible(i: number, pos: string): void;
            ensureColumnVisible(c: string): void;
          };
        }
      ).__grid;
      g.ensureIndexVisible(r, "top");
      g.ensureColumnVisible("r:upcr");
    }, row);
    const cell = p.locator(`.ag-row[row-index="${row}"] .ag-cell[col-id="r:upcr"]`);
    await cell.dblclick();
    await p.keyboard.type("2.5");
    await p.keyboard.press("Enter");
    await p.waitForSelector(`.ag-row[row-index="${row}"] .ag-cell[col-id="r:upcr"].edited`);
    expect((await cell.textContent())?.trim()).toBe("2.5");
    await p.evaluate(() =>
      (
        window as unknown as { __grid: { ensureColumnVisible(c: string): void } }
      ).__grid.ensureColumnVisible("c:I4"),
    );
    const verdict = p.locator(`.ag-row[row-index="${row}"] .ag-cell[col-id="c:I4"]`);
    await p.waitForFunction(
      (r) =>
        document
          .querySelector(`.ag-row[row-index="${r}"] .ag-cell[col-id="c:I4"]`)
          ?.classList.contains("v-pass"),
      row,
    );
    expect((await verdict.textContent())?.trim()).toBe("✓");
    await p.click("#tab-edits");
    expect(await p.textContent("#panel-edits")).toContain("upcr = 2.5");
    await app.shot("06-edit");
    await p.click("#panel-edits >> text=revert");
    await p.waitForFunction(
      (r) =>
        document
          .querySelector(`.ag-row[row-index="${r}"] .ag-cell[col-id="c:I4"]`)
          ?.classList.contains("v-unknown"),
      row,
    );
  });

  it("downloads a per-patient CSV that agrees with the engine", async () => {
    const p = app.page;
    await p.click("#tab-export");
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.click("[data-testid=export-csv]"),
    ]);
    const text = readFileSync((await download.path())!, "utf8");
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBe(5001);
    const statuses = lines.slice(1).map((l) => l.split(",")[1]);
    expect(statuses.filter((s) => s === "eligible").length).toBe(expected.counts.eligible);
    const col = lines[0]!.split(",").indexOf("I4");
    const words = ["pass", "fail", "unknown", "site-assessed"];
    lines
      .slice(1)
      .forEach((l, i) => expect(l.split(",")[col]).toBe(words[expected.verdicts[i4]![i]!]));
  });

  it("shows the printable report with suppressed small cells", async () => {
    const p = app.page;
    await p.click("[data-testid=print]");
    await p.waitForSelector("[data-testid=report]");
    // the solver (WebAssembly under the page's CSP) proves the suppression, then the report shows
    await p.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    const text = (await p.textContent("[data-testid=report]")) ?? "";
    expect(text).toContain("Feasibility report");
    expect(text).toContain("Checked with HiGHS");
    expect(text).not.toContain("<11");
    // a threshold under the floor is refused with a message, not applied
    await p.fill("[data-testid=threshold]", "3");
    expect(await p.textContent("[data-testid=report-error]")).toMatch(/below the floor of 5/);
    await p.fill("[data-testid=threshold]", "11");
    await p.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    // the downloaded JSON: one marker, the rule, no file name unless asked for
    // the download joins the ledger and the page re-audits its report (slow on a loaded machine)
    const [dl] = await Promise.all([
      p.waitForEvent("download", { timeout: 180_000 }),
      p.click("text=Download JSON", { timeout: 180_000 }),
    ]);
    const json = JSON.parse(readFileSync((await dl.path())!, "utf8"));
    expect(json.version).toBe(2);
    expect(json.suppression.display).toBe("*");
    expect(json.source.name).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain('"primary"');
    // later reports of this extract are audited with the one just exported
    await p.waitForSelector("text=checked together with the 1 report(s)", { timeout: 120_000 });
    // the same report again (audited in the worker with the one exported): every count the
    // first published is still published (it once hid them all, "* patients")
    await p.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    const again = (await p.textContent("[data-testid=report]")) ?? "";
    expect(again).not.toContain("· * patients");
    const firstHeadline = json.headline as Record<string, unknown>;
    expect(typeof firstHeadline.eligible).toBe("number");
    const [dl2] = await Promise.all([p.waitForEvent("download"), p.click("text=Download JSON")]);
    const json2 = JSON.parse(readFileSync((await dl2.path())!, "utf8"));
    expect(json2.headline).toEqual(json.headline);
    expect(json2.criteria).toEqual(json.criteria);
    expect(json2.suppression.audit.reports).toBe(2);
    await p.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    // a report file of this extract joins the ledger; one of another extract is refused
    expect(json.source.fingerprint).toMatch(/^fnv1a64:/);
    const other = join(tmpdir(), `other-extract-${process.pid}.json`);
    writeFileSync(other, JSON.stringify({ ...json, source: { ...json.source, rows: 40 } }));
    await p.setInputFiles("[data-testid=earlier-report]", other);
    expect(await p.textContent("[data-testid=ledger-error]")).toMatch(
      /a report of 40 rows; this extract has 5000/,
    );
    await p.setInputFiles("[data-testid=earlier-report]", (await dl.path())!);
    await p.waitForSelector("text=checked together with the 3 report(s)");
    await p.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    expect(await p.textContent("[data-testid=report]")).not.toContain("· * patients");
    await app.shot("07-report");
    await p.emulateMedia({ media: "print" });
    await app.shot("08-report-print");
    await p.emulateMedia({ media: "screen" });
    await p.click("text=Back to the screen");
    await p.waitForSelector(".ag-cell.verdict");
  }, 400_000);

  it("switches to the dark theme", async () => {
    const p = app.page;
    await p.click("[data-testid=theme]");
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await p.click("#tab-analysis");
    // the grid follows: its own background (header, id and status cells) turns dark too (it
    // stayed light once)
    await p.waitForFunction(() => {
      const el = document.querySelector(".ag-root-wrapper");
      const m = el && /(\d+), (\d+), (\d+)/.exec(getComputedStyle(el).backgroundColor);
      return !!m && Number(m[1]) + Number(m[2]) + Number(m[3]) < 250;
    });
    await app.shot("09-dark");
  });

  it("used the evaluation workers, asked no other origin, nothing at all after load, no errors", () => {
    const origin = new URL(inject("baseUrl")).origin;
    expect(app.requests.some((r) => /eval\.worker/.test(r.url))).toBe(true);
    const bad = app.requests.filter(
      (r) =>
        !r.url.startsWith("blob:") &&
        !r.url.startsWith("data:") &&
        (!r.url.startsWith(origin) || r.afterLoad),
    );
    expect(bad).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
