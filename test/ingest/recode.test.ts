/**
 * recodeCategories (recode.ts) against the per-row definition it replaced in categories.ts:
 * the recoded codes, the count of rows whose value is not allowed, and those values in order of
 * first appearance, in place and into a narrower array.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recodeCategories } from "../../src/ingest/map/recode.ts";

describe("recodeCategories", () => {
  it("recodes, counts and orders unknown values like the per-row loop", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: 80 }),
        fc.boolean(),
        (remap, raw, inPlace) => {
          const codes = Int16Array.from(raw, (c) => (c >= remap.length ? -1 : c));
          const want: number[] = [];
          const counts = new Map<number, number>();
          for (const c of codes) {
            want.push(c >= 0 ? remap[c]! : -1);
            if (c >= 0 && remap[c] === -1) counts.set(c, (counts.get(c) ?? 0) + 1);
          }
          const before = codes.slice();
          const out = inPlace ? codes : new Int8Array(codes.length);
          const r = recodeCategories(codes, out, remap, 3);
          expect([...out]).toEqual(want);
          if (!inPlace) expect(codes).toEqual(before);
          expect(r.unknown).toBe([...counts.values()].reduce((a, b) => a + b, 0));
          expect(r.firstUnknown).toEqual([...counts.keys()].slice(0, 3));
        },
      ),
    );
  });

  it("finds the first appearances before recoding in place", () => {
    const codes = Int8Array.of(2, 0, 1, -1, 2, 1, 0);
    const r = recodeCategories(codes, codes, [0, -1, -1]);
    expect([...codes]).toEqual([-1, 0, -1, -1, -1, -1, 0]);
    expect(r).toEqual({ unknown: 4, firstUnknown: [2, 1] });
  });
});
