/**
 * Headless Debian Chromium through playwright-core, with every request recorded so tests can
 * assert that nothing goes to another origin and nothing at all after the page has loaded.
 */
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const SCREENS = resolve(import.meta.dirname, "../../test-output/screens");
/** where the e2e tests write the files they load */
export const FILES = resolve(import.meta.dirname, "../../test-output/e2e-files");

/** Debian's Chromium, headless, with nothing phoning home (this machine has no network). */
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export async function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ ...CHROMIUM, args: [...CHROMIUM.args, ...extraArgs] });
}

/** Chromium for the tests of one file: launched before them, closed after; call in `describe`. */
export function fileBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => void (browser = await launch()));
  afterAll(async () => void (await browser?.close()));
  return () => browser!;
}

export interface Recorded {
  url: string;
  at: number;
  afterLoad: boolean;
}

export interface AppPage {
  page: Page;
  requests: Recorded[];
  errors: string[];
  /** marks the end of page load: requests after this count as "after load" */
  markLoaded(): void;
  shot(name: string): Promise<void>;
}

export async function openApp(
  browser: Browser,
  baseUrl: string,
  opts: { dark?: boolean } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: opts.dark ? "dark" : "light",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const requests: Recorded[] = [];
  const errors: string[] = [];
  let loaded = false;
  page.on("request", (r) => requests.push({ url: r.url(), at: Date.now(), afterLoad: loaded }));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(baseUrl, { waitUntil: "load" });
  await page.waitForSelector("text=How many patients could enter this trial?");
  // the app fetches its worker scripts while starting; after this, nothing may be requested
  await page.evaluate(() => (globalThis as unknown as { __ready?: Promise<void> }).__ready);
  mkdirSync(SCREENS, { recursive: true });
  return {
    page,
    requests,
    errors,
    markLoaded: () => (loaded = true),
    shot: async (name) => void (await page.screenshot({ path: join(SCREENS, `${name}.png`) })),
  };
}

/** Number from a "1,234" text. */
export function num(text: string | null): number {
  return Number((text ?? "").replace(/[^\d.-]/g, ""));
}

/** The three status counts the screen shows. */
export async function counts(app: AppPage) {
  const p = app.page;
  return {
    eligible: num(await p.textContent("[data-testid=n-eligible]")),
    needsReview: num(await p.textContent("[data-testid=n-review]")),
    ineligible: num(await p.textContent("[data-testid=n-ineligible]")),
  };
}

/** Chooses a variable's file column in the mapping step's picker (searched, then clicked). */
export async function pickColumn(page: Page, variable: string, column: string | null) {
  await page.click(`button.pick[data-variable="${variable}"]`);
  const list = page.locator(`[id="pick-${variable}-list"]`);
  if (column === null) {
    await list.locator("[role=option]").first().click();
    return;
  }
  await page.fill(`input[aria-label="Search the file's columns for ${variable}"]`, column);
  await list.locator("[role=option] .name").getByText(column, { exact: true }).click();
}

/** The files of `dir` whose names end in `ext`, as names and texts (to drop on the page). */
export function filesIn(dir: string, ext: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith(ext))
    .map((name) => ({ name, text: readFileSync(join(dir, name), "utf8") }));
}

/**
 * Drags `files` over the element with `testid` and drops them there, as a user dropping files
 * from the desktop; returns the element's class while they were over it.
 */
export async function dropFiles(
  p: Page,
  testid: string,
  files: { name: string; text: string }[],
): Promise<string | null> {
  const dt = await p.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const f of fs) d.items.add(new File([f.text], f.name, { type: "text/csv" }));
    return d;
  }, files);
  await p.dispatchEvent(`[data-testid=${testid}]`, "dragover", { dataTransfer: dt });
  const during = await p.getAttribute(`[data-testid=${testid}]`, "class");
  await p.dispatchEvent(`[data-testid=${testid}]`, "drop", { dataTransfer: dt });
  return during;
}
