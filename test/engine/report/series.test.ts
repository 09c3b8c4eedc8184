import { beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/engine/report/audit.ts";
import { buildReport, planReport } from "../../../src/engine/report/build-report.ts";
import { intervalModel } from "../../../src/engine/report/intervals.ts";
import { protects } from "../../../src/engine/report/protect.ts";
import type { ReportRecord } from "../../../src/engine/report/series.ts";
import { loadSolver, loadedSolver } from "../../../src/engine/report/solver.ts";
import type { AggregateReport, Count } from "../../../src/engine/report/types.ts";
import { ResultSet } from "../../../src/engine/results/result-set.ts";
import { FAIL, PASS, UNDECIDED } from "../../../src/engine/types.ts";
import { demoCsv, screenCsv } from "../../e2e/pipeline.ts";

beforeAll(async () => {
  await loadSolver();
});

const meta = (p: number) => ({
  protocol: { id: "demo", title: "Demo", version: "1" },
  parameters: { upcr_min: p },
  date: "2026-12-07",
});

/** 600 patients, 3 criteria; the what-if moves `moved` patients from failing to passing on C1. */
function cohort(moved: number): ResultSet[] {
  const n = 600;
  let s = 11;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const c0 = Uint8Array.from({ length: n }, () =>
    rnd() < 0.3 ? FAIL : rnd() < 0.05 ? UNDECIDED : PASS,
  );
  const c1 = Uint8Array.from({ length: n }, () => (rnd() < 0.4 ? FAIL : PASS));
  const c2 = Uint8Array.from({ length: n }, () => (rnd() < 0.2 ? FAIL : PASS));
  const after = c1.slice();
  // patients failing only C1 pass it in the what-if: they become eligible
  let left = moved;
  for (let r = 0; r < n && left > 0; r++)
    if (c1[r] === FAIL && c0[r] === PASS && c2[r] === PASS) {
      after[r] = PASS;
      left--;
    }
  const crit = ["C0", "C1", "C2"].map((id) => ({ id, kind: "inclusion" as const, label: id }));
  return [new ResultSet(crit, n, [c0, c1, c2]), new ResultSet(crit, n, [c0, after, c2])];
}

/** Counts published in both reports whose difference is small: a differencing disclosure. */
function smallDifferences(a: AggregateReport, b: AggregateReport, t: number): string[] {
  const out: string[] = [];
  const pairs: [string, Count, Count][] = [
    ["eligible", a.headline.eligible, b.headline.eligible],
    ["needsReview", a.headline.needsReview, b.headline.needsReview],
    ["ineligible", a.headline.ineligible, b.headline.ineligible],
    ...a.criteria.flatMap((c, k): [string, Count, Count][] =>
      (["failing", "unknown", "pass", "failingAlone"] as const).map((f) => [
        `${c.id}.${f}`,
        c[f],
        b.criteria[k]![f],
      ]),
    ),
  ];
  for (const [name, x, y] of pairs)
    if (typeof x === "number" && typeof y === "number" && x !== y && Math.abs(x - y) < t)
      out.push(`${name}: ${x} then ${y}`);
  return out;
}

describe("several reports of one extract", () => {
  it("a what-if report audited with the base report cannot be differenced", () => {
    const [base, whatIf] = cohort(3);
    const records: ReportRecord[] = [];
    const first = buildReport(base!, meta(1), { record: (r) => records.push(r) });
    // alone, the what-if report differs from the base by exactly 3 eligible patients
    const alone = buildReport(whatIf!, meta(0.9));
    expect(smallDifferences(first, alone, 11).length).toBeGreaterThan(0);
    // audited together with the base report, no small difference is left to read
    const second = buildReport(whatIf!, meta(0.9), { earlier: records });
    expect(smallDifferences(first, second, 11)).toEqual([]);
    expect(second.suppression.audit?.reports).toBe(2);
  });

  it("a report identical to an earlier one needs no more suppression", () => {
    const [base] = cohort(0);
    const records: ReportRecord[] = [];
    const first = buildReport(base!, meta(1), { record: (r) => records.push(r) });
    const again = buildReport(base!, meta(1), { earlier: records });
    expect(again.headline).toEqual(first.headline);
  });

  describe("the seed protocol on the 5,000-row demo extract (the app's export path)", () => {
    const csv = demoCsv(5000);
    const base = screenCsv(csv);
    const whatIf = screenCsv(csv, "ln-cd19-cd70", { upcr_min: 0.9 });
    const i4 = base.rs.perCriterion().findIndex((c) => c.id === "I4");
    const records: ReportRecord[] = [];
    let first: AggregateReport;
    beforeAll(() => {
      first = buildReport(base.rs, meta(1), { record: (r) => records.push(r) });
    });
    const without = (r: AggregateReport) => ({ ...r, suppression: undefined });

    it("exporting the same report again publishes every count the first one did", () => {
      // it once hid every count, the headline included, after one export
      const again = buildReport(base.rs, meta(1), { earlier: records });
      expect(without(again)).toEqual(without(first));
      expect(again.suppression.audit?.reports).toBe(2);
    });

    it("a report after a small what-if keeps the counts it does not change, and cannot be differenced", () => {
      const second = buildReport(whatIf.rs, meta(0.9), { earlier: records });
      expect(smallDifferences(first, second, 11)).toEqual([]);
      // eligible moves by a few patients: the new headline is hidden, the rest stays readable
      expect(Math.abs(whatIf.counts.eligible - base.counts.eligible)).toBeLessThan(11);
      expect(second.headline.total).toBe(5000);
      expect(second.funnel.start).toBe(5000);
      first.criteria.forEach((c, k) => {
        if (k === i4) return;
        const now = second.criteria[k]!;
        for (const f of ["failing", "unknown", "pass", "siteAssessed"] as const)
          expect([c.id, f, now[f]]).toEqual([c.id, f, c[f]]);
      });
      // (the attrition table repeats the funnel's cells: counted once, in the funnel)
      const hidden = (r: AggregateReport) =>
        JSON.stringify({ ...r, attrition: [] }).split('"suppressed"').length - 1;
      expect(hidden(second)).toBeLessThan(hidden(first) + 60);
    });

    it("the joint audit keeps every hidden count of both reports at least t values wide", () => {
      // UPCR 1.0 -> 0.5 moves many patients: complements hidden for the pair were once left
      // derivable (funnel.4.remainingLow: exactly 1049 from the pair of reports)
      const wide = screenCsv(csv, "ln-cd19-cd70", { upcr_min: 0.5 });
      const highs = loadedSolver()!;
      const plan = planReport(wide.rs, meta(0.5), { earlier: records });
      const result = runAudit(highs, plan.job!);
      const { cells, relations } = plan.job!.joined!;
      const hidden = new Set(result.hidden);
      const unknowns = [...cells.values()].filter((c) => !c.published || hidden.has(c.id));
      // witnesses (integral optima of the relaxation) prove most cells; the rest exactly
      const seen = new Map(unknowns.map((c) => [c.id, [c.value, c.value]]));
      const ids = unknowns.map((c) => c.id);
      const m = intervalModel(
        highs,
        ids,
        (id) => cells.get(id)!.value,
        relations,
        (x) =>
          ids.forEach((id, j) => {
            const b = seen.get(id)!;
            b[0] = Math.min(b[0]!, x[j]!);
            b[1] = Math.max(b[1]!, x[j]!);
          }),
      );
      const held = [...hidden, ...records[0]!.hidden!.map((id) => `r0:${id}`)];
      expect(held.length).toBeGreaterThan(hidden.size);
      const narrowed = held.flatMap((id) => {
        const v = cells.get(id)!.value;
        m.relaxed(id, false);
        m.relaxed(id, true);
        if (protects(v, seen.get(id) as [number, number], 11)) return [];
        const range: [number, number] = [m.exact(id, false), m.exact(id, true)];
        return protects(v, range, 11) ? [] : [`${id} ${range.join("..")}`];
      });
      m.dispose();
      expect(narrowed).toEqual([]);
    }, 120_000);
  });
});
