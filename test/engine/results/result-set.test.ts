import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RESULT_STEPS, ResultSet } from "../../../src/engine/results/result-set.ts";
import type { CriterionMeta } from "../../../src/engine/results/types.ts";
import {
  ELIGIBLE,
  FAIL,
  INELIGIBLE,
  NEEDS_REVIEW,
  PASS,
  SITE,
  UNDECIDED,
} from "../../../src/engine/types.ts";
import {
  refAttrition,
  refCombinations,
  refCounts,
  refPerCriterion,
  refStatus,
  type RefInput,
} from "./reference.ts";

const meta = (n: number): CriterionMeta[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `C${i}`,
    kind: i % 2 ? "exclusion" : "inclusion",
    label: `crit ${i}`,
  }));

const verdictArray = (nRows: number, codes = [PASS, PASS, FAIL, UNDECIDED, SITE]) =>
  fc
    .array(fc.constantFrom(...codes), { minLength: nRows, maxLength: nRows })
    .map((a) => Uint8Array.from(a));

/** A cohort plus a list of what-if operations (replace verdicts, toggle a criterion). */
const scenarioOf = (maxRows: number, minCrit: number, maxCrit: number, codes?: number[]) =>
  fc
    .record({
      nRows: fc.integer({ min: 0, max: maxRows }),
      nCrit: fc.integer({ min: minCrit, max: maxCrit }),
    })
    .chain(({ nRows, nCrit }) =>
      fc.record({
        nRows: fc.constant(nRows),
        verdicts: fc.array(verdictArray(nRows, codes), { minLength: nCrit, maxLength: nCrit }),
        ops: fc.array(
          fc.oneof(
            fc.record({ i: fc.integer({ min: 0, max: nCrit - 1 }), v: verdictArray(nRows, codes) }),
            fc.record({ i: fc.integer({ min: 0, max: nCrit - 1 }), on: fc.boolean() }),
          ),
          { maxLength: 4 },
        ),
      }),
    );
const scenario = scenarioOf(90, 1, 6);

function compare(rs: ResultSet, x: RefInput): void {
  const c = rs.counts();
  const rc = refCounts(x);
  expect(c).toMatchObject(rc);
  expect(c.eligibleRange).toEqual([rc.eligible, rc.eligible + rc.needsReview]);
  const st = rs.statusArray();
  for (let r = 0; r < x.nRows; r++) {
    expect(st[r]).toBe(refStatus(x, r));
    expect(rs.rowStatus(r)).toBe(refStatus(x, r));
  }
  const per = rs.perCriterion();
  const ref = refPerCriterion(x);
  per.forEach((p, i) => {
    if (x.enabled[i]) {
      expect(p).toMatchObject(ref[i]!);
      // the exact gain of setting it aside: the counts with it disabled, minus the counts now
      const aside = refCounts({ ...x, enabled: x.enabled.map((on, j) => on && j !== i) });
      expect(p.gain).toEqual({
        eligible: aside.eligible - rc.eligible,
        needsReview: aside.needsReview - rc.needsReview,
      });
    } else
      expect(p).toMatchObject({
        failing: ref[i]!.failing,
        unknown: ref[i]!.unknown,
        enabled: false,
      });
  });
  const order = x.verdicts.map((_, i) => i).reverse();
  expect(
    rs
      .attrition(order)
      .steps.map((s) => ({ remainingLow: s.remainingLow, remainingHigh: s.remainingHigh })),
  ).toEqual(refAttrition(x, order));
  const comb = rs.combinations(1000);
  const refComb = refCombinations(x);
  expect(comb.distinctSets).toBe(refComb.size);
  expect(new Map(comb.sets.map((s) => [s.criteria.join(","), s.count]))).toEqual(refComb);
  expect(comb.otherRows).toBe(0);
  for (const { criteria, count } of comb.sets)
    expect(rs.rowsWhere({ combination: criteria }).length).toBe(count);
}

describe("ResultSet", () => {
  it.each([
    ["up to 6 criteria", scenario, 150],
    // sparse FAIL/UNDECIDED so rows have few; 33-64 criteria use two words per set, beyond a string key
    [
      "33 to 70 criteria",
      scenarioOf(40, 30, 70, [
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        PASS,
        FAIL,
        UNDECIDED,
        SITE,
      ]),
      40,
    ],
  ] as const)(
    "matches a row-by-row reference after any sequence of what-ifs (%s)",
    (_, arb, numRuns) => {
      fc.assert(
        fc.property(arb, ({ nRows, verdicts, ops }) => {
          const rs = new ResultSet(meta(verdicts.length), nRows, verdicts.slice());
          const x: RefInput = {
            nRows,
            verdicts: verdicts.slice(),
            enabled: verdicts.map(() => true),
          };
          compare(rs, x);
          for (const op of ops) {
            if ("v" in op) {
              rs.setVerdicts(op.i, op.v);
              x.verdicts[op.i] = op.v;
            } else {
              rs.setEnabled(op.i, op.on);
              x.enabled[op.i] = op.on;
            }
            compare(rs, x);
          }
        }),
        { numRuns },
      );
    },
  );

  it("keeps funnels right when orders alternate between what-ifs", () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.nat(), { maxLength: 6 }),
        ({ nRows, verdicts, ops }, perm) => {
          const rs = new ResultSet(meta(verdicts.length), nRows, verdicts.slice());
          const x: RefInput = {
            nRows,
            verdicts: verdicts.slice(),
            enabled: verdicts.map(() => true),
          };
          const natural = verdicts.map((_, i) => i);
          const other = natural.map((_, k) => natural[(k + (perm[k] ?? 0)) % natural.length]!); // may repeat
          const check = () => {
            for (const order of [natural, other, natural]) {
              const got = rs.attrition(order).steps.map((s) => ({
                remainingLow: s.remainingLow,
                remainingHigh: s.remainingHigh,
              }));
              expect(got).toEqual(refAttrition(x, order));
            }
          };
          check();
          for (const op of ops) {
            if ("v" in op) {
              rs.setVerdicts(op.i, op.v);
              x.verdicts[op.i] = op.v;
            } else {
              rs.setEnabled(op.i, op.on);
              x.enabled[op.i] = op.on;
            }
            check();
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("counts a small hand-made cohort", () => {
    // rows:      0     1     2     3          4
    const a = Uint8Array.of(PASS, FAIL, PASS, UNDECIDED, FAIL);
    const b = Uint8Array.of(SITE, FAIL, UNDECIDED, PASS, PASS);
    const built: string[] = [];
    const rs = new ResultSet(meta(2), 5, [a, b], (s) => built.push(s));
    expect(built).toEqual([...RESULT_STEPS]);
    expect(rs.counts()).toEqual({
      eligible: 1,
      needsReview: 2,
      ineligible: 2,
      total: 5,
      eligibleRange: [1, 3],
    });
    expect([...rs.statusArray()]).toEqual([
      ELIGIBLE,
      INELIGIBLE,
      NEEDS_REVIEW,
      NEEDS_REVIEW,
      INELIGIBLE,
    ]);
    expect(rs.perCriterion().map((p) => [p.failingAlone, p.unknownAlone])).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect([...rs.rowsWhere({ failingAlone: 0 })]).toEqual([4]);
    expect([...rs.rowsWhere({ status: NEEDS_REVIEW })]).toEqual([2, 3]);
    expect([...rs.rowsWhere({ criterion: 1, verdict: SITE })]).toEqual([0]);
    expect([...rs.rowsWhere({ combination: [0, 1] })]).toEqual([1]);
    const steps = rs.attrition([1, 0]).steps;
    expect(steps.map((s) => [s.remainingLow, s.remainingHigh])).toEqual([
      [3, 4],
      [1, 3],
    ]);
    rs.setEnabled(0, false);
    expect(rs.counts()).toMatchObject({ eligible: 3, needsReview: 1, ineligible: 1 });
    expect(rs.perCriterion()[0]!.failingAlone).toBe(1); // row 4 would fail on it alone if re-enabled
  });

  it("keeps combinations right with more than 32 criteria", () => {
    const n = 40;
    const vs = Array.from({ length: n }, (_, i) =>
      Uint8Array.of(i === 35 || i === 2 ? FAIL : PASS, i === 39 ? FAIL : PASS),
    );
    const rs = new ResultSet(meta(n), 2, vs);
    expect(rs.combinations().sets.map((s) => s.ids)).toEqual(
      [["C39"], ["C2", "C35"]].sort((p, q) => p.length - q.length),
    );
    rs.setVerdicts(35, Uint8Array.of(PASS, PASS));
    expect(rs.combinations().sets.map((s) => s.ids.join("+"))).toEqual(["C2", "C39"]);
  });

  it("rejects verdict arrays of the wrong length or code", () => {
    expect(() => new ResultSet(meta(1), 3, [new Uint8Array(2)])).toThrow(/length 2/);
    expect(() => new ResultSet(meta(1), 1, [Uint8Array.of(7)])).toThrow(/invalid verdict code 7/);
  });

  it("counts subgroups per category including missing codes", () => {
    const v = Uint8Array.of(PASS, FAIL, UNDECIDED, PASS);
    const rs = new ResultSet(meta(1), 4, [v]);
    const g = rs.subgroups(Int32Array.of(0, 0, 1, -1), ["F", "M"]).groups;
    expect(g).toEqual([
      { value: "F", eligible: 1, needsReview: 0, ineligible: 1, total: 2 },
      { value: "M", eligible: 0, needsReview: 1, ineligible: 0, total: 1 },
      { value: null, eligible: 1, needsReview: 0, ineligible: 0, total: 1 },
    ]);
  });
});
