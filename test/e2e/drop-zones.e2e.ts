/**
 * The start page's two drop zones: a CSV dropped on the flat-file zone opens the mapping step,
 * event tables dropped on the events zone are listed for event loading; both show the drag over
 * them, and the file buttons inside them are reached and opened with the keyboard.
 */
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { dropFiles, fileBrowser, filesIn, openApp } from "./browser.ts";

const OMOP = join(import.meta.dirname, "../fixtures/omop/synthea27nj");
const CSV = "MRN,Sex,Age\nA1,F,34\nA2,M,51\nA3,F,47\n";

describe("the start page's drop zones", () => {
  const browser = fileBrowser();

  it("a CSV dropped on the flat-file zone opens the mapping step", async () => {
    const app = await openApp(browser(), inject("baseUrl"));
    await app.shot("start-drop-zones");
    const p = app.page;
    expect(await dropFiles(p, "flat-drop", [{ name: "tiny.csv", text: CSV }])).toContain(
      "dragging",
    );
    await p.waitForSelector("[data-testid=mapping]", { timeout: 60_000 });
    expect(await p.textContent("[data-testid=mapping]")).toMatch(/\b3 rows/);
    expect(app.errors).toEqual([]);
  });

  it("event tables dropped on the events zone are listed for event loading", async () => {
    const app = await openApp(browser(), inject("baseUrl"));
    const p = app.page;
    expect(await dropFiles(p, "omop-drop", filesIn(OMOP, ".csv"))).toContain("dragging");
    await p.waitForSelector("[data-testid=omop-load]");
    expect(await p.textContent("[data-testid=omop-load]")).toContain("MEASUREMENT.csv");
    expect(app.errors).toEqual([]);
  });

  it("a drag that leaves a zone unmarks it", async () => {
    const app = await openApp(browser(), inject("baseUrl"));
    const p = app.page;
    for (const id of ["flat-drop", "omop-drop"]) {
      await p.dispatchEvent(`[data-testid=${id}]`, "dragover");
      expect(await p.getAttribute(`[data-testid=${id}]`, "class")).toContain("dragging");
      await p.dispatchEvent(`[data-testid=${id}]`, "dragleave");
      expect(await p.getAttribute(`[data-testid=${id}]`, "class")).not.toContain("dragging");
    }
  });

  it("each zone's file buttons are reached with Tab and open the chooser with Enter", async () => {
    const app = await openApp(browser(), inject("baseUrl"));
    const p = app.page;
    // a file input's click opens the chooser: recorded here, and stopped, so none stays open
    await p.evaluate(() => {
      const w = window as unknown as { opened: string[] };
      w.opened = [];
      document.addEventListener(
        "click",
        (e) => {
          const el = e.target as HTMLInputElement;
          if (el.type !== "file") return;
          w.opened.push(el.dataset.testid ?? "");
          e.preventDefault();
        },
        true,
      );
    });
    const seen: string[] = [];
    for (let i = 0; i < 20 && seen.length < 3; i++) {
      await p.keyboard.press("Tab");
      const focused = await p.evaluate(() => {
        const el = document.activeElement;
        const zone = el?.closest("[data-testid$=-drop]");
        return el?.tagName === "BUTTON" && zone
          ? `${zone.getAttribute("data-testid")}: ${el.textContent?.trim()}`
          : "";
      });
      if (!focused) continue;
      await p.keyboard.press("Enter");
      seen.push(focused);
    }
    const opened = await p.evaluate(() => (window as unknown as { opened: string[] }).opened);
    expect(opened).toEqual(["file-input", "omop-folder-input", "omop-files-input"]);
    expect(seen).toEqual([
      "flat-drop: Choose a file…",
      "omop-drop: Choose a folder…",
      "omop-drop: Choose files…",
    ]);
  });
});
