import { describe, expect, it } from "vitest";
import { EvalService } from "../../src/pool/eval-service.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { FAIL, PASS, UNDECIDED, type Table } from "../../src/engine/types.ts";

const protocol: Protocol = {
  id: "mini",
  title: "mini",
  version: "1",
  parameters: [{ name: "x_min", type: "number", default: 5 }],
  variables: [
    { name: "x", type: "number", description: "x" },
    { name: "site", type: "category", values: ["A", "B"], description: "site" },
  ],
  criteria: [
    { id: "I1", kind: "inclusion", label: "x", text: "x high", rule: "x >= x_min" },
    { id: "E1", kind: "exclusion", label: "site", text: "site B", rule: "site = 'B'" },
  ],
};

function table(): Table {
  const lo = Float64Array.of(1, 6, NaN, 9);
  return {
    nRows: 4,
    columns: {
      x: { kind: "number", lo, hi: lo, unit: "1" },
      site: { kind: "category", codes: Int32Array.of(0, 1, -1, 0), dict: ["A", "B"] },
    },
  };
}

describe("EvalService", () => {
  it("evaluates its slice, re-evaluates with overrides and edits cells", async () => {
    const s = new EvalService();
    const t = table();
    expect((await s.load(protocol, t, {})).ok).toBe(true);
    expect((await s.evaluate({})).verdicts.map((v) => [...v])).toEqual([
      [FAIL, PASS, UNDECIDED, PASS],
      [PASS, FAIL, UNDECIDED, PASS],
    ]);
    expect([...(await s.evaluate({ x_min: 7 }, [0], 1, 4)).verdicts[0]!]).toEqual([
      FAIL,
      UNDECIDED,
      PASS,
    ]);
    // a censored value (< 3) on a column whose lo and hi shared one buffer
    expect(
      await s.setRow(3, {
        x: { kind: "number", lo: -Infinity, hi: 3 },
        site: { kind: "category", value: "C" },
      }),
    ).toEqual([]);
    const x = t.columns.x!;
    expect(x.kind === "number" && x.lo !== x.hi && x.hi[3] === 3 && x.hi[1] === 6).toBe(true);
    const site = t.columns.site!;
    expect(site.kind === "category" && site.dict[site.codes[3]!]).toBe("C");
    expect((await s.evaluate({})).verdicts.map((v) => v[3])).toEqual([FAIL, PASS]);
  });

  it("returns bad rows, unknown columns and kind mismatches as problems", async () => {
    const s = new EvalService();
    await s.load(protocol, table(), {});
    expect(await s.setRow(9, {})).toMatchObject([{ message: "invalid row: 9 (slice has 4 rows)" }]);
    expect(
      await s.setRow(0, { y: { kind: "date", days: 0 }, x: { kind: "date", days: 0 } }),
    ).toMatchObject([
      { where: "y", message: "unknown column: y" },
      { where: "x", message: "invalid value for number column x: date" },
    ]);
  });
});
