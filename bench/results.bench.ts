/**
 * Results and report at scale: 1,000,000 rows x 26 criteria of random verdicts (per criterion
 * 2-12 % FAIL, 3 % UNDECIDED, one site-assessed). Times the full build, a what-if (one criterion's
 * verdicts replaced) followed by every summary the app shows, and the aggregate report with
 * small-cell suppression. Figures in ms (median of several runs).
 */
import { ResultSet } from "../src/engine/results/result-set.ts";
import { buildReport } from "../src/engine/report/build-report.ts";
import { FAIL, PASS, SITE, UNDECIDED } from "../src/engine/types.ts";
import { compileProtocol, evaluateProtocol } from "../src/engine/compile-protocol.ts";
import { createNodePool } from "../src/pool/node.ts";
import { benchProtocol, benchTable } from "./engine.bench.ts";

const N = 1_000_000;
const C = Number(process.env.RESULTS_BENCH_CRITERIA ?? 26); // the seed protocol has 33

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
    ...(await poolFigures()),
  };
}

/** A subset of the engine bench's rules (over its variables and parameters). */
const POOL_RULES: [string, "inclusion" | "exclusion", string][] = [
  ["I1", "inclusion", "age between min_age and max_age"],
  ["I2", "inclusion", "biopsy_class in ('III', 'IV', 'III+V', 'IV+V')"],
  ["I3", "inclusion", "biopsy_date within biopsy_window before screening_date"],
  ["I4", "inclusion", "upcr >= upcr_min or protein_24h >= protein_min"],
  ["I5", "inclusion", "sledai >= sledai_min"],
  ["I7", "inclusion", "egfr >= egfr_min"],
  ["E1", "exclusion", "hb < hb_min"],
  ["E2", "exclusion", "anc < anc_min and not gcsf"],
  ["E3", "exclusion", "platelets < plt_min"],
  ["E4", "exclusion", "alt > uln_mult * alt_uln"],
  ["E6", "exclusion", "bilirubin > 1.5 * bili_uln"],
  ["E7", "exclusion", "cv_event_date within cv_window before screening_date"],
  ["E12", "exclusion", "creatinine > 3 mg/dL"],
  ["E13", "exclusion", "upcr > 1500 mg/mmol"],
];

/** The engine bench's 1M-row table and some of its rules, evaluated in-process and on 1 and 2 worker threads. */
async function poolFigures(): Promise<Record<string, number>> {
  const table = benchTable(N);
  const protocol = {
    ...benchProtocol,
    criteria: POOL_RULES.map(([id, kind, rule]) => ({ id, kind, label: id, text: rule, rule })),
  };
  const { compiled } = compileProtocol(protocol, {});
  if (!compiled) throw new Error("bench protocol does not compile");
  evaluateProtocol(compiled, table, 0, 50_000); // warm-up
  let t = performance.now();
  evaluateProtocol(compiled, table);
  const inProcess = performance.now() - t;
  const out: Record<string, number> = { "pool: evaluate in-process ms": inProcess };
  const param = benchProtocol.parameters.find((p) => p.name === "upcr_min")!;
  for (const size of [1, 2]) {
    const pool = createNodePool({ size, timeoutMs: 600_000 });
    try {
      t = performance.now();
      const loaded = await pool.load(protocol, table, {});
      if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
      out[`pool(${size}): load ms (slice copy, transfer, compile)`] = performance.now() - t;
      await pool.evaluate({}); // warm-up
      t = performance.now();
      await pool.evaluate({ upcr_min: 1.5 });
      out[`pool(${size}): evaluate all criteria ms`] = performance.now() - t;
      const affected = pool.affected(param.name);
      t = performance.now();
      await pool.evaluate({ upcr_min: 2 }, affected);
      out[`pool(${size}): re-evaluate ${affected.length} criteria after a parameter change ms`] =
        performance.now() - t;
    } finally {
      pool.dispose();
    }
  }
  return out;
}
