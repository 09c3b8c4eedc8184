/**
 * The report audit's long run (part of `npm run fuzz`): random cohorts with subgroup mixes, and
 * pairs of what-if reports of the same rows. Checks that no count 1..t-1 is published, every
 * hidden count shows the one marker, and no count published in both reports of a pair differs
 * by 1..t-1. REPORT_FUZZ_RUNS cases (default 40), FUZZ_SEED as for the other fuzz runs.
 */
import { buildReport } from "../src/engine/report/build-report.ts";
import type { ReportRecord } from "../src/engine/report/series.ts";
import { loadSolver } from "../src/engine/report/solver.ts";
import type { AggregateReport, Count } from "../src/engine/report/types.ts";
import { ResultSet } from "../src/engine/results/result-set.ts";
import { FAIL, PASS, SITE, UNDECIDED } from "../src/engine/types.ts";

const runs = Number(process.env.REPORT_FUZZ_RUNS ?? 40);
let s = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) | 1;
console.log(`report fuzz: ${runs} cases, seed ${s}`);
const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
await loadSolver();
const meta = { protocol: { id: "f", title: "f", version: "1" }, parameters: {}, date: "d" };

function counts(x: unknown, path = ""): [string, Count][] {
  if (typeof x === "number") return [[path, x]];
  if (x && typeof x === "object" && "suppressed" in x) return [[path, x as Count]];
  if (Array.isArray(x)) return x.flatMap((v, i) => counts(v, `${path}[${i}]`));
  if (x && typeof x === "object")
    return Object.entries(x).flatMap(([k, v]) =>
      // (the attrition table repeats the funnel's cells, with percentages that are no counts)
      ["suppression", "parameters", "version", "attrition"].includes(k)
        ? []
        : counts(v, `${path}.${k}`),
    );
  return [];
}

let failed = 0;
const fail = (msg: string) => {
  failed++;
  console.error(`FAIL ${msg}`);
};
for (let c = 0; c < runs; c++) {
  const n = pick([30, 80, 200, 600, 2000]);
  const t = pick([5, 11]);
  const K = 2 + Math.floor(rnd() * 4);
  const ps = Array.from({ length: K }, () => pick([0.003, 0.02, 0.1, 0.4]));
  const verdicts = ps.map((p, i) =>
    Uint8Array.from({ length: n }, () => {
      const x = rnd();
      return i === 0 && p === 0.003 ? SITE : x < p ? FAIL : x < p + 0.03 ? UNDECIDED : PASS;
    }),
  );
  const crit = ps.map((_, i) => ({ id: `C${i}`, kind: "inclusion" as const, label: `c${i}` }));
  const groups = 1 + Math.floor(rnd() * 4);
  const codes = Int32Array.from({ length: n }, () => Math.floor(rnd() * rnd() * groups));
  const dict = Array.from({ length: groups }, (_, g) => `g${g}`);
  const opts = { threshold: t, subgroups: [{ name: "site", codes, dict }] };
  const records: ReportRecord[] = [];
  let a: AggregateReport;
  try {
    a = buildReport(new ResultSet(crit, n, verdicts), meta, {
      ...opts,
      record: (r) => records.push(r),
    });
  } catch (e) {
    fail(`case ${c}: ${(e as Error).message}`);
    continue;
  }
  for (const [path, v] of counts(a))
    if (typeof v === "number" ? v > 0 && v < t : v.display !== "*")
      fail(`case ${c}: ${path} published as ${JSON.stringify(v)}`);
  // a what-if: a few patients change their verdict on one criterion
  const k = Math.floor(rnd() * K);
  const moved = verdicts.map((v) => v.slice());
  for (let r = 0, left = 1 + Math.floor(rnd() * 6); r < n && left > 0; r++)
    if (moved[k]![r] === FAIL && rnd() < 0.5) {
      moved[k]![r] = PASS;
      left--;
    }
  try {
    const b = buildReport(new ResultSet(crit, n, moved), meta, { ...opts, earlier: records });
    const pa = new Map(counts(a));
    for (const [path, v] of counts(b)) {
      const w = pa.get(path);
      if (typeof v === "number" && typeof w === "number" && v !== w && Math.abs(v - w) < t)
        fail(`case ${c}: ${path} ${w} then ${v}`);
    }
  } catch (e) {
    if (!/exported before/.test((e as Error).message)) fail(`case ${c}: ${(e as Error).message}`);
  }
}
console.log(failed ? `report fuzz: ${failed} failure(s)` : "report fuzz: ok");
process.exitCode = failed ? 1 : 0;
