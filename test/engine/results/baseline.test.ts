import { describe, expect, it } from "vitest";
import { Baseline, ResultSet } from "../../../src/engine/results/index.ts";
import { FAIL, PASS, UNDECIDED } from "../../../src/engine/types.ts";

const P = PASS;
const F = FAIL;
const U = UNDECIDED;
const meta = ["A", "B", "C"].map((id) => ({ id, kind: "inclusion" as const, label: id }));
// 8 patients, hand-written
const verdicts = () => [
  Uint8Array.from([P, F, P, U, P, F, P, P]),
  Uint8Array.from([P, P, F, P, U, F, P, U]),
  Uint8Array.from([P, P, P, P, P, P, F, U]),
];

describe("Baseline", () => {
  it("keeps the summaries as written while what-ifs change the ResultSet", () => {
    const rs = new ResultSet(meta, 8, verdicts());
    const base = Baseline.of(rs);
    const asWritten = rs.attrition([2, 0, 1]).steps.map((s) => [s.remainingLow, s.remainingHigh]);
    rs.setVerdicts(0, Uint8Array.from([P, P, P, P, P, P, P, P]));
    rs.setEnabled(2, false);
    expect(rs.counts().eligible).not.toBe(base.counts.eligible);
    const f = base.funnel(["C", "A", "B"]);
    expect(["C", "A", "B"].map((id) => [f.get(id)!.low, f.get(id)!.high])).toEqual(asWritten);
    // by hand: as written, eligible = row 0 only; A fails rows 1 and 5
    expect(base.counts).toMatchObject({ eligible: 1, needsReview: 3, ineligible: 4 });
    expect(base.criteria.get("A")).toEqual({ failing: 2, unknown: 1, failingAlone: 1 });
  });

  it("matches funnel steps by id and narrows by removed criteria last", () => {
    const rs = new ResultSet(meta, 8, verdicts());
    const base = Baseline.of(rs);
    const f = base.funnel(["B", "X"]);
    expect([...f.keys()]).toEqual(["B", "A", "C"]);
    expect(f.get("C")).toEqual({ low: 1, high: 4 });
  });

  it("counts subgroups as written", () => {
    const rs = new ResultSet(meta, 8, verdicts());
    const base = Baseline.of(rs);
    const codes = Int8Array.from([0, 0, 0, 0, 1, 1, 1, -1]);
    const g = base.subgroups(codes, ["x", "y"]);
    expect(g.get("x")).toEqual({ eligible: 1, needsReview: 1, ineligible: 2 });
    expect(g.get("y")).toEqual({ eligible: 0, needsReview: 1, ineligible: 2 });
    expect(g.get(null)).toEqual({ eligible: 0, needsReview: 1, ineligible: 0 });
  });
});
