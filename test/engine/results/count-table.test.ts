import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CountTable } from "../../../src/engine/results/count-table.ts";

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe("CountTable", () => {
  it("agrees with a Map through growth, deletions and re-insertions", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(int32, fc.constantFrom(0, 0, 1, -7, 2 ** 30), fc.integer({ min: -2, max: 3 })),
          { maxLength: 3000 },
        ),
        (ops) => {
          const t = new CountTable(2);
          const m = new Map<string, number>();
          for (const [lo, hi, d] of ops) {
            const key = `${lo}/${hi}`;
            if ((lo === 0 && hi === 0) || (m.get(key) ?? 0) + d < 0) continue; // never in use
            t.add(lo, hi, d);
            m.set(key, (m.get(key) ?? 0) + d);
          }
          const live = [...m].filter(([, c]) => c > 0).sort();
          expect(t.size).toBe(live.length);
          const seen: [string, number][] = [];
          t.forEach((lo, hi, c) => seen.push([`${lo}/${hi}`, c]));
          expect(seen.sort()).toEqual(live);
          const want = live.map(([, c]) => c).sort((a, b) => b - a);
          expect(t.top(5).map(([, , c]) => c)).toEqual(want.slice(0, 5));
        },
      ),
      { numRuns: 60 },
    );
  });
});
