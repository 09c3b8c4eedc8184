/**
 * Synthetic registry generation speed: 1,000,000 rows (narrow and wide) into a counting sink.
 * Run alone: `npx tsx bench/synth.bench.ts`.
 */
import { generateSynthetic } from "../src/synth/index.ts";

function time(rows: number, wide: boolean): { s: number; bytes: number; cols: number } {
  const g = generateSynthetic({ rows, seed: 1, wide });
  let chars = 0;
  const t = performance.now();
  g.writeTo((chunk) => {
    chars += chunk.length;
  });
  return { s: (performance.now() - t) / 1000, bytes: chars, cols: g.header.length };
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
    "narrow rows/s": rows / narrow.s,
    "narrow MB/s": narrow.bytes / 1e6 / narrow.s,
    "narrow MB": narrow.bytes / 1e6,
    "wide columns": wide.cols,
    "wide seconds": wide.s,
    "wide rows/s": rows / wide.s,
    "wide MB/s": wide.bytes / 1e6 / wide.s,
    "wide MB": wide.bytes / 1e6,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await run())) console.log(k.padEnd(20), v.toFixed(2));
}
