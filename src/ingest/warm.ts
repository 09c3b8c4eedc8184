/**
 * Warms the reading workers' code while the app waits for a file. The ingest worker probes the
 * head of a small synthetic extract (every kind of column and cell a registry has) as a file's
 * head is probed (dialect, header, the 2,000-row type sample: parallel.ts): in Chromium that
 * serial step took ~0.2 s cold at the start of the first load, with both parts waiting for its
 * column plans. Then it and its helper each read a larger one whole, as a part of a parallel
 * load is read (`warmRead`: text pieces, the fused reader, shared memory when the page can).
 *
 * A cold read ran the first ~35 MB of the seed extract at a quarter of its later speed while
 * the parts' code compiled. Session 4 measured the whole-read warm-up as a loss (renderer CPU
 * 4.2-4.6 s against 3.8-4.6 s cold) but chose the file right after the page loaded, while the
 * warm-up's own compile jobs and garbage were still pending; with the file chosen a second
 * after the app is ready, as a person does, it wins (seed extract, interleaved pairs: 110-133
 * against 109-120 MB/s, renderer CPU 2.9-3.4 against 3.2-3.4 s, with 40,000 rows; 20,000 and
 * 10,000 did as well, 113-121 MB/s, with less memory kept by the warmed workers, see
 * src/pool/warm-eval.ts; the app is then ready ~1.0 s after its page loads, 2.0 s with 40,000).
 *
 * @example
 * warmUp(); await warmRead(); // once, in a reading worker started before a file is chosen
 */
import { IngestCore } from "./core";
import { Rng } from "../synth/prng";
import { readBlobPart } from "./blob-parallel";
import { sharedLayout } from "./shared";

/** rows of the probed warm-up extract: the 2,000-row type sample and a little more */
export const WARM_ROWS = 2100;

/** Probes the head of a small synthetic extract; returns its number of columns. */
export function warmUp(rows = WARM_ROWS): number {
  return probeHead(new TextEncoder().encode(warmCsv(rows)))?.plans.length ?? 0;
}

/** Dialect, header and column plans of a CSV's head, found as the parallel probe finds them. */
function probeHead(bytes: Uint8Array): ReturnType<IngestCore["inspect"]> {
  const probe = new IngestCore({ name: "warm-up" });
  probe.plansOnly = true;
  for (let k = 0; k < bytes.length && probe.rows === 0; k += PROBE_SLICE)
    probe.pushBytes(bytes.subarray(k, k + PROBE_SLICE));
  return probe.inspect();
}

/** rows of the warm-up read (`warmRead`) */
export const WARM_READ_ROWS = 10_000;

/**
 * Reads a synthetic extract of `rows` rows as a part of a parallel load is read (text pieces of
 * a Blob, the fused reader; `shared`: into a SharedArrayBuffer region, as a cross-origin
 * isolated page's parts do). Resolves with the rows read.
 */
export async function warmRead(rows = WARM_READ_ROWS, shared = false): Promise<number> {
  const bytes = new TextEncoder().encode(warmCsv(rows));
  const info = probeHead(bytes);
  if (!info) return 0;
  const blob = new Blob([bytes]);
  const capacity = rows + 64;
  const part = await readBlobPart(
    blob,
    {
      start: 0,
      end: blob.size,
      preset: { ...info, first: true, capacity, keepSpare: false },
      ...(shared ? { layout: sharedLayout(info.plans, [capacity]), part: 0 } : {}),
    },
    undefined,
    { name: "warm-up" },
  );
  return part.nRows;
}

/** as the parallel probe feeds a head */
const PROBE_SLICE = 1 << 16;

const YN = ["yes", "no", "Yes", "NO", "", "NA"];
const SEX = ["female", "male", "F", "M"];
const CLASS = ["III", "IV", "V", "III+V", "", "unknown"];

/**
 * A registry-like CSV of `rows` rows (deterministic): an id, yes/no words in several spellings,
 * integers, decimals, censored values, ISO and day-first dates, categories, null tokens and a
 * quoted comment.
 */
export function warmCsv(rows: number): string {
  const out = [
    "patient_id,sex,weight,creatinine,crp,birth_date,visit,biopsy_class,nephritis,ana,anti_dsdna,smoker,proteinuria,comment",
  ];
  const r = new Rng(12345);
  /** an integer in [0, n) */
  const next = (n: number): number => r.int(0, n - 1);
  const pick = (a: readonly string[]): string => a[next(a.length)]!;
  const two = (n: number): string => String(n).padStart(2, "0");
  for (let i = 0; i < rows; i++) {
    const crp = next(10) === 0 ? "<5" : (next(2000) / 10).toFixed(1);
    out.push(
      [
        `P${String(i + 1).padStart(7, "0")}`,
        pick(SEX),
        String(40 + next(80)),
        next(20) === 0 ? "N/A" : (0.4 + next(300) / 100).toFixed(2),
        crp,
        `${1940 + next(70)}-${two(1 + next(12))}-${two(1 + next(28))}`,
        `${two(13 + next(15))}/${two(1 + next(12))}/20${two(10 + next(15))}`,
        pick(CLASS),
        pick(YN),
        next(2) ? "positive" : "negative",
        next(2) ? "TRUE" : "FALSE",
        next(2) ? "Y" : "N",
        next(3) === 0 ? "" : String(next(5000)),
        next(8) === 0 ? '"seen, ""stable"""' : "",
      ].join(","),
    );
  }
  return out.join("\n") + "\n";
}
