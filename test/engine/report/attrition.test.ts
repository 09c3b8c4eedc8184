import { describe, expect, it } from "vitest";
import { attritionRows, mostRestrictiveFirst } from "../../../src/engine/report/attrition.ts";

const hidden = { suppressed: true as const, display: "*" };

describe("attritionRows", () => {
  it("gives removed n, % of the previous step and cumulative % as ranges", () => {
    const rows = attritionRows(200, [
      {
        id: "I1",
        label: "Age",
        remainingLow: 150,
        remainingHigh: 180,
        removedLow: 50,
        removedHigh: 20,
      },
      {
        id: "I2",
        label: "SLE",
        remainingLow: 90,
        remainingHigh: 144,
        removedLow: 60,
        removedHigh: 36,
      },
    ]);
    expect(rows[0]).toMatchObject({
      remaining: [150, 180],
      removed: [50, 20],
      removedPct: [10, 25],
      cumulativePct: [75, 90],
    });
    // 60 of 150 = 40 %, 36 of 180 = 20 %
    expect(rows[1]).toMatchObject({ removedPct: [20, 40], cumulativePct: [45, 72] });
  });

  it("hides every percentage that would use a hidden count", () => {
    const rows = attritionRows(200, [
      {
        id: "I1",
        label: "a",
        remainingLow: hidden,
        remainingHigh: 180,
        removedLow: hidden,
        removedHigh: 20,
      },
      {
        id: "I2",
        label: "b",
        remainingLow: 90,
        remainingHigh: 144,
        removedLow: 60,
        removedHigh: 36,
      },
    ]);
    expect(rows[0]).toMatchObject({ removed: [hidden, 20], removedPct: null, cumulativePct: null });
    expect(rows[1]!.removedPct).toBeNull(); // its previous step's low end is hidden
    expect(rows[1]!.cumulativePct).toEqual([45, 72]);
  });

  it("orders the most restrictive criteria first", () => {
    expect(
      mostRestrictiveFirst([
        { index: 0, failing: 5, unknown: 1 },
        { index: 1, failing: 9, unknown: 0 },
        { index: 2, failing: 5, unknown: 3 },
      ]),
    ).toEqual([1, 2, 0]);
  });
});
