/**
 * Results and report at scale: 1,000,000 rows x 26 criteria of random verdicts (per criterion
 * 2-12 % FAIL, 3 % UNDECIDED, one site-assessed). Times the full build, a what-if (one criterion's
 * verdicts replaced) followed by every summary the app shows, and the aggregate report with
 * small-cell suppression. Figures in ms (median of several runs).
 */
import { ResultSet } from "../src/engine/results/result-set.ts";
import { buildReport } from "../src/engine/report/build-report.ts";
import { FAIL, PASS, SITE, UNDECIDED } from "../src/engine/types.ts";

const N = 1_000_000;
const C = 26;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** CPU ms of this process (user + system) over the same runs, robust to a busy shared machine. */
const cpu: Record<string, number> = {};

function median(runs: number, f: () => void, name?: string): number {
  const ts: number[] = [];
  const cs: number[] = [];
  for (let k = 0; k < runs; k++) {
    const c = process.cpuUsage();
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cs.push((d.user + d.system) / 1000);
  }
  ts.sort((a, b) => a - b);
  cs.sort((a, b) => a - b);
  if (name) cpu[`${name} (cpu ms)`] = cs[runs >> 1]!;
  return ts[runs >> 1]!;
}

export async function run(): Promise<Record<string, number>> {
  const rnd = lcg(42);
  const verdicts = Array.from({ length: C }, (_, i) => {
    const v = new Uint8Array(N);
    if (i === C - 1) return v.fill(SITE);
    const pFail = 0.02 + 0.1 * rnd();
    for (let r = 0; r < N; r++) {
      const x = rnd();
      v[r] = x < pFail ? FAIL : x < pFail + 0.03 ? UNDECIDED : PASS;
    }
    return v;
  });
  const meta = verdicts.map((_, i) => ({
    id: `C${i}`,
    kind: (i % 3 ? "inclusion" : "exclusion") as "inclusion" | "exclusion",
    label: `criterion ${i}`,
  }));
  const site = Int32Array.from({ length: N }, () => Math.floor(rnd() * rnd() * 40) - 1);
  const siteDict = Array.from({ length: 40 }, (_, k) => `site ${k}`);

  let t = performance.now();
  let rs = new ResultSet(meta, N, verdicts);
  const build = performance.now() - t; // includes JIT warm-up; a second build follows
  t = performance.now();
  rs = new ResultSet(meta, N, verdicts);
  const buildWarm = performance.now() - t;

  const summaries = () => {
    rs.counts();
    rs.perCriterion();
    rs.attrition();
    rs.combinations(20);
  };
  // a threshold-like what-if: 1 % of rows change verdict on criterion 3
  const nudged = verdicts[3]!.slice();
  for (let r = 0; r < N; r += 100) nudged[r] = nudged[r] === FAIL ? PASS : FAIL;
  // a drastic one: criterion 5 redrawn entirely
  const redrawn = Uint8Array.from(verdicts[5]!, () =>
    rnd() < 0.3 ? FAIL : rnd() < 0.05 ? UNDECIDED : PASS,
  );
  let flip = false;
  const toggle = () => {
    flip = !flip;
    return flip;
  };
  const whatIfSmall = median(
    11,
    () => {
      rs.setVerdicts(3, toggle() ? nudged : verdicts[3]!);
      summaries();
    },
    "what-if 1% rows + all summaries",
  );
  const whatIfLarge = median(
    11,
    () => {
      rs.setVerdicts(5, toggle() ? redrawn : verdicts[5]!);
      summaries();
    },
    "what-if redraw + all summaries",
  );
  const setAside = median(11, () => {
    rs.setEnabled(7, toggle());
    summaries();
  });
  rs.setEnabled(7, true);
  const countsOnly = median(11, () => {
    rs.setVerdicts(3, toggle() ? nudged : verdicts[3]!);
    rs.counts();
  });
  const statusArray = median(5, () => {
    rs.setVerdicts(3, toggle() ? nudged : verdicts[3]!);
    rs.statusArray();
  });
  const subgroups = median(5, () => rs.subgroups(site, siteDict));
  const rowsWhere = median(5, () => rs.rowsWhere({ failingAlone: 3 }));
  const reportMeta = {
    protocol: { id: "bench", title: "bench", version: "1" },
    parameters: {},
    date: "2026-11-25",
  };
  const subgroupOpts = { subgroups: [{ name: "site", codes: site, dict: siteDict }] };
  const report = median(5, () => buildReport(rs, reportMeta, subgroupOpts), "report + suppression");
  const r = buildReport(rs, reportMeta, subgroupOpts);
  const suppressedCells = JSON.stringify(r).split('"suppressed"').length - 1;
  return {
    rows: N,
    criteria: C,
    "build ms (cold)": build,
    "build ms (warm)": buildWarm,
    "what-if 1% rows + all summaries ms": whatIfSmall,
    "what-if redraw + all summaries ms": whatIfLarge,
    "set aside + all summaries ms": setAside,
    "what-if 1% rows + counts ms": countsOnly,
    "what-if + statusArray ms": statusArray,
    "subgroups (40 sites) ms": subgroups,
    "rowsWhere failingAlone ms": rowsWhere,
    "report + suppression ms": report,
    "report suppressed cells": suppressedCells,
    ...cpu,
  };
}
