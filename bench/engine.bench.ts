/**
 * Engine throughput: a 1,000,000-row synthetic table and a 24-criterion protocol of realistic
 * shape (ranges, units, windows, at_least, categories, missing and censored data), evaluated
 * single-threaded. Run alone with `npx tsx bench/engine.bench.ts`.
 * Reports wall time and this process's CPU time: on a machine shared with other jobs the
 * CPU-time figure (`rows_per_cpu_s`) is the fairer per-core throughput.
 */
import { compileProtocol, evaluateProtocol } from "../src/engine/compile-protocol.ts";
import type { Protocol, ProtocolVariable } from "../src/engine/protocol/types.ts";
import type { Column, Table } from "../src/engine/types.ts";
import { parseIsoDate } from "../src/engine/calendar.ts";
import { Rng } from "../src/synth/prng.ts";

/** uniform draws in [0, 1) from the synthetic registry's PRNG */
function uniform(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const v = (
  name: string,
  type: ProtocolVariable["type"],
  extra: Partial<ProtocolVariable> = {},
): ProtocolVariable => ({
  name,
  type,
  description: name,
  ...extra,
});
const GRADES = ["A", "B", "C", "D", "E"];

export const benchProtocol: Protocol = {
  id: "bench",
  title: "engine bench",
  version: "1",
  parameters: [
    { name: "screening_date", type: "date", default: "2026-06-01" },
    { name: "min_age", type: "number", unit: "years", default: 18 },
    { name: "max_age", type: "number", unit: "years", default: 75 },
    { name: "upcr_min", type: "number", unit: "g/g", default: 1 },
    { name: "protein_min", type: "number", unit: "g/24h", default: 1 },
    { name: "egfr_min", type: "number", unit: "mL/min/1.73m2", default: 30 },
    { name: "hb_min", type: "number", unit: "g/L", default: 60 },
    { name: "anc_min", type: "number", unit: "x10^9/L", default: 0.8 },
    { name: "plt_min", type: "number", unit: "x10^9/L", default: 50 },
    { name: "uln_mult", type: "number", default: 3 },
    { name: "alt_uln", type: "number", unit: "U/L", default: 40 },
    { name: "bili_uln", type: "number", unit: "umol/L", default: 21 },
    { name: "biopsy_window", type: "number", unit: "months", default: 12 },
    { name: "cv_window", type: "number", unit: "months", default: 6 },
    { name: "sledai_min", type: "number", default: 6 },
  ],
  variables: [
    v("birth_date", "date"),
    v("upcr", "number", { unit: "g/g", molarMass: 113.12 }),
    v("protein_24h", "number", { unit: "g/24h" }),
    v("egfr", "number", { unit: "mL/min/1.73m2" }),
    v("creatinine", "number", { unit: "umol/L", molarMass: 113.12 }),
    v("hb", "number", { unit: "g/L" }),
    v("anc", "number", { unit: "x10^9/L" }),
    v("platelets", "number", { unit: "x10^9/L" }),
    v("alt", "number", { unit: "U/L" }),
    v("ast", "number", { unit: "U/L" }),
    v("bilirubin", "number", { unit: "umol/L", molarMass: 584.66 }),
    v("sledai", "number"),
    v("biopsy_date", "date"),
    v("cv_event_date", "date"),
    v("malignancy_date", "date"),
    v("biopsy_class", "category", { values: ["II", "III", "IV", "V", "III+V", "IV+V"] }),
    v("sex", "category", { values: ["female", "male"] }),
    ...["renal", "muco", "neuro", "musc", "cardio"].map((d) =>
      v(`bilag_${d}`, "category", { values: GRADES }),
    ),
    v("pregnant", "boolean"),
    v("breastfeeding", "boolean"),
    v("hbsag", "boolean"),
    v("hbcab", "boolean"),
    v("hcv_rna", "boolean"),
    v("hiv", "boolean"),
    v("gcsf", "boolean"),
  ],
  derived: [
    { name: "age", expr: "age_at(birth_date, screening_date)" },
    {
      name: "bilag_a",
      expr: "at_least(1, bilag_renal = 'A', bilag_muco = 'A', bilag_neuro = 'A', bilag_musc = 'A', bilag_cardio = 'A')",
    },
  ],
  criteria: [],
};

export const RULES: [string, "inclusion" | "exclusion", string][] = [
  ["I1", "inclusion", "age between min_age and max_age"],
  ["I2", "inclusion", "biopsy_class in ('III', 'IV', 'III+V', 'IV+V')"],
  ["I3", "inclusion", "biopsy_date within biopsy_window before screening_date"],
  ["I4", "inclusion", "upcr >= upcr_min or protein_24h >= protein_min"],
  ["I5", "inclusion", "sledai >= sledai_min"],
  [
    "I6",
    "inclusion",
    "bilag_a or at_least(2, bilag_renal = 'B', bilag_muco = 'B', bilag_neuro = 'B', bilag_musc = 'B', bilag_cardio = 'B')",
  ],
  ["I7", "inclusion", "egfr >= egfr_min"],
  ["I8", "inclusion", "not (sex = 'female' and (pregnant or breastfeeding))"],
  ["E1", "exclusion", "hb < hb_min"],
  ["E2", "exclusion", "anc < anc_min and not gcsf"],
  ["E3", "exclusion", "platelets < plt_min"],
  ["E4", "exclusion", "alt > uln_mult * alt_uln"],
  ["E5", "exclusion", "ast > uln_mult * alt_uln"],
  ["E6", "exclusion", "bilirubin > 1.5 * bili_uln"],
  ["E7", "exclusion", "cv_event_date within cv_window before screening_date"],
  ["E8", "exclusion", "malignancy_date within 5 years before screening_date"],
  ["E9", "exclusion", "hbsag and hbcab"],
  ["E10", "exclusion", "hcv_rna"],
  ["E11", "exclusion", "hiv"],
  ["E12", "exclusion", "creatinine > 3 mg/dL"],
  ["E13", "exclusion", "upcr > 1500 mg/mmol"],
  ["E14", "exclusion", "any(hbsag, hcv_rna, hiv) and age > 70"],
  ["E15", "exclusion", "biopsy_class = 'II' and upcr is missing"],
  ["E16", "exclusion", "days_between(biopsy_date, screening_date) < 0"],
];

/** Builds the synthetic table (missing 10%, some censored values). */
export function benchTable(nRows: number, seed = 42): Table {
  const r = uniform(seed);
  const columns: Record<string, Column> = {};
  const screening = parseIsoDate("2026-06-01");
  for (const va of benchProtocol.variables) {
    const miss = () => r() < 0.1;
    if (va.type === "number") {
      const lo = new Float64Array(nRows);
      const hi = new Float64Array(nRows);
      const scale =
        {
          upcr: 3,
          protein_24h: 4,
          egfr: 120,
          creatinine: 300,
          hb: 160,
          anc: 8,
          platelets: 400,
          alt: 150,
          ast: 150,
          bilirubin: 40,
          sledai: 30,
        }[va.name] ?? 10;
      for (let i = 0; i < nRows; i++) {
        if (miss()) lo[i] = hi[i] = NaN;
        else if (r() < 0.03) {
          lo[i] = -Infinity;
          hi[i] = scale * 0.05;
        } else lo[i] = hi[i] = Math.round(r() * scale * 100) / 100;
      }
      columns[va.name] = { kind: "number", lo, hi, unit: va.unit ?? "1" };
    } else if (va.type === "date") {
      const back = va.name === "birth_date" ? 365 * 90 : 365 * 8;
      const days = Float32Array.from({ length: nRows }, () =>
        miss() ? NaN : Math.floor(screening - r() * back),
      );
      columns[va.name] = { kind: "date", days };
    } else if (va.type === "boolean") {
      columns[va.name] = {
        kind: "boolean",
        values: Uint8Array.from({ length: nRows }, () => (miss() ? 2 : r() < 0.1 ? 1 : 0)),
      };
    } else {
      const dict = [...(va.values ?? [])];
      columns[va.name] = {
        kind: "category",
        dict,
        codes: Int32Array.from({ length: nRows }, () =>
          miss() ? -1 : Math.floor(r() * dict.length),
        ),
      };
    }
  }
  return { nRows, columns };
}

export async function run(): Promise<Record<string, number>> {
  const nRows = Number(process.env.ENGINE_BENCH_ROWS ?? 1_000_000);
  const protocol: Protocol = {
    ...benchProtocol,
    criteria: RULES.map(([id, kind, rule]) => ({ id, kind, label: id, text: rule, rule })),
  };
  let t0 = performance.now();
  const table = benchTable(nRows);
  const buildMs = performance.now() - t0;
  t0 = performance.now();
  const { compiled, problems } = compileProtocol(protocol);
  const compileMs = performance.now() - t0;
  if (!compiled) throw new Error(problems.map((p) => `${p.where}: ${p.message}`).join("\n"));
  // warm up: the JIT settles after a couple of full passes (steady-state throughput is measured)
  for (let k = 0; k < 2; k++) evaluateProtocol(compiled, table);
  // wall time, and this process's CPU time (fairer on a machine shared with other jobs)
  const times: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < 7; k++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    evaluateProtocol(compiled, table);
    times.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const wall = median(times);
  const cpuMs = median(cpu);
  return {
    rows: nRows,
    criteria: compiled.criteria.length,
    table_build_ms: Math.round(buildMs),
    compile_ms: Math.round(compileMs * 10) / 10,
    evaluate_best_wall_ms: Math.round(Math.min(...times)),
    evaluate_median_wall_ms: Math.round(wall),
    evaluate_median_cpu_ms: Math.round(cpuMs),
    rows_per_s_wall: Math.round(nRows / (wall / 1000)),
    rows_per_s_best_wall: Math.round(nRows / (Math.min(...times) / 1000)),
    rows_per_cpu_s: Math.round(nRows / (cpuMs / 1000)),
    rows_per_cpu_s_best: Math.round(nRows / (Math.min(...cpu) / 1000)),
    criterion_rows_per_s_wall: Math.round((nRows * compiled.criteria.length) / (wall / 1000)),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  for (const [k, val] of Object.entries(await run()))
    console.log(`${k.padEnd(28)} ${val.toLocaleString("en-US")}`);
}
