/**
 * The report's audit (src/engine/report) on the seed protocol over the demo extract: the report
 * alone, then a what-if (UPCR threshold 1.0 -> 0.9 g/g) audited together with it, as the app does
 * after an export. Rows: REPORT_BENCH_ROWS (comma-separated; default 400,5000,100000).
 * Figures: wall and CPU ms, solver solves, counts hidden.
 */
import { buildReport } from "../src/engine/report/build-report.ts";
import type { ReportRecord } from "../src/engine/report/series.ts";
import { loadSolver } from "../src/engine/report/solver.ts";
import type { AggregateReport } from "../src/engine/report/types.ts";
import { demoCsv, screenCsv } from "../test/e2e/pipeline.ts";

const hiddenCount = (r: AggregateReport) => JSON.stringify(r).split('"suppressed"').length - 1;

export async function run(): Promise<Record<string, number>> {
  const solver = await loadSolver();
  const rows = (process.env.REPORT_BENCH_ROWS ?? "400,5000,100000").split(",").map(Number);
  const out: Record<string, number> = {};
  const meta = (upcr: number) => ({
    protocol: { id: "ln-cd19-cd70", title: "seed", version: "1" },
    parameters: { upcr_min: upcr },
    date: "2026-12-07",
  });
  for (const n of rows) {
    const csv = demoCsv(n);
    const base = screenCsv(csv).rs;
    const whatIf = screenCsv(csv, "ln-cd19-cd70", { upcr_min: 0.9 }).rs;
    const records: ReportRecord[] = [];
    const time = (name: string, f: () => AggregateReport) => {
      const c = process.cpuUsage();
      const t = performance.now();
      const r = f();
      out[`${n} rows: ${name} (ms)`] = Math.round(performance.now() - t);
      const d = process.cpuUsage(c);
      out[`${n} rows: ${name} (cpu ms)`] = Math.round((d.user + d.system) / 1000);
      out[`${n} rows: ${name} solves`] = r.suppression.audit?.solves ?? 0;
      out[`${n} rows: ${name} counts hidden`] = hiddenCount(r);
    };
    time("report alone", () =>
      buildReport(base, meta(1), { solver, record: (r) => records.push(r) }),
    );
    time("what-if with it", () => buildReport(whatIf, meta(0.9), { solver, earlier: records }));
  }
  return out;
}
