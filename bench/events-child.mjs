// `npm run bench -- events`, Node side: `prescreen screen` on an OMOP folder, as bin/prescreen.mjs
// runs it (the cached bundle in a plain Node process), timed from the call of main().
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleScript } from "../bin/bundle.mjs";

const entry = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const { main } = await import(pathToFileURL(await bundleScript(entry, "prescreen")).href);
const t0 = performance.now();
const c0 = process.cpuUsage();
const code = await main(
  ["screen", "--data", process.env.EVENTS_BENCH_DIR, "--protocol", "ln-cd19-cd70"],
  () => {},
  (s) => process.stderr.write(s + "\n"),
);
const cpu = process.cpuUsage(c0);
if (code !== 0) throw new Error(`prescreen screen exited with ${code}`);
process.stdout.write(
  `\nRESULT ${JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
