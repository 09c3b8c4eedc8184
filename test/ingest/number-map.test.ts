/**
 * The mapping's number loops (number-map.ts) against the row-at-a-time definitions they
 * replaced in apply.ts: random intervals with missing and censored values, unit codes with
 * missing units and unknown factors, one shared or two separate bound arrays.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertByCode, outOfRange } from "../../src/ingest/map/number-map.ts";
import { applyMapping, type Mapping } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin, SEED_PROTOCOL_ID } from "../../src/protocols/index.ts";

const value = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constant(NaN),
  fc.constant(0),
  fc.constant(30),
);

/** lo/hi columns: exact values (one shared array) or intervals, some censored */
const columns = fc
  .tuple(fc.array(fc.tuple(value, fc.integer({ min: 0, max: 3 })), { maxLength: 60 }), fc.boolean())
  .map(([cells, shared]) => {
    const lo = Float64Array.from(cells, ([x, k]) => (!shared && k === 1 ? -Infinity : x));
    const hi = shared
      ? lo
      : Float64Array.from(cells, ([x, k]) => (k === 2 ? Infinity : Number.isNaN(x) ? NaN : x));
    return { lo, hi };
  });

describe("convertByCode", () => {
  it("converts, drops and counts like the per-row loop", () => {
    fc.assert(
      fc.property(
        columns,
        fc.array(fc.oneof(fc.constant(NaN), fc.constant(1), fc.double({ min: 1e-3, max: 1e3 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.integer(),
        ({ lo, hi }, factors, seed) => {
          const n = lo.length;
          let s = seed | 0;
          const codes = Int16Array.from({ length: n }, () => {
            s = (Math.imul(s, 1103515245) + 12345) | 0;
            return ((s >>> 16) % (factors.length + 1)) - 1;
          });
          // the definition, on copies
          const wantLo = lo.slice();
          const wantHi = hi === lo ? wantLo : hi.slice();
          const counts = factors.map(() => 0);
          const bad: { row: number; value: number; code: number }[] = [];
          for (let i = 0; i < n; i++) {
            if (Number.isNaN(wantLo[i]!)) continue;
            const c = codes[i]!;
            const f = c >= 0 ? factors[c]! : NaN;
            if (Number.isNaN(f)) {
              bad.push({ row: i, value: wantLo[i]!, code: c });
              wantLo[i] = NaN;
              wantHi[i] = NaN;
              continue;
            }
            counts[c]!++;
            wantLo[i] = wantLo[i]! * f;
            if (wantHi !== wantLo) wantHi[i] = wantHi[i]! * f;
          }
          const r = convertByCode(lo, hi, codes, Float64Array.from(factors), n, 3);
          expect([...lo]).toEqual([...wantLo]);
          expect([...hi]).toEqual([...wantHi]);
          expect([...r.converted]).toEqual(counts);
          expect(r.unconvertible).toBe(bad.length);
          expect(r.examples).toEqual(bad.slice(0, 3));
        },
      ),
    );
  });
});

describe("outOfRange", () => {
  it("counts intervals wholly outside the range and lists the first rows", () => {
    fc.assert(
      fc.property(columns, ({ lo, hi }) => {
        const rows: number[] = [];
        for (let i = 0; i < lo.length; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          if ((x === x && x > 30) || (y === y && y < 0)) rows.push(i);
        }
        expect(outOfRange(lo, hi, 0, 30, lo.length, 4)).toEqual({
          count: rows.length,
          rows: rows.slice(0, 4),
        });
      }),
    );
  });

  it("never counts a missing value or a censored bound inside the range", () => {
    const lo = Float64Array.of(NaN, -Infinity, 31, -1, 30, 0);
    const hi = Float64Array.of(NaN, 5, Infinity, -0.5, 30, 0);
    expect(outOfRange(lo, hi, 0, 30, 6)).toEqual({ count: 2, rows: [2, 3] });
  });
});

describe("applyMapping's plausible-range count", () => {
  // weight: kg, plausible [25, 250]; the reader's min and max let a clean column skip the loop
  const protocol = getBuiltin(SEED_PROTOCOL_ID)!;
  const mapping: Mapping = {
    version: 1,
    protocol: protocol.id,
    columns: { weight: { column: "w" } },
  };
  const cell = fc.constantFrom(
    "24.9",
    "25",
    "250",
    "250.1",
    "<25",
    "<=25",
    "<25.1",
    ">250",
    ">=250",
    ">249",
    "<300",
    ">10",
    "NA",
    "",
    "100",
    "-0",
    "0",
    "1e3",
    "60",
  );

  it("counts every interval outside the range, whichever path read it", () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 1, maxLength: 3000 }),
        fc.boolean(),
        (cells, fast) => {
          const raw = parseCsvText(["id,w", ...cells.map((c, i) => `P${i},${c}`)].join("\n"), {
            fastPath: fast,
          });
          const { table, quality } = applyMapping(protocol, raw, mapping);
          const col = table.columns.weight!;
          if (col.kind !== "number") throw new Error("weight is not a number column");
          const rows: number[] = [];
          for (let i = 0; i < table.nRows; i++)
            if (col.lo[i]! > 250 || col.hi[i]! < 25) rows.push(i + 1);
          const q = quality.columns.find((c) => c.variable === "weight")!;
          expect(q.outOfRange.count).toBe(rows.length);
          expect(q.outOfRange.examples.map((e) => e.row)).toEqual(rows.slice(0, 5));
        },
      ),
      { numRuns: 300 },
    );
  });
});
