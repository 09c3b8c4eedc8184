// The `cli` method of ingest.bench.ts: `prescreen screen` as bin/prescreen.mjs runs it (the
// cached plain-JavaScript bundle, in a plain Node process: no tsx), timed from the call of its
// main() (the bundle is loaded before the clock starts, as the other methods load their modules).
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleScript } from "../bin/bundle.mjs";

const entry = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const { main } = await import(pathToFileURL(await bundleScript(entry, "prescreen")).href);
const path = process.env.INGEST_BENCH_PATH;
const t0 = performance.now();
const c0 = process.cpuUsage();
const code = await main(["screen", "--data", path, "--protocol", "ln-cd19-cd70"]);
const cpu = process.cpuUsage(c0);
const seconds = (performance.now() - t0) / 1000;
if (code !== 0) throw new Error(`prescreen screen exited with ${code}`);
const measure = {
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
  rows: Number(process.env.INGEST_BENCH_ROWS_EXPECTED ?? 0),
  extra: {},
};
process.stdout.write(`\nRESULT ${JSON.stringify(measure)}\n`);
