/**
 * inferPlan (infer.ts) stops trying a kind once the cells seen rule it out: the plans must be
 * those of trying every kind on every cell (`everyCell` below, the definition), on random
 * columns mixing booleans, numbers, dates, codes, null tokens and text in any proportion.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DATE_HEADER, inferPlan } from "../../src/ingest/read/infer.ts";
import {
  dateParts,
  nullToken,
  orderEvidence,
  parseBooleanWord,
  parseNumberInto,
  partsToDays,
  trimCell,
} from "../../src/ingest/read/values.ts";

/** the kind (and date order) inferPlan chose before it skipped anything */
function everyCell(cells: string[], header: string, dc: boolean): [string, string | null] {
  let n = 0,
    bools = 0,
    nums = 0,
    dates = 0,
    ymd8 = 0,
    ones = 0,
    zeros = 0,
    words = 0,
    trues = 0,
    codes = 0;
  const ev = { dmy: 0, mdy: 0 };
  const out = { lo: NaN, hi: NaN };
  for (const cell of cells) {
    const t = trimCell(cell);
    if (nullToken(t) !== null) continue;
    n++;
    const b = parseBooleanWord(t);
    if (b !== -1) {
      bools++;
      if (b === 1) trues++;
      if (t === "1") ones++;
      else if (t === "0") zeros++;
      else words++;
    }
    const p = dateParts(t);
    if (p && (p.form !== "ymd8" || DATE_HEADER.test(header))) {
      const d = partsToDays(p, null);
      const e = orderEvidence(p);
      if (e) ev[e]++;
      if (d === d || (p.form === "slash" && p.a <= 12 && p.b <= 12) || e) {
        dates++;
        if (p.form === "ymd8") ymd8++;
      }
    }
    if (parseNumberInto(t, dc, out)) nums++;
    if (t.length > 1 && t.charCodeAt(0) === 48 && t.charCodeAt(1) >= 48 && t.charCodeAt(1) <= 57)
      codes++;
  }
  if (n === 0) return ["category", null];
  if (bools === n && trues > 0 && trues < n && (words > 0 || (ones > 0 && zeros > 0)))
    return ["boolean", null];
  if (dates >= 0.9 * n && (ymd8 < dates || DATE_HEADER.test(header)))
    return ["date", ev.dmy > 0 && ev.mdy === 0 ? "dmy" : ev.mdy > 0 && ev.dmy === 0 ? "mdy" : null];
  if (nums >= 0.9 * n && codes === 0) return ["number", null];
  return ["category", null];
}

const cell = fc.oneof(
  fc.constantFrom("yes", "no", "Y", "N", "1", "0", "TRUE", "positive", "NA", "", " ", "-"),
  fc.constantFrom("2020-01-31", "31/01/2020", "01/31/2020", "05/06/2021", "20200131", "3.5"),
  fc.constantFrom("1,5", "<20", ">3", "012", "08123", "IV", "female", "x"),
  fc.integer({ min: -50, max: 5000 }).map(String),
  fc.double({ min: 0, max: 100, noNaN: true }).map((x) => x.toFixed(2)),
);

describe("inferPlan", () => {
  it("gives the plan of trying every kind on every cell", () => {
    fc.assert(
      fc.property(
        // a main kind and some noise, so columns land near the 90% thresholds
        fc.array(cell, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), cell), { minLength: 0, maxLength: 120 }),
        fc.constantFrom("value", "visit_date", "dob"),
        fc.boolean(),
        (main, mixed, header, dc) => {
          const cells = mixed.map(([k, c]) => (k === 0 ? c : main[k % main.length]!));
          const plan = inferPlan(cells, header, dc);
          expect([plan.kind, plan.dateOrder]).toEqual(everyCell(cells, header, dc));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
