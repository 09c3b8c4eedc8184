import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CountTable } from "../../../src/engine/results/count-table.ts";

describe("CountTable", () => {
  it("agrees with a Map through growth, deletions and re-insertions", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).filter((k) => k !== 0),
            fc.integer({ min: -2, max: 3 }),
          ),
          {
            maxLength: 3000,
          },
        ),
        (ops) => {
          const t = new CountTable(2);
          const m = new Map<number, number>();
          for (const [k, d] of ops) {
            if ((m.get(k) ?? 0) + d < 0) continue; // counts never go negative in use
            t.add(k, d);
            m.set(k, (m.get(k) ?? 0) + d);
          }
          const live = [...m].filter(([, c]) => c > 0);
          expect(t.size).toBe(live.length);
          const seen: [number, number][] = [];
          t.forEach((k, c) => seen.push([k, c]));
          expect(seen.sort((a, b) => a[0] - b[0])).toEqual(live.sort((a, b) => a[0] - b[0]));
          const top = t.top(5);
          const want = live.map(([, c]) => c).sort((a, b) => b - a);
          expect(top.slice(0, 5).map(([, c]) => c)).toEqual(want.slice(0, 5));
        },
      ),
      { numRuns: 60 },
    );
  });
});
