/**
 * Warms the reading workers' code while the app waits for a file. The ingest worker probes the
 * head of a small synthetic extract (every kind of column and cell a registry has) as a file's
 * head is probed (dialect, header, the 2,000-row type sample: parallel.ts): in Chromium that
 * serial step took ~0.2 s cold at the start of the first load, with both parts waiting for its
 * column plans. Then it and its helper each read a larger one whole, as a part of a parallel
 * load is read (`warmRead`: text pieces, the fused reader, shared memory when the page can).
 *
 * A cold read ran the first ~35 MB of the seed extract at a quarter of its later speed while
 * the parts' code compiled. The whole-read warm-up wins when the file is chosen a second after
 * the app is ready, as a person does (chosen at once, the warm-up's own compile jobs and garbage
 * are still pending and it costs CPU instead). The extract covers every reader path
 * (`warmCsv`); 20,000 rows is the size past which a larger extract gained nothing and kept more
 * memory (~32 MB kept by the warmed workers; see also src/pool/warm-eval.ts).
 *
 * @example
 * warmUp(); await warmRead(); // once, in a reading worker started before a file is chosen
 */
import { IngestCore } from "../read/core.ts";
import { Rng } from "../../synth/prng.ts";
import { readBlobPart } from "./blob-parallel.ts";
import { sharedLayout } from "../parallel/shared.ts";

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
export const WARM_READ_ROWS = 20_000;

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
/** categories: plain, quoted, blank, a value that reads like a token, and null tokens */
const CLASS = ["III", "IV", "V", "III+V", "", "unknown", '"IV"', '"III+V"', "NA", "n/a"];
/** censored numbers of every form (`<`, `<=`, `>`, `>=`, `≤`, `≥`), a blank and a null token */
const CENSORED = ["<5", ">150", "<=1.0", ">=3", "≤0.5", "≥3", "", "NA"];
const POS_NEG = ["positive", "negative", "pos", "neg", "Positive", "NEGATIVE", "", "n/a"];
const TRUE_FALSE = ["TRUE", "FALSE", "true", "false", "1", "0", ""];
const Y_N = ["Y", "N", "y", "n", "", "-"];
/** a yes/no word at the end of a row (followed by the newline: a reader path of its own) */
const LAST = [
  "yes",
  "no",
  "Y",
  "N",
  "TRUE",
  "false",
  "positive",
  "Negative",
  "neg",
  "POS",
  "1",
  "0",
  "",
];

/**
 * A registry-like CSV of `rows` rows (deterministic): an id, yes/no words in many spellings,
 * integers, decimals, censored values of every form, ISO and day-first dates, categories
 * (quoted too), blank cells and null tokens in every kind of column, a quoted comment, and a
 * yes/no column last. Every path of the fused reader that Node's `--trace-deopt` showed
 * deoptimizing on the benchmark files after a plainer warm-up is taken here.
 */
export function warmCsv(rows: number): string {
  const out = [
    "patient_id,sex,weight,creatinine,crp,birth_date,visit,biopsy_class,nephritis,ana,anti_dsdna,smoker,proteinuria,comment,consent",
  ];
  const r = new Rng(12345);
  /** an integer in [0, n) */
  const next = (n: number): number => r.int(0, n - 1);
  const pick = (a: readonly string[]): string => a[next(a.length)]!;
  const two = (n: number): string => String(n).padStart(2, "0");
  /** `common()`, or one time in `k` one of `rare` */
  const or = (k: number, rare: readonly string[], common: () => string): string =>
    next(k) === 0 ? pick(rare) : common();
  for (let i = 0; i < rows; i++) {
    out.push(
      [
        `P${String(i + 1).padStart(7, "0")}`,
        pick(SEX),
        or(25, ["", "NA", " ", "-"], () => String(40 + next(80))),
        or(20, ["N/A", "ND", ""], () => (0.4 + next(300) / 100).toFixed(2)),
        or(6, CENSORED, () => (next(2000) / 10).toFixed(1)),
        or(30, ["", "NA"], () => `${1940 + next(70)}-${two(1 + next(12))}-${two(1 + next(28))}`),
        or(30, [""], () => `${two(13 + next(15))}/${two(1 + next(12))}/20${two(10 + next(15))}`),
        pick(CLASS),
        pick(YN),
        pick(POS_NEG),
        pick(TRUE_FALSE),
        pick(Y_N),
        or(3, ["", "NA"], () => String(next(5000))),
        next(8) === 0 ? '"seen, ""stable"""' : "",
        pick(LAST),
      ].join(","),
    );
  }
  return out.join("\n") + "\n";
}
