import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildReport, REPORT_SCHEMA } from "../../../src/engine/report/build-report.ts";
import { Ledger, suppress } from "../../../src/engine/report/ledger.ts";
import type { AggregateReport, Count, ReportOptions } from "../../../src/engine/report/types.ts";
import { ResultSet } from "../../../src/engine/results/result-set.ts";
import { FAIL, PASS, SITE, UNDECIDED } from "../../../src/engine/types.ts";
import { loadSolver } from "../../../src/engine/report/solver.ts";
import { attack, relationsOf } from "./attack.ts";

beforeAll(async () => {
  await loadSolver();
});

const meta = {
  protocol: { id: "demo", title: "Demo trial", version: "1" },
  parameters: { min_age: 18 },
  date: "2026-11-25",
};

/** Every Count in a report, with its JSON path. */
function allCounts(x: unknown, path = ""): [string, Count][] {
  if (typeof x === "number") return [[path, x]];
  if (x && typeof x === "object" && "suppressed" in x) return [[path, x as Count]];
  if (Array.isArray(x)) return x.flatMap((v, i) => allCounts(v, `${path}[${i}]`));
  if (x && typeof x === "object")
    return Object.entries(x).flatMap(([k, v]) =>
      // percentages (attrition `*Pct`) are shares of published counts, not counts
      k === "suppression" || k === "parameters" || k === "version" || k.endsWith("Pct")
        ? []
        : allCounts(v, `${path}.${k}`),
    );
  return [];
}

/** A random cohort where small counts are common: rare failures, rare unknowns, skewed groups. */
const cohort = fc
  .record({
    nRows: fc.integer({ min: 0, max: 300 }),
    crit: fc.array(
      fc.record({
        pFail: fc.constantFrom(0, 0.003, 0.02, 0.1, 0.5),
        pUnd: fc.constantFrom(0, 0.01, 0.05),
        site: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    groupWeights: fc.array(fc.constantFrom(0.005, 0.03, 0.2, 1), { minLength: 1, maxLength: 5 }),
    seed: fc.integer(),
    threshold: fc.constantFrom(5, 11),
    top: fc.integer({ min: 1, max: 6 }),
    disable: fc.option(fc.nat(5)),
  })
  .map((p) => {
    let s = p.seed | 1;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const verdicts = p.crit.map((c, i) =>
      Uint8Array.from({ length: p.nRows }, () => {
        if (c.site && i === 0) return SITE;
        const x = rnd();
        return x < c.pFail ? FAIL : x < c.pFail + c.pUnd ? UNDECIDED : PASS;
      }),
    );
    const total = p.groupWeights.reduce((a, b) => a + b, 0);
    const codes = Int32Array.from({ length: p.nRows }, () => {
      let x = rnd() * (total + 0.02);
      for (let g = 0; g < p.groupWeights.length; g++) if ((x -= p.groupWeights[g]!) < 0) return g;
      return -1;
    });
    const criteria = p.crit.map((_, i) => ({
      id: `C${i}`,
      kind: "inclusion" as const,
      label: `c${i}`,
    }));
    const rs = new ResultSet(criteria, p.nRows, verdicts);
    if (p.disable !== null && p.disable < criteria.length) rs.setEnabled(p.disable, false);
    const dict = p.groupWeights.map((_, g) => `g${g}`);
    const opts: ReportOptions = {
      threshold: p.threshold,
      topCombinations: p.top,
      subgroups: [{ name: "site", codes, dict }],
    };
    // print the generating parameters, not the ResultSet's internals, on failure
    return { rs, opts, threshold: p.threshold, [fc.toStringMethod]: () => JSON.stringify(p) };
  });

describe("buildReport", () => {
  it("suppresses every small count and leaves nothing recoverable by subtraction (random cohorts)", () => {
    fc.assert(
      fc.property(cohort, ({ rs, opts, threshold }) => {
        const pub = buildReport(rs, meta, opts);
        const truth = buildReport(rs, meta, { ...opts, suppression: false });
        // the checker's relations really hold, so a leak found by it would be real
        const sum = (ts: { truth: number }[]) => ts.reduce((a, x) => a + x.truth, 0);
        for (const rel of relationsOf(truth, truth))
          expect(sum(rel.plus), rel.plus.map((x) => x.name).join("+")).toBe(sum(rel.minus));
        const truthCounts = new Map(allCounts(truth));
        for (const [path, c] of allCounts(pub)) {
          const v = truthCounts.get(path) as number;
          if (typeof c === "number") {
            expect(c).toBe(v);
            expect(c === 0 || c >= threshold, `${path} = ${c} published`).toBe(true);
          } else {
            // one symbol for every unpublished count, whatever its size
            expect(c).toEqual({ suppressed: true, display: "*" });
          }
        }
        expect(attack(pub, truth, threshold)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  it("catches a funnel whose step difference would reveal a small count (the attack works)", () => {
    // 100 rows; criterion 0 removes 5 rows: publishing remaining 100 -> 95 would reveal "5"
    const v0 = Uint8Array.from({ length: 100 }, (_, r) => (r < 5 ? FAIL : PASS));
    const v1 = Uint8Array.from({ length: 100 }, (_, r) => (r >= 50 ? FAIL : PASS));
    const rs = new ResultSet(
      [
        { id: "I1", kind: "inclusion", label: "a" },
        { id: "I2", kind: "inclusion", label: "b" },
      ],
      100,
      [v0, v1],
    );
    const truth = buildReport(rs, meta, { suppression: false });
    const naive: AggregateReport = structuredClone(truth);
    naive.funnel.steps[0]!.removedLow = { suppressed: true, display: "*" };
    expect(attack(naive, truth, 11).map((l) => l.name)).toContain("funnel[0].removedLow");
    const pub = buildReport(rs, meta);
    expect(pub.funnel.steps[0]!.removedLow).toEqual({ suppressed: true, display: "*" });
    expect(typeof pub.funnel.steps[0]!.remainingLow).toBe("object");
    expect(attack(pub, truth, 11)).toEqual([]);
  });

  it("gives the attrition table from the funnel's published cells only", () => {
    // as above: step 1 removes 5 (hidden), step 2 removes 50
    const v0 = Uint8Array.from({ length: 100 }, (_, r) => (r < 5 ? FAIL : PASS));
    const v1 = Uint8Array.from({ length: 100 }, (_, r) => (r >= 50 ? FAIL : PASS));
    const rs = new ResultSet(
      [
        { id: "I1", kind: "inclusion", label: "a" },
        { id: "I2", kind: "inclusion", label: "b" },
      ],
      100,
      [v0, v1],
    );
    const truth = buildReport(rs, meta, { suppression: false });
    expect(truth.attrition).toEqual([
      {
        id: "I1",
        label: "a",
        remaining: [95, 95],
        removed: [5, 5],
        removedPct: [5, 5],
        cumulativePct: [95, 95],
      },
      {
        id: "I2",
        label: "b",
        remaining: [45, 45],
        removed: [50, 50],
        removedPct: [52.6, 52.6],
        cumulativePct: [45, 45],
      },
    ]);
    const pub = buildReport(rs, meta);
    const f = pub.funnel.steps;
    expect(pub.attrition.map((r) => [r.remaining, r.removed])).toEqual(
      f.map((s) => [
        [s.remainingLow, s.remainingHigh],
        [s.removedLow, s.removedHigh],
      ]),
    );
    // the hidden removal and remaining keep every percentage built on them hidden
    expect(pub.attrition[0]).toMatchObject({ removedPct: null, cumulativePct: null });
    expect(pub.attrition[1]!.removedPct).toBeNull();
  });

  it("refuses a subgroup column whose small level cannot be merged into a large one", () => {
    const n = 200;
    const v = Uint8Array.from({ length: n }, (_, r) => (r % 2 ? FAIL : PASS));
    const codes = Int32Array.from({ length: n }, (_, r) => (r < 3 ? 1 : 0)); // group g1 has 3 rows
    const rs = new ResultSet([{ id: "I1", kind: "inclusion", label: "a" }], n, [v]);
    const opts = { subgroups: [{ name: "site", codes, dict: ["big", "tiny"] }] };
    const pub = buildReport(rs, meta, opts);
    // 3 rows in "tiny": it would be merged into "other", still small, which then takes in
    // "big": one group is left, so the column is not published, and says why
    expect(pub.subgroups).toEqual([]);
    expect(pub.subgroupsRefused).toEqual([
      { name: "site", reason: '"site" has no two groups of 11 or more patients' },
    ]);
    expect(attack(pub, buildReport(rs, meta, { ...opts, suppression: false }), 11)).toEqual([]);
  });

  it("gives a criterion assessed only at site no funnel step, but lists it", () => {
    const site = new Uint8Array(30).fill(SITE);
    const crit = [
      { id: "I1", kind: "inclusion" as const, label: "a" },
      { id: "S1", kind: "inclusion" as const, label: "site" },
    ];
    const r = buildReport(new ResultSet(crit, 30, [new Uint8Array(30), site]), meta);
    expect(r.funnel.steps.map((x) => x.id)).toEqual(["I1"]);
    expect(r.criteria.map((c) => [c.id, c.siteAssessed])).toEqual([
      ["I1", 0],
      ["S1", 30],
    ]);
  });

  it("writes the versioned schema and the meta", () => {
    const rs = new ResultSet([{ id: "I1", kind: "inclusion", label: "a" }], 50, [
      new Uint8Array(50),
    ]);
    const r = buildReport(rs, { ...meta, source: { name: "extract.csv" } }, { threshold: 5 });
    expect(r).toMatchObject({
      schema: REPORT_SCHEMA,
      version: 2,
      generated: "2026-11-25",
      protocol: meta.protocol,
      source: { name: "extract.csv", rows: 50 },
    });
    expect(r.headline).toMatchObject({
      eligible: 50,
      needsReview: 0,
      ineligible: 0,
      eligibleRange: [50, 50],
    });
    expect(r.suppression).toMatchObject({ enabled: true, threshold: 5, display: "*" });
    expect(r.suppression.rule).toContain("No count from 1 to 4 is published");
  });
});

describe("suppress", () => {
  it("adds the next smallest cell of a relation with one suppressed cell", () => {
    const l = new Ledger();
    l.cell("a", 5);
    l.cell("b", 30);
    l.cell("c", 100);
    l.cell("t", 135);
    l.relate(["a", "b", "c"], ["t"]);
    expect(suppress(l, 11)).toEqual(
      new Map([
        ["a", "primary"],
        ["b", "secondary"],
      ]),
    );
  });

  it("protects a small hidden difference", () => {
    const l = new Ledger();
    l.cell("all", 100);
    l.cell("part", 96);
    l.relate(["part", l.hidden("rest", 4)], ["all"]);
    expect(suppress(l, 11).get("part")).toBe("secondary");
  });

  it("rejects relations that do not hold", () => {
    const l = new Ledger();
    l.cell("a", 1);
    expect(() => l.relate(["a"], ["a", "a"])).toThrow(/does not hold/);
  });
});
