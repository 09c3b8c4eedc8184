// `EVENTS_BENCH_DIFF=N npm run bench -- events`: the block-wise differential (events-diff.ts)
// in a process of its own, from a cached bundle.
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleScript } from "../bin/bundle.mjs";

const entry = fileURLToPath(new URL("./events-diff.ts", import.meta.url));
const { differential } = await import(pathToFileURL(await bundleScript(entry, "events-diff")).href);
const t0 = performance.now();
const r = await differential(Number(process.env.EVENTS_BENCH_DIFF), 3);
const outcome =
  r.differing === 0
    ? `verdicts equal for all ${r.patients} patients`
    : `${r.differing} of ${r.patients} patients differ (first: ${r.firstDifference})`;
process.stdout.write(
  `\nRESULT ${JSON.stringify({ seconds: (performance.now() - t0) / 1000, outcome, ...r })}\n`,
);
