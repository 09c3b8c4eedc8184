/**
 * Warms the ingest worker's code while the app waits for a file: the head of a small synthetic
 * extract (every kind of column and cell a registry has) is probed as a file's head is
 * (dialect, header, the 2,000-row type sample: parallel.ts). In Chromium that serial step took
 * ~0.2 s cold at the start of the first load, with both parts waiting for its column plans.
 *
 * Only the probe: a whole read of the extract (fused reader included) warmed the parts' code on
 * other columns, and the first file's load then took more CPU, not less (renderer CPU 4.2-4.6 s
 * against 3.8-4.6 s cold, seed extract): its type feedback did not fit the file.
 *
 * @example
 * await warmUp(); // once, in a worker started before a file is chosen
 */
import { IngestCore } from "./core";
import { Rng } from "../synth/prng";

/** rows of the warm-up extract: the 2,000-row type sample and a little more */
export const WARM_ROWS = 2100;

/** Probes the head of a small synthetic extract; resolves with its number of columns. */
export function warmUp(rows = WARM_ROWS): number {
  const probe = new IngestCore({ name: "warm-up" });
  probe.plansOnly = true;
  const bytes = new TextEncoder().encode(warmCsv(rows));
  for (let k = 0; k < bytes.length && probe.rows === 0; k += PROBE_SLICE)
    probe.pushBytes(bytes.subarray(k, k + PROBE_SLICE));
  return probe.inspect()?.plans.length ?? 0;
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
