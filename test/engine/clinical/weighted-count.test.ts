/**
 * The packed weighted count (SLEDAI-2K, ACR 1997) against the plain loop: same interval for
 * every row, any flag bytes (not only the three truth codes), any whole weights; weights that
 * cannot be packed take the plain loop and still count right.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  packableWeights,
  plainWeightedCount,
  weightedCount,
} from "../../../src/engine/functions/clinical";

function run(
  f: typeof weightedCount,
  flags: Uint8Array[],
  weights: number[],
  n: number,
): [number[], number[]] {
  const o = { lo: new Float64Array(n), hi: new Float64Array(n) };
  f(flags, weights, n, o);
  return [[...o.lo], [...o.hi]];
}

/** the interval by definition, row at a time */
function byRow(flags: Uint8Array[], weights: number[], n: number): [number[], number[]] {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    let l = 0;
    let h = 0;
    flags.forEach((v, k) => {
      if (v[i] === 1) l += weights[k]!;
      if (v[i] !== 0) h += weights[k]!;
    });
    lo.push(l);
    hi.push(h);
  }
  return [lo, hi];
}

describe("weightedCount", () => {
  it("gives the row-at-a-time interval for any flags and whole weights", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        (n, weights, seed) => {
          let s = seed | 0;
          const flags = weights.map(() =>
            Uint8Array.from({ length: n }, () => {
              s = (Math.imul(s, 1103515245) + 12345) | 0;
              const r = (s >>> 16) & 0xff;
              // mostly truth codes, sometimes any byte
              return r < 230 ? r % 3 : r;
            }),
          );
          expect(packableWeights(weights)).toBe(true);
          const want = byRow(flags, weights, n);
          expect(run(weightedCount, flags, weights, n)).toEqual(want);
          expect(run(plainWeightedCount, flags, weights, n)).toEqual(want);
        },
      ),
    );
  });

  it("counts right at the packed sums' limit and past it (the plain loop)", () => {
    const n = 4;
    const flags = [Uint8Array.of(1, 2, 0, 1), Uint8Array.of(1, 1, 2, 0)];
    for (const weights of [
      [0xffff - 1, 1], // total 0xffff: packed
      [0xffff, 1], // past it
      [2.5, 1], // not whole
      [-1, 3], // negative
    ]) {
      expect(run(weightedCount, flags, weights, n)).toEqual(byRow(flags, weights, n));
    }
    expect(packableWeights([0xffff - 1, 1])).toBe(true);
    expect(packableWeights([0xffff, 1])).toBe(false);
    expect(packableWeights([2.5])).toBe(false);
    expect(packableWeights([-1])).toBe(false);
  });
});
