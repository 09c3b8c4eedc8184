/**
 * Cockcroft-Gault's shortcut for exact inputs (clinical.ts): the point it writes is the one the
 * interval arithmetic gives. With sex unknown a row takes the interval path and gets
 * [x 0.85, x 1]: its bounds must be the exact rows' values for female and male.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COCKCROFT_GAULT } from "../../../src/engine/functions/cockcroft-gault.ts";
import { FALSE, TRUE, UNKNOWN } from "../../../src/engine/types.ts";

function run(age: number, weight: number, female: number, scr: number): [number, number] {
  const v = (x: number) => ({ lo: Float64Array.of(x), hi: Float64Array.of(x) });
  const o = { lo: new Float64Array(1), hi: new Float64Array(1) };
  COCKCROFT_GAULT.kernel([v(age), v(weight), Uint8Array.of(female), v(scr)], 1, o);
  return [o.lo[0]!, o.hi[0]!];
}

describe("cockcroft_gault on exact values", () => {
  it("writes the interval path's bounds as points", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 139 }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (age, weight, scr) => {
          const [lo, hi] = run(age, weight, UNKNOWN, scr);
          expect(run(age, weight, TRUE, scr)).toEqual([lo, lo]);
          expect(run(age, weight, FALSE, scr)).toEqual([hi, hi]);
          expect(hi).toBe(((140 - age) * weight) / (72 * scr));
        },
      ),
    );
  });

  it("keeps exact boundaries and leaves zero, missing and unknown sex to the interval path", () => {
    expect(run(80, 72, FALSE, 2)).toEqual([30, 30]); // 4320 / 144
    expect(run(140, 70, FALSE, 1)).toEqual([0, 0]);
    expect(run(40, 70, FALSE, 0)).toEqual([NaN, NaN]);
    expect(run(40, NaN, TRUE, 1)).toEqual([NaN, NaN]);
    expect(run(40, 70, 3, 1)).toEqual([NaN, NaN]);
  });
});
