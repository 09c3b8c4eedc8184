/**
 * Date columns are stored as Float32 day numbers: every date the readers accept (years
 * 0000-9999) must come back exactly, and NaN must still mean missing, through the reader (fast
 * path and PapaParse path) and through a compiled expression (which widens to Float64).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIsoDate } from "../../src/engine/calendar.ts";
import { UNKNOWN, TRUE, FALSE } from "../../src/engine/types.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { daysOfDate } from "../../src/engine/calendar.ts";
import { truths } from "../engine/lang/helpers.ts";

const FIRST = daysOfDate(0, 1, 1);
const LAST = daysOfDate(9999, 12, 31);
const day = fc.integer({ min: FIRST, max: LAST });
const cell = fc.option(day, { nil: null, freq: 8 });

describe("date storage", () => {
  it("holds every day number of years 0000-9999 exactly in a Float32", () => {
    const f = new Float32Array(1);
    let bad = 0;
    for (let d = FIRST; d <= LAST; d++) {
      f[0] = d;
      if (f[0] !== d) bad++;
    }
    expect(bad).toBe(0);
    f[0] = NaN;
    expect(Number.isNaN(f[0])).toBe(true);
  });

  it("reads random dates back exactly, missing as NaN (property, both reader paths)", () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 2500, maxLength: 2600 }),
        fc.boolean(),
        (ds, fast) => {
          ds[0] = FIRST; // the type sample needs dates
          const text =
            "visit_date\n" + ds.map((d) => (d === null ? "NA" : formatIsoDate(d))).join("\n");
          const t = parseCsvText(text, { fastPath: fast });
          const s = t.columns[0]!.storage;
          if (s.kind !== "date") throw new Error(`read as ${s.kind}`);
          expect(s.days).toBeInstanceOf(Float32Array);
          expect(s.days.length).toBe(ds.length);
          ds.forEach((d, i) => {
            if (d === null) expect(s.days[i]).toBeNaN();
            else if (s.days[i] !== d) expect([i, s.days[i]]).toEqual([i, d]);
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it("keeps whole days apart when expressions compare and subtract them", () => {
    // the last days of the range differ by one only if neither was rounded
    const far = ["9999-12-31", "9999-12-30", null];
    expect(
      truths("days_between(birth_date, biopsy_date) = 1", {
        birth_date: ["9999-12-30", "0000-01-01", "2020-01-01"],
        biopsy_date: ["9999-12-31", "0000-01-02", null],
      }),
    ).toEqual([TRUE, TRUE, UNKNOWN]);
    expect(
      truths("biopsy_date > birth_date", {
        birth_date: ["9999-12-30", "9999-12-31", "9999-12-31"],
        biopsy_date: far,
      }),
    ).toEqual([TRUE, FALSE, UNKNOWN]);
  });
});
