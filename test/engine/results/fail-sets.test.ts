import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fromIndices } from "../../../src/engine/results/bitset.ts";
import { FailSets, transpose32 } from "../../../src/engine/results/fail-sets.ts";

describe("transpose32", () => {
  it("moves bit j of word i to bit i of word j", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 32, maxLength: 32 }), (ws) => {
        const a = Int32Array.from(ws);
        transpose32(a);
        for (let i = 0; i < 32; i++)
          for (let j = 0; j < 32; j++) expect((a[j]! >>> i) & 1).toBe((ws[i]! >>> j) & 1);
      }),
      { numRuns: 50 },
    );
  });
});

describe("FailSets.fill", () => {
  it("gives the same words and set counts as toggling each criterion in turn", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (nRows, nCriteria, seed, counted) => {
          let s = seed;
          const rand = (): number => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
          const density = rand();
          const sets = Array.from({ length: nCriteria }, () => {
            const rows: number[] = [];
            for (let r = 0; r < nRows; r++) if (rand() < density) rows.push(r);
            return fromIndices(nRows, rows);
          });
          const a = new FailSets(nRows, nCriteria, counted);
          a.fill(sets);
          const b = new FailSets(nRows, nCriteria, counted);
          sets.forEach((f, i) => b.toggle(i, f));
          // (a what-if before anything asked for the counts: they are made from the words)
          const c = new FailSets(nRows, nCriteria, counted);
          c.fill(sets);
          const flipped = Math.floor(rand() * nCriteria);
          c.toggle(flipped, sets[flipped]!);
          const d = new FailSets(nRows, nCriteria, counted);
          sets.forEach((f, i) => i !== flipped && d.toggle(i, f));
          expect([...c.words]).toEqual([...d.words]);
          expect(c.entries().length).toBe(d.entries().length);
          expect([...a.words]).toEqual([...b.words]);
          const byKey = (x: FailSets) =>
            x
              .entries()
              .map((e) => `${e.set.join("+")}:${e.count}`)
              .sort();
          expect(byKey(a)).toEqual(byKey(b));
          expect(byKey(c)).toEqual(byKey(d));
          if (counted)
            expect(a.entries().reduce((t, e) => t + e.count, 0)).toBe(
              [...Array(nRows).keys()].filter((r) =>
                sets.some((f) => (f[r >>> 5]! >>> (r & 31)) & 1),
              ).length,
            );
        },
      ),
      { numRuns: 200 },
    );
  });
});
