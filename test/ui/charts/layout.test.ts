import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fits, move, slotAt, stack, truncate, uniqueBy } from "../../../src/ui/charts/layout.ts";
import { sortCriteria } from "../../../src/ui/charts/sort.ts";
import {
  combinationName,
  matrixRows,
  topCombinations,
} from "../../../src/ui/charts/combinations.ts";
import { SAMPLE_CRITERIA, sampleCriterionStats } from "../../../src/ui/charts/sample.ts";

describe("stack", () => {
  it("lays values end to end in proportion", () => {
    expect(stack([1, 3], 100)).toEqual([
      { x: 0, width: 25 },
      { x: 25, width: 75 },
    ]);
  });
  it("leaves room when the whole is larger than the parts", () => {
    expect(stack([1, 1], 100, 4)).toEqual([
      { x: 0, width: 25 },
      { x: 25, width: 25 },
    ]);
  });
  it("draws nothing for zero or negative values", () => {
    expect(stack([0, -2, 0], 50)).toEqual([
      { x: 0, width: 0 },
      { x: 0, width: 0 },
      { x: 0, width: 0 },
    ]);
  });
  it("never exceeds the width", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1e6), { minLength: 1, maxLength: 6 }), (vs) => {
        const segs = stack(vs, 300);
        const last = segs[segs.length - 1]!;
        expect(last.x + last.width).toBeLessThanOrEqual(300.02);
      }),
    );
  });
});

describe("move", () => {
  it.each([
    [[0, 1, 2], 0, 2, [1, 2, 0]],
    [[0, 1, 2], 2, 0, [2, 0, 1]],
    [[0, 1, 2], 1, 1, [0, 1, 2]],
    [[0, 1, 2], 0, 9, [1, 2, 0]],
    [[0, 1, 2], 5, 0, [0, 1, 2]],
  ])("moves in %j from %s to %s giving %j", (items, from, to, want) => {
    expect(move(items, from, to)).toEqual(want);
  });
  it("keeps a permutation", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 20 }), fc.nat(25), fc.nat(25), (xs, a, b) => {
        expect(move(xs, a, b).slice().sort()).toEqual(xs.slice().sort());
      }),
    );
  });
});

describe("slotAt", () => {
  it.each([
    [0, 0],
    [29, 0],
    [30, 1],
    [89, 2],
    [500, 3],
    [-40, 0],
  ])("puts y=%s in slot %s", (y, want) => {
    expect(slotAt(y, 0, 30, 4)).toBe(want);
  });
});

describe("text helpers", () => {
  it("truncates with an ellipsis", () => {
    expect(truncate("SLE classification", 8)).toBe("SLE cla…");
    expect(truncate("Age", 8)).toBe("Age");
  });
  it("checks whether a label fits", () => {
    expect(fits("25%", 40)).toBe(true);
    expect(fits("1 210 · 73%", 40)).toBe(false);
  });
});

describe("uniqueBy", () => {
  it("keeps the first item of each key, in order", () => {
    const pts = [
      { v: 1, n: "a" },
      { v: 2, n: "b" },
      { v: 1, n: "c" },
    ];
    expect(uniqueBy(pts, (p) => p.v).map((p) => p.n)).toEqual(["a", "b"]);
  });
});

describe("sortCriteria", () => {
  const stats = sampleCriterionStats();
  it("sorts by failing, largest first", () => {
    const ids = sortCriteria(stats, "fail").map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual(["I3", "I4", "I5"]);
  });
  it("sorts by unknown and by failing alone", () => {
    expect(sortCriteria(stats, "unknown")[0]?.id).toBe("I6");
    expect(sortCriteria(stats, "alone")[0]?.id).toBe("I3");
  });
  it("keeps protocol order on request and for ties", () => {
    expect(sortCriteria(stats.slice().reverse(), "protocol").map((c) => c.index)).toEqual(
      stats.map((c) => c.index),
    );
  });
});

describe("combinations", () => {
  const combos = [
    { criteria: [3, 2], count: 10 },
    { criteria: [4], count: 50 },
    { criteria: [], count: 999 },
    { criteria: [2], count: 10 },
  ];
  it("takes the most frequent, fewer criteria first on ties, and drops empty sets", () => {
    expect(topCombinations(combos, 2)).toEqual([
      { criteria: [4], count: 50 },
      { criteria: [2], count: 10 },
    ]);
    expect(topCombinations(combos)[2]).toEqual({ criteria: [2, 3], count: 10 });
  });
  it("merges the same set given twice, adding the counts", () => {
    const merged = topCombinations([
      { criteria: [1, 2], count: 5 },
      { criteria: [2, 1], count: 7 },
      { criteria: [3], count: 9 },
    ]);
    expect(merged).toEqual([
      { criteria: [1, 2], count: 12 },
      { criteria: [3], count: 9 },
    ]);
  });
  it("clamps the limit", () => {
    expect(topCombinations(combos, 0)).toHaveLength(1);
  });
  it("lists matrix rows in protocol order, naming unknown indices", () => {
    const rows = matrixRows(SAMPLE_CRITERIA, [{ criteria: [8, 2, 42], count: 1 }]);
    expect(rows.map((r) => r.id)).toEqual(["I3", "E9", "#42"]);
    expect(combinationName([2, 8], SAMPLE_CRITERIA)).toBe("I3 + E9");
  });
});
