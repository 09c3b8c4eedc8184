import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countTicks, linear, nice, tickStep, ticks } from "../../../src/ui/charts/scale.ts";

describe("tickStep", () => {
  it.each([
    [0, 100, 5, 20],
    [0, 1, 5, 0.2],
    [0, 937, 5, 200],
    [0, 10, 10, 1],
    [0, 3, 5, 0.5],
    [5, 5, 5, 0],
  ])("steps [%s, %s] in about %s parts by %s", (lo, hi, n, want) => {
    expect(tickStep(lo, hi, n)).toBeCloseTo(want, 12);
  });
});

describe("ticks", () => {
  it.each([
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 1000, 4, [0, 200, 400, 600, 800, 1000]],
    [0.3, 2, 5, [0.5, 1, 1.5, 2]],
    [-1, 1, 4, [-1, -0.5, 0, 0.5, 1]],
    [7, 7, 5, [7]],
    [10, 0, 2, [10, 5, 0]],
  ])("ticks [%s, %s] ~%s as %j", (lo, hi, n, want) => {
    expect(ticks(lo, hi, n)).toEqual(want);
  });

  it("returns round, evenly spaced values inside the domain", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        (lo, span, n) => {
          const hi = lo + span;
          const ts = ticks(lo, hi, n);
          const step = tickStep(lo, hi, n);
          expect(ts.length).toBeGreaterThan(0);
          expect(ts.length).toBeLessThanOrEqual(3 * n + 1);
          for (const v of ts) {
            expect(v).toBeGreaterThanOrEqual(lo - step * 1e-6);
            expect(v).toBeLessThanOrEqual(hi + step * 1e-6);
            const nearest = Math.round(v / step) * step;
            expect(Math.abs(v - nearest)).toBeLessThanOrEqual(Math.abs(v) * 1e-12 + step * 1e-9);
          }
        },
      ),
    );
  });
});

describe("nice", () => {
  it.each([
    [0, 937, [0, 1000]],
    [0, 1, [0, 1]],
    [0.3, 2, [0, 2]],
    [13, 87, [0, 100]],
    [4, 4, [4, 4]],
  ])("widens [%s, %s] to %j", (lo, hi, want) => {
    expect(nice(lo, hi)).toEqual(want);
  });
  it("always contains the input domain", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        (lo, span) => {
          const [a, b] = nice(lo, lo + span);
          expect(a).toBeLessThanOrEqual(lo);
          expect(b).toBeGreaterThanOrEqual(lo + span);
        },
      ),
    );
  });
});

describe("linear", () => {
  it("maps the domain onto the range", () => {
    const x = linear([0, 10], [100, 300]);
    expect(x(0)).toBe(100);
    expect(x(5)).toBe(200);
    expect(x(10)).toBe(300);
    expect(x(-5)).toBe(0);
  });
  it("inverts with a reversed range (y axes)", () => {
    const y = linear([0, 1000], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(250)).toBe(150);
  });
  it("puts everything in the middle for a zero-width domain", () => {
    expect(linear([3, 3], [0, 100])(3)).toBe(50);
  });
  it("exposes ticks over its domain", () => {
    expect(linear([0, 100], [0, 1]).ticks(5)).toEqual([0, 20, 40, 60, 80, 100]);
  });
});

describe("countTicks", () => {
  it("keeps whole numbers only", () => {
    expect(countTicks(linear([0, 3], [0, 100]), 5)).toEqual([0, 1, 2, 3]);
    expect(countTicks(linear([0, 1], [0, 100]), 5)).toEqual([0, 1]);
    expect(countTicks(linear([0, 2000], [0, 100]), 4)).toEqual([0, 500, 1000, 1500, 2000]);
  });
});
