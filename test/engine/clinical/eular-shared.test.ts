/**
 * 2019 EULAR/ACR kernels when several criteria read the same bytes (unmapped variables all read
 * one missing vector; clinical.ts sums such domains in one pass): the same score and
 * classification as with every criterion in an array of its own.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EULAR2019_ITEMS,
  EULAR_SCORE_SPEC,
  EULAR_SPEC,
} from "../../../src/engine/functions/eular2019.ts";

const ARGS = EULAR2019_ITEMS.length + 1;

describe("eular_acr_2019 with arguments sharing vectors", () => {
  it("scores and classifies as with separate vectors", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        // per argument: which of 4 vectors it reads
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: ARGS, maxLength: ARGS }),
        fc.integer(),
        (n, which, seed) => {
          let s = seed | 0;
          const pool = [0, 1, 2, 3].map((k) =>
            Uint8Array.from({ length: n }, () => {
              s = (Math.imul(s, 1103515245) + 12345) | 0;
              return k === 0 ? 2 : ((s >>> 16) & 0xff) % 3;
            }),
          );
          const shared = which.map((k) => pool[k]!);
          const copies = shared.map((v) => v.slice());
          for (const spec of [EULAR_SPEC, EULAR_SCORE_SPEC]) {
            const out = () =>
              spec === EULAR_SPEC
                ? new Uint8Array(n)
                : { lo: new Float64Array(n), hi: new Float64Array(n) };
            const a = out();
            const b = out();
            spec.kernel(shared, n, a);
            spec.kernel(copies, n, b);
            expect(a).toEqual(b);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
