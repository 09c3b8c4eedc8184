import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AGE_FROM } from "../../../src/engine/functions/age.ts";
import { wholeYears } from "../../../src/engine/calendar.ts";
import type { NumVec } from "../../../src/engine/types.ts";

const nan = (n: number) => new Float64Array(n).fill(NaN);

describe("age_from with a birth date", () => {
  it("gives wholeYears for every birth and screening day, near and past the table's span", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -80_000, max: 30_000 }),
            fc.constantFrom(-1, 7_000, 18_263, 20_000),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        (pairs) => {
          const n = pairs.length;
          // rows share screening days in runs, as a screen's rows do, and sometimes change them
          const on = Float64Array.from(pairs, ([, d], i) => (i % 7 < 4 ? 19_000 : d));
          const birth = Float64Array.from(
            pairs,
            ([b], i) => on[i]! - Math.abs(b) + (b < 0 ? 0 : 1),
          );
          const out: NumVec = { lo: nan(n), hi: nan(n) };
          AGE_FROM.kernel(
            [birth, { lo: nan(n), hi: nan(n) }, { lo: nan(n), hi: nan(n) }, nan(n), on],
            n,
            out,
          );
          for (let i = 0; i < n; i++) {
            expect(out.lo[i]).toBe(wholeYears(birth[i]!, on[i]!));
            expect(out.hi[i]).toBe(out.lo[i]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("bounds an age given on another day by the birth dates it allows", () => {
    const on = Float64Array.of(19_000, 19_000);
    const ageOn = Float64Array.of(18_000, 18_000);
    const age: NumVec = { lo: Float64Array.of(40, 40), hi: Float64Array.of(40, 40) };
    const out: NumVec = { lo: nan(2), hi: nan(2) };
    AGE_FROM.kernel([nan(2), { lo: nan(2), hi: nan(2) }, age, ageOn, on], 2, out);
    // 1,000 days later someone 40 on day 18,000 is 42 or 43
    expect([out.lo[0], out.hi[0]]).toEqual([42, 43]);
    expect([out.lo[1], out.hi[1]]).toEqual([42, 43]);
  });
});
