/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line),
 * prints their figures and writes them as JSON under bench-results/.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, totalmem } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const results: Record<string, Record<string, number | string>> = {};
for (const f of files) {
  const name = basename(f, ".bench.ts");
  console.log(`\n== ${name}`);
  const mod = (await import(join(here, f))) as { run(): Promise<Record<string, number | string>> };
  const started = performance.now();
  try {
    const figures = await mod.run();
    results[name] = figures;
    for (const [k, v] of Object.entries(figures)) {
      console.log(
        `  ${k.padEnd(40)} ${typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 2 }) : v}`,
      );
    }
  } catch (e) {
    console.error(`  failed: ${e instanceof Error ? e.stack : String(e)}`);
    results[name] = { error: String(e) };
    process.exitCode = 1;
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const out = join(here, "..", "bench-results");
mkdirSync(out, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const doc = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  memGiB: totalmem() / 2 ** 30,
  results,
};
writeFileSync(join(out, `bench-${stamp}.json`), JSON.stringify(doc, null, 2));
writeFileSync(join(out, "latest.json"), JSON.stringify(doc, null, 2));
console.log(`\nwrote bench-results/bench-${stamp}.json`);
