import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ResultSet, type CriterionMeta } from "../../src/engine/results/index.ts";
import { packResultSet, reviveResultSet } from "../../src/pool/result-transfer.ts";

/** Everything a screen reads from a ResultSet. */
function summary(rs: ResultSet, n: number, codes: Int32Array) {
  return {
    counts: rs.counts(),
    perCriterion: rs.perCriterion(),
    funnel: rs.attrition(),
    funnelReversed: rs.attrition(rs.criteria.map((_, i) => rs.criteria.length - 1 - i)),
    combinations: rs.combinations(15),
    subgroups: rs.subgroups(codes, ["a", "b", "c"]),
    status: [...rs.statusArray().subarray(0, n)],
  };
}

/** Pack, cross a structured clone with the buffers transferred (as postMessage does), revive. */
function moved(meta: CriterionMeta[], n: number, verdicts: Uint8Array[]): ResultSet {
  const { value, transfer } = packResultSet(
    new ResultSet(
      meta,
      n,
      verdicts.map((v) => v.slice()),
    ),
  );
  const copy = structuredClone(value, { transfer });
  expect(transfer.every((b) => b.byteLength === 0)).toBe(true); // moved, not copied
  return reviveResultSet(copy, verdicts);
}

describe("packResultSet / reviveResultSet", () => {
  it("gives a ResultSet that answers like one built in place, before and after what-ifs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(3, 33, 40, 70), // one word, stride 2, stride 3 (sets counted in a Map)
        fc.integer({ min: 0, max: 2 ** 31 }),
        (n, nc, seed) => {
          let x = seed;
          const rnd = (k: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % k;
          const meta: CriterionMeta[] = Array.from({ length: nc }, (_, i) => ({
            id: `C${i}`,
            kind: i % 3 ? "inclusion" : "exclusion",
            label: `c${i}`,
          }));
          const verdicts = meta.map(() => Uint8Array.from({ length: n }, () => rnd(4)));
          const codes = Int32Array.from({ length: n }, () => rnd(4) - 1);
          const here = new ResultSet(meta, n, verdicts);
          const there = moved(meta, n, verdicts);
          expect(there).toBeInstanceOf(ResultSet);
          expect(there.verdictsOf(0)).toBe(verdicts[0]);
          expect(summary(there, n, codes)).toEqual(summary(here, n, codes));
          const next = Uint8Array.from({ length: n }, () => rnd(4));
          for (const rs of [here, there]) {
            rs.setVerdicts(nc - 1, next);
            rs.setEnabled(0, false);
          }
          expect(summary(there, n, codes)).toEqual(summary(here, n, codes));
        },
      ),
      { numRuns: 40 },
    );
  });
});
