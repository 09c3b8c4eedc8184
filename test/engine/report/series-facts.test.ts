/**
 * Two reports built in the page (a base and a what-if): a reader who sees the changed parameter
 * knows which criteria do not read it (their statuses are equal in both reports) and which way
 * a threshold moves the rest (patients move only from passing to failing, or only back). The
 * adversary here is written from the join's own cells plus those facts, and its intervals are
 * computed exactly with HiGHS.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/engine/report/audit.ts";
import { buildReport, planReport } from "../../../src/engine/report/build-report.ts";
import { intervalModel, type LinearRelation } from "../../../src/engine/report/intervals.ts";
import { protects } from "../../../src/engine/report/protect.ts";
import type { ReportRecord } from "../../../src/engine/report/series.ts";
import { loadSolver, loadedSolver } from "../../../src/engine/report/solver.ts";
import { generateSynthetic } from "../../../src/synth/generate.ts";
import { screenCsv } from "../../e2e/pipeline.ts";

beforeAll(async () => {
  await loadSolver();
});

const meta = (p: number) => ({
  protocol: { id: "demo", title: "Demo", version: "1" },
  parameters: { upcr_min: p },
  date: "2026-12-07",
});

/** The hidden counts of the pair an adversary with the equality and direction facts narrows. */
function narrowedByFacts(rows: number, upcr: number, seed: number): string[] {
  const csv = [...generateSynthetic({ rows, seed, wide: true, chunkRows: 5000 }).chunks()].join("");
  const base = screenCsv(csv);
  const whatIf = screenCsv(csv, "ln-cd19-cd70", { upcr_min: upcr });
  const records: ReportRecord[] = [];
  buildReport(base.rs, meta(1), { record: (r) => records.push(r) });
  const highs = loadedSolver()!;
  const plan = planReport(whatIf.rs, meta(upcr), { earlier: records });
  const result = runAudit(highs, plan.job!);
  if (result.failure) return []; // refused: nothing published
  const { cells, relations } = plan.job!.joined!;
  const facts: LinearRelation[] = [];
  // per criterion: the verdict flows that are 0 on the rows (all of them off the diagonal for a
  // criterion the what-if does not read; those against the threshold's direction for the rest)
  for (const c of cells.values())
    if (/^x0:criterion\..*\.(\d)\.(\d)$/.test(c.id)) {
      const [, a, b] = /\.(\d)\.(\d)$/.exec(c.id)!;
      if (a !== b && c.value === 0) facts.push({ plus: [c.id], minus: [] });
    }
  // a funnel step whose criteria up to it are all unchanged counts the same patients
  const same = (cid: string) => {
    const k = base.rs.perCriterion().findIndex((c) => c.id === cid);
    const x = base.rs.verdictsOf(k);
    const y = whatIf.rs.verdictsOf(k);
    return x.every((v, r) => v === y[r]);
  };
  const steps = records[0]!.steps!;
  steps.forEach((_, k) => {
    if (!steps.slice(0, k + 1).every(same)) return;
    for (const f of ["remainingLow", "remainingHigh", "removedLow", "removedHigh"])
      if (cells.has(`funnel.${k}.${f}`))
        facts.push({ plus: [`r0:funnel.${k}.${f}`], minus: [`funnel.${k}.${f}`] });
  });
  const all = [...relations, ...facts];
  const hidden = new Set(result.hidden);
  const ids = [...cells.values()].filter((c) => !c.published || hidden.has(c.id)).map((c) => c.id);
  // witnesses (integral optima of the relaxation) prove most cells; the rest exactly
  const seen = new Map(ids.map((id) => [id, [cells.get(id)!.value, cells.get(id)!.value]]));
  const m = intervalModel(
    highs,
    ids,
    (id) => cells.get(id)!.value,
    all,
    (x) =>
      ids.forEach((id, j) => {
        const b = seen.get(id)!;
        b[0] = Math.min(b[0]!, x[j]!);
        b[1] = Math.max(b[1]!, x[j]!);
      }),
  );
  const held = [...hidden, ...records[0]!.hidden!.map((id) => `r0:${id}`)];
  const out = held.flatMap((id) => {
    const v = cells.get(id)!.value;
    m.relaxed(id, false);
    m.relaxed(id, true);
    if (protects(v, seen.get(id) as [number, number], 11)) return [];
    const range: [number, number] = [m.exact(id, false), m.exact(id, true)];
    return protects(v, range, 11) ? [] : [`${id}=${v} ${range.join("..")}`];
  });
  m.dispose();
  return out;
}

describe("in-page what-if: the reader knows what did not change and which way a threshold moves", () => {
  for (const [rows, upcr, seed] of [
    [400, 0.9, 1],
    [400, 0.5, 2],
  ] as const)
    it(`${rows} rows, UPCR 1.0 -> ${upcr}: no hidden count narrowed`, () => {
      expect(narrowedByFacts(rows, upcr, seed)).toEqual([]);
    }, 240_000);
});
