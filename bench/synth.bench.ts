/**
 * Synthetic registry generation speed: 1,000,000 rows (narrow and wide) into a counting sink.
 * Run alone: `npx tsx bench/synth.bench.ts` (SYNTH_BENCH_ROWS to change the size). CPU seconds
 * are reported too: on a shared machine wall time includes waiting for a core.
 */
import { generateSynthetic } from "../src/synth/index.ts";

function time(
  rows: number,
  wide: boolean,
): { s: number; cpu: number; bytes: number; cols: number } {
  const g = generateSynthetic({ rows, seed: 1, wide });
  let chars = 0;
  const t = performance.now();
  const c0 = process.cpuUsage();
  g.writeTo((chunk) => {
    chars += chunk.length;
  });
  const c1 = process.cpuUsage(c0);
  return {
    s: (performance.now() - t) / 1000,
    cpu: (c1.user + c1.system) / 1e6,
    bytes: chars,
    cols: g.header.length,
  };
}

export async function run(): Promise<Record<string, number>> {
  const rows = Number(process.env.SYNTH_BENCH_ROWS ?? 1_000_000);
  time(20_000, false); // warm-up
  const narrow = time(rows, false);
  const wide = time(rows, true);
  return {
    rows,
    "narrow columns": narrow.cols,
    "narrow seconds": narrow.s,
    "narrow cpu seconds": narrow.cpu,
    "narrow rows/s": rows / narrow.s,
    "narrow MB/s": narrow.bytes / 1e6 / narrow.s,
    "narrow MB": narrow.bytes / 1e6,
    "wide columns": wide.cols,
    "wide seconds": wide.s,
    "wide cpu seconds": wide.cpu,
    "wide rows/s": rows / wide.s,
    "wide MB/s": wide.bytes / 1e6 / wide.s,
    "wide MB": wide.bytes / 1e6,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await run())) console.log(k.padEnd(20), v.toFixed(2));
}
