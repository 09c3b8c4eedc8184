import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  and,
  andNot,
  countAndNot,
  forEachSet,
  fromIndices,
  not,
  or,
  popcount,
  popcount32,
  toIndices,
  xor,
  addCounts,
} from "../../../src/engine/results/bitset.ts";

const indexSet = (n: number) =>
  fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n });

describe("bitset", () => {
  it.each([
    [0, 0],
    [1, 1],
    [0xffffffff, 32],
    [0x80000001, 2],
    [0x12345678, 13],
  ])("popcount32(%i) is %i", (x, n) => {
    expect(popcount32(x)).toBe(n);
  });

  it("round-trips indices and agrees with Set algebra", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 200 })
          .chain((n) => fc.tuple(fc.constant(n), indexSet(n), indexSet(n))),
        ([n, xs, ys]) => {
          const a = fromIndices(n, xs);
          const b = fromIndices(n, ys);
          const sx = new Set(xs);
          const sy = new Set(ys);
          const sorted = (s: Iterable<number>) => [...s].sort((p, q) => p - q);
          expect([...toIndices(a)]).toEqual(sorted(sx));
          expect(popcount(a)).toBe(sx.size);
          expect([...toIndices(and(a, b))]).toEqual(sorted(xs.filter((v) => sy.has(v))));
          expect([...toIndices(or(a, b))]).toEqual(sorted(new Set([...xs, ...ys])));
          expect([...toIndices(andNot(a, b))]).toEqual(sorted(xs.filter((v) => !sy.has(v))));
          expect([...toIndices(xor(a, b))]).toEqual(
            sorted([...xs, ...ys].filter((v) => sx.has(v) !== sy.has(v))),
          );
          expect(countAndNot(a, b)).toBe(xs.filter((v) => !sy.has(v)).length);
          expect(popcount(not(a, n))).toBe(n - sx.size);
          const seen: number[] = [];
          forEachSet(a, (r) => seen.push(r));
          expect(seen).toEqual(sorted(sx));
          const counts = new Uint8Array(n);
          addCounts(a, counts);
          addCounts(b, counts);
          for (let r = 0; r < n; r++) expect(counts[r]).toBe(+sx.has(r) + +sy.has(r));
        },
      ),
    );
  });
});
