/**
 * The packed weighted count (SLEDAI-2K, ACR 1997) against the plain loop: same interval for
 * every row, any flag bytes (not only the three truth codes), any whole weights; weights that
 * cannot be packed take the plain loop and still count right; the four-rows-a-word sums
 * (byte sums) against the same definition, at their limit and at any offset.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  byteWeightedCount,
  packableWeights,
  plainWeightedCount,
  weightedCount,
} from "../../../src/engine/functions/weighted-count.ts";

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

describe("byteWeightedCount", () => {
  /** flags as views at byte offset `at` of a larger buffer (any alignment) */
  const flagsAt = (rows: number[][], at: number): Uint8Array[] =>
    rows.map((r) => {
      const buf = new Uint8Array(at + r.length + 3);
      buf.set(r, at);
      return buf.subarray(at, at + r.length);
    });

  it("gives the row-at-a-time interval for any bytes, whole weights up to 255 in all", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 70 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 24 }),
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 24, maxLength: 24 }),
        (n, weights, seed, offsets) => {
          fc.pre(weights.reduce((a, b) => a + b, 0) <= 255);
          let s = seed | 0;
          const rows = weights.map(() =>
            Array.from({ length: n }, () => {
              s = (Math.imul(s, 1103515245) + 12345) | 0;
              const r = (s >>> 16) & 0xff;
              return r < 200 ? r % 3 : r;
            }),
          );
          // each flag vector at its own byte offset (words shifted together when not on one)
          const flags = rows.map((r, k) => flagsAt([r], offsets[k]!)[0]!);
          const o = { lo: new Float64Array(n), hi: new Float64Array(n) };
          expect(byteWeightedCount(flags, weights, n, o)).toBe(true);
          expect([[...o.lo], [...o.hi]]).toEqual(byRow(flags, weights, n));
        },
      ),
    );
  });

  it("counts flags that read the same bytes once, with their weights summed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 2 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (codes, picks) => {
          const n = codes.length;
          // three vectors; each flag one of them, as the same object or another view of its bytes
          const pool = [0, 1, 2].map((s) => Uint8Array.from(codes, (c) => (c + s) % 3));
          const flags = picks.map(([, k], j) =>
            j % 2 ? pool[k]! : new Uint8Array(pool[k]!.buffer, 0, n),
          );
          const weights = picks.map(([w]) => w);
          const o = { lo: new Float64Array(n), hi: new Float64Array(n) };
          expect(byteWeightedCount(flags, weights, n, o)).toBe(true);
          expect([[...o.lo], [...o.hi]]).toEqual(byRow(flags, weights, n));
        },
      ),
    );
  });

  it("reaches 255 in every byte without carrying, and declines what it cannot sum", () => {
    const n = 9;
    const weights = [200, 55];
    const all = (v: number) => Array.from({ length: n }, () => v);
    const o = { lo: new Float64Array(n), hi: new Float64Array(n) };
    expect(byteWeightedCount(flagsAt([all(1), all(1)], 0), weights, n, o)).toBe(true);
    expect([...o.lo]).toEqual(all(255));
    expect(byteWeightedCount(flagsAt([all(2), all(255)], 0), weights, n, o)).toBe(true);
    expect([[...o.lo], [...o.hi]]).toEqual([all(0), all(255)]);
    // a total over 255, or a vector off a word boundary whose last word would pass its
    // buffer's end: nothing written
    expect(byteWeightedCount(flagsAt([all(1), all(1)], 0), [200, 56], n, o)).toBe(false);
    const atEnd = new Uint8Array(n + 1).fill(1).subarray(1);
    expect(byteWeightedCount([atEnd, atEnd], weights, 8, o)).toBe(false);
    // weightedCount then takes the 16-bit sums, with the same result
    const odd = [atEnd, Uint8Array.of(0, 1, 2, 1, 0, 2, 2, 1, 0)];
    expect(run(weightedCount, odd, weights, n)).toEqual(byRow(odd, weights, n));
  });
});
