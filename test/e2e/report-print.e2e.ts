/**
 * The printed report a sponsor can file: Chromium's PDF of it, read back with poppler
 * (pdftotext for its words, pdftoppm for its pixels), in the light and the dark theme.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openApp, SCREENS, type AppPage } from "./browser.ts";
import { demoCsv, screenCsv } from "./pipeline.ts";

/** Page `n` of a PDF as RGB pixels (pdftoppm's binary PPM), 50 dpi. */
function pagePixels(pdf: string, n: number): { w: number; h: number; rgb: Buffer } {
  const ppm = execFileSync("pdftoppm", ["-r", "50", "-f", `${n}`, "-l", `${n}`, pdf]);
  // header: "P6\n<w> <h>\n255\n" then w*h*3 bytes
  const head = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString("latin1"))!;
  return { w: Number(head[1]), h: Number(head[2]), rgb: ppm.subarray(head[0].length) };
}

const pdfText = (pdf: string, page?: number) =>
  execFileSync("pdftotext", [
    "-layout",
    ...(page ? ["-f", `${page}`, "-l", `${page}`] : []),
    pdf,
    "-",
  ]).toString("utf8");

/** a whole number as the report prints it ("4 649" with a thin space), as a pattern */
const numRe = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, "[\\s\u2009\u202f]?");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("the printed report", () => {
  let browser: Browser;
  let app: AppPage;
  let json: {
    headline: Record<string, number | { display: string }>;
    parameters: Record<string, string | number | boolean>;
    criteria: { id: string; label: string; failing: number | { display: string } }[];
    asOf: { date: string };
    completeness: { variable: string; column: string; share: string; known?: number }[];
    mapping: { variable: string; column: string; unit: string }[];
    suppression: { rule: string; display: string };
    scenario: { differences: string[] };
  };
  const pdfs: Record<string, string> = {};
  const expected = screenCsv(demoCsv(5000), "ln-cd19-cd70", { upcr_min: 0.5 });

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, inject("baseUrl"));
    const p = app.page;
    await p.click("[data-testid=demo]");
    await p.waitForSelector(".ag-cell.verdict", { timeout: 60_000 });
    // a what-if, so the report has a difference to state
    await p.evaluate(() =>
      (
        globalThis as unknown as {
          __flow: { screen: { setParam(n: string, v: number): Promise<void> } };
        }
      ).__flow.screen.setParam("upcr_min", 0.5),
    );
    await p.click("#tab-export");
    await p.click("[data-testid=print]");
    await p.waitForSelector("[data-testid=rule]", { timeout: 120_000 });
    for (const theme of ["light", "dark"]) {
      if (theme === "dark") {
        await p.click("[data-testid=theme]");
        expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
      }
      pdfs[theme] = join(SCREENS, `report-${theme}.pdf`);
      await p.pdf({ path: pdfs[theme], format: "A4", printBackground: true });
      // pages to look at: test-output/screens/report-<theme>-<n>.png
      execFileSync("pdftoppm", ["-png", "-r", "70", pdfs[theme], pdfs[theme].replace(".pdf", "")]);
    }
    // the JSON of the report just printed (downloading it then adds it to the ledger)
    const [dl] = await Promise.all([
      p.waitForEvent("download", { timeout: 180_000 }),
      p.click("text=Download JSON", { timeout: 180_000 }),
    ]);
    json = JSON.parse(readFileSync((await dl.path())!, "utf8"));
    writeFileSync(join(SCREENS, "report.json"), JSON.stringify(json, null, 2));
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("carries the screening date, every parameter, the what-if and the completeness in its JSON", () => {
    expect(json.asOf.date).toBe("2026-12-01");
    expect(Object.keys(json.parameters).sort()).toEqual(
      expected.protocol.parameters.map((x) => x.name).sort(),
    );
    expect(json.parameters["upcr_min"]).toBe(0.5);
    for (const k of ["eligible", "needsReview", "ineligible"] as const)
      expect(json.headline[k], k).toBe(expected.counts[k]);
    expect(json.scenario.differences.join("\n")).toMatch(/UPCR threshold: 1 → 0.5/);
    // completeness per mapped variable, as bands in a shared report (no exact missing counts)
    const upcr = json.completeness.find((c) => c.variable === "upcr")!;
    const col = expected.table.columns["upcr"]!;
    const known = col.kind === "number" ? [...col.lo].filter((v) => !Number.isNaN(v)).length : -1;
    expect(upcr.known).toBeUndefined();
    const m = /^(?:≥ (\d+)%|(\d+)–(\d+)%)$/.exec(upcr.share)!;
    const lo = Number(m[1] ?? m[2]);
    const hi = m[3] ? Number(m[3]) : 100;
    expect((100 * known) / 5000).toBeGreaterThanOrEqual(lo);
    expect((100 * known) / 5000).toBeLessThan(hi);
    expect(json.mapping.find((x) => x.variable === "upcr")?.column).toBeTruthy();
  });

  it("starts with the headline on page 1, with the date and the suppression rule", () => {
    const one = pdfText(pdfs["light"]!, 1);
    expect(one).toContain("Feasibility report");
    expect(one).toContain("Screening date (as of)");
    expect(one).toContain(json.asOf.date);
    expect(one).toMatch(/Headline/);
    // the three counts as the JSON has them, in the headline's order
    const shown = ["eligible", "needsReview", "ineligible"].map((k) => {
      const c = json.headline[k]!;
      return typeof c === "number" ? numRe(c) : escape(c.display);
    });
    expect(one.replace(/\s+/g, " ")).toMatch(
      new RegExp(`Headline .*${shown[0]} .*${shown[1]} .*${shown[2]} .*Eligible range`),
    );
    expect(one.replace(/\s+/g, " ")).toContain(json.suppression.rule.slice(0, 60));
  });

  it("prints the numbers of its JSON: per criterion, parameters, completeness, mapping", () => {
    const all = pdfText(pdfs["light"]!).replace(/\s+/g, " ");
    for (const c of json.criteria) {
      const f = typeof c.failing === "number" ? numRe(c.failing) : escape(c.failing.display);
      // the criterion's row of the table: id, label, then its failing count
      expect(all, c.id).toMatch(new RegExp(`${escape(`${c.id} ${c.label}`)} ${f} `));
    }
    for (const [name, value] of Object.entries(json.parameters))
      expect(all, name).toMatch(new RegExp(`${name}\\s+${String(value).replace(".", "\\.")}`));
    // a value of 1 takes the singular: "1 month", never "1 months"
    expect(json.parameters["trial_window"]).toBe(1);
    expect(all).toMatch(/trial_window\s+1 month\s+1 month\b/);
    expect(all).not.toMatch(/\b1 (day|week|month|year)s\b/);
    for (const c of json.completeness)
      expect(all, c.variable).toContain(`${c.variable} ${c.column} ${c.share}`);
    expect(all).toContain("Appendix: mapping of the extract");
    for (const m of json.mapping) expect(all, m.variable).toContain(`${m.variable} ${m.column}`);
  });

  it("prints content only: no buttons, hints, handles or sort controls", () => {
    const all = pdfText(pdfs["light"]!);
    for (const word of [
      "Back to the screen",
      "Download JSON",
      "Print / save as PDF",
      "Sort by",
      "Alt+",
      "⋮⋮",
      "The threshold is a whole number",
      "Runs in your browser",
    ])
      expect(all, word).not.toContain(word);
  });

  it("is light on paper from the dark theme too: the same pixels as from the light theme", () => {
    const light = pagePixels(pdfs["light"]!, 1);
    const dark = pagePixels(pdfs["dark"]!, 1);
    expect([dark.w, dark.h]).toEqual([light.w, light.h]);
    let differ = 0;
    let darkPixels = 0;
    for (let i = 0; i < dark.rgb.length; i += 3) {
      const [r, g, b] = [dark.rgb[i]!, dark.rgb[i + 1]!, dark.rgb[i + 2]!];
      if (r + g + b < 150) darkPixels++;
      if (
        Math.abs(r - light.rgb[i]!) +
          Math.abs(g - light.rgb[i + 1]!) +
          Math.abs(b - light.rgb[i + 2]!) >
        30
      )
        differ++;
    }
    const n = dark.rgb.length / 3;
    // text is dark on white: a few percent of the page, never a dark background
    expect(darkPixels / n).toBeLessThan(0.1);
    expect(differ / n).toBeLessThan(0.005);
  });

  it("raised no error on the page", () => {
    expect(app.errors).toEqual([]);
  });
});
