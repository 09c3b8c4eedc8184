import { beforeAll, describe, expect, it } from "vitest";
import { shareText } from "../../../src/app/report-appendix.ts";
import { runAudit } from "../../../src/engine/report/audit.ts";
import { planReport } from "../../../src/engine/report/build-report.ts";
import { intervalModel, type LinearRelation } from "../../../src/engine/report/intervals.ts";
import { protects } from "../../../src/engine/report/protect.ts";
import { loadSolver, type Highs } from "../../../src/engine/report/solver.ts";
import { ResultSet } from "../../../src/engine/results/result-set.ts";
import { FAIL, PASS, UNDECIDED } from "../../../src/engine/types.ts";

let highs: Highs;
beforeAll(async () => {
  highs = await loadSolver();
});

const meta = { protocol: { id: "c", title: "c", version: "1" }, parameters: {}, date: "d" };

/** n patients; C0 reads one variable only: unknown on C0 exactly when the variable is missing */
function cohort(n: number, seed: number) {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pm = 0.02 + rnd() * 0.2;
  const missing = Uint8Array.from({ length: n }, () => Number(rnd() < pm));
  const c0 = Uint8Array.from(missing, (m) => (m ? UNDECIDED : rnd() < 0.3 ? FAIL : PASS));
  const c1 = Uint8Array.from({ length: n }, () =>
    rnd() < 0.25 ? FAIL : rnd() < 0.05 ? UNDECIDED : PASS,
  );
  const c2 = Uint8Array.from({ length: n }, () => (rnd() < 0.1 ? FAIL : PASS));
  const crit = ["C0", "C1", "C2"].map((id) => ({ id, kind: "inclusion" as const, label: id }));
  return { rs: new ResultSet(crit, n, [c0, c1, c2]), missing };
}

/**
 * What a reader proves from the report and its printed band, written apart from the builder's
 * model of the band: the share text read back as bounds on the patients missing the variable,
 * who are C0's unknown patients. Hidden cells whose interval breaks the rule.
 */
function narrowed(n: number, seed: number, audited = true): string[] {
  const { rs, missing } = cohort(n, seed);
  const completeness = audited ? [{ variable: "v", missing }] : [];
  const plan = planReport(rs, meta, { completeness });
  const result = runAudit(highs, plan.job!);
  const report = plan.finish(result);
  const known = n - missing.reduce((a, b) => a + b, 0);
  const text = report.completeness?.[0]?.share ?? shareText(known, n, 11);
  const cells = new Map([...plan.job!.cells].filter(([id]) => !id.startsWith("completeness.")));
  const relations: LinearRelation[] = plan.job!.relations.filter(
    (r) => ![...r.plus, ...r.minus].some((id) => id.startsWith("completeness.")),
  );
  const hidden = new Set(result.hidden.filter((id) => !id.startsWith("completeness.")));
  const m = /^(?:≥ (\d+)%|< (\d+)%|(\d+)–(\d+)%|100%|0%)$/.exec(text);
  if (m) {
    // lo% <= known/n (< hi%, or <= 100% for the top band): bounds on missing = C0's unknown
    const lo = text === "100%" ? 100 : Number(m[1] ?? (m[2] ? 0 : (m[3] ?? 0)));
    const hi = m[2] ?? m[4];
    const most = hi === undefined ? (text === "0%" ? 0 : n) : Math.ceil((Number(hi) * n) / 100) - 1;
    cells.set("bandMissingLow", {
      id: "bandMissingLow",
      value: n - most,
      published: true,
      priority: 0,
    });
    cells.set("bandMissingHigh", {
      id: "bandMissingHigh",
      value: n - Math.ceil((lo * n) / 100),
      published: true,
      priority: 0,
    });
    relations.push({ plus: ["bandMissingLow"], minus: ["criteria.0.unknown"], le: true });
    relations.push({ plus: ["criteria.0.unknown"], minus: ["bandMissingHigh"], le: true });
  }
  const unknowns = [...cells.values()].filter((c) => !c.published || hidden.has(c.id));
  const model = intervalModel(
    highs,
    unknowns.map((c) => c.id),
    (id) => cells.get(id)!.value,
    relations,
  );
  const out = [...hidden].flatMap((id) => {
    const range: [number, number] = [model.exact(id, false), model.exact(id, true)];
    return protects(cells.get(id)!.value, range, 11)
      ? []
      : [`${seed}: ${id} ${range.join("..")} (${text})`];
  });
  model.dispose();
  return out;
}

describe("the data completeness bands in the audit", () => {
  it("no printed band narrows a hidden count below the rule", () => {
    const found = [];
    for (const seed of [3, 7, 11]) found.push(...narrowed(300, seed * 7919));
    expect(found).toEqual([]);
    // the same reports with bands left out of the audit are narrowed by them
    // (seed 11: C1's unknown count, hidden, is proven 1..81, so non-zero)
    expect(narrowed(300, 11 * 7919, false)).not.toEqual([]);
  }, 120_000);
});
