import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellText } from "../../src/ingest/read/cells.ts";
import { parseCsvBytes, parseCsvStream, parseCsvText } from "../../src/ingest/read/parse.ts";
import type { Delimiter } from "../../src/ingest/types.ts";
import { formatDay } from "../../src/ingest/read/values.ts";
import { chunks } from "./helpers.ts";

type Kind = "number" | "date" | "boolean" | "category";

/** Text values (no outer spaces; always a category because of the leading letter). */
const text = fc
  .string({
    unit: fc.constantFrom(
      "a",
      "b",
      "Z",
      "é",
      "漢",
      " ",
      ",",
      ";",
      "\t",
      "|",
      '"',
      "'",
      "\n",
      "\r\n",
      "<",
      "1",
      ".",
    ),
    maxLength: 12,
  })
  .map((s) => `x${s}`.trimEnd());

function cellArb(kind: Kind): fc.Arbitrary<string> {
  const value =
    kind === "number"
      ? fc
          .oneof(
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.integer({ min: -1e6, max: 1e6 }),
          )
          .map((x) => String(Object.is(x, -0) ? 0 : x))
      : kind === "date"
        ? fc.integer({ min: -50000, max: 50000 }).map(formatDay)
        : kind === "boolean"
          ? fc.constantFrom("yes", "no")
          : text;
  return fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant("") });
}

const tableArb = fc
  .record({
    kinds: fc.array(fc.constantFrom<Kind>("number", "date", "boolean", "category"), {
      minLength: 1,
      maxLength: 5,
    }),
    nRows: fc.integer({ min: 1, max: 25 }),
    delimiter: fc.constantFrom<Delimiter>(",", ";", "\t", "|"),
    crlf: fc.boolean(),
    quoteAll: fc.boolean(),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      rows: fc.array(fc.tuple(...c.kinds.map(cellArb)), { minLength: c.nRows, maxLength: c.nRows }),
    }),
  );

function toCsv(
  header: string[],
  rows: string[][],
  delim: string,
  crlf: boolean,
  quoteAll: boolean,
): string {
  const q = (v: string) =>
    quoteAll || /[",;\t|\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
  const nl = crlf ? "\r\n" : "\n";
  return [header, ...rows].map((r) => r.map(q).join(delim)).join(nl) + nl;
}

describe("round trip", () => {
  it("reads back any table written as CSV (values, quotes, delimiters, newlines)", async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, fc.integer({ min: 1, max: 50 }), async ({ c, rows }, chunk) => {
        // a column whose values are all missing or mixed-in blank keeps its kind only if some value is present
        const header = c.kinds.map((k, j) => `${k}_${j}`);
        const csv = toCsv(header, rows, c.delimiter, c.crlf, c.quoteAll);
        const t = await parseCsvStream(chunks(new TextEncoder().encode(csv), chunk * 7), {
          delimiter: c.delimiter,
        });
        expect(t.header).toEqual(header);
        // rows of empty cells only that end the file are an emptied spreadsheet's footer:
        // reported, not read (footer.ts); any other row is read
        let end = rows.length;
        while (header.length > 1 && end > 0 && rows[end - 1]!.every((v) => v.trim() === "")) end--;
        expect(t.problems.filter((p) => p.severity === "error").map((p) => p.message)).toEqual(
          end > 0 ? [] : ["the file has a header but no data rows"],
        );
        expect(t.nRows).toBe(end);
        expect(t.structure!.footers).toBe(rows.length - end);
        c.kinds.forEach((k, j) => {
          const col = t.columns[j]!;
          const present = rows.some((r) => r[j] !== "");
          if (present && k !== "boolean") expect(col.storage.kind).toBe(k);
          for (let i = 0; i < end; i++) {
            const want = rows[i]![j]!;
            const got = cellText(col, i);
            if (k === "number" && want !== "") expect(Number(got)).toBe(Number(want));
            else if (k === "boolean" && col.storage.kind !== "boolean") expect(got).toBe(want);
            else expect(got).toBe(want);
          }
          expect(col.stats.unparseable).toBe(0);
        });
      }),
      { numRuns: 400 },
    );
  });

  it("sniffs the delimiter of any table with two or more columns", () => {
    fc.assert(
      fc.property(tableArb, ({ c, rows }) => {
        fc.pre(c.kinds.length >= 2);
        const header = c.kinds.map((k, j) => `${k}_${j}`);
        const t = parseCsvText(toCsv(header, rows, c.delimiter, c.crlf, c.quoteAll));
        expect(t.dialect.delimiter).toBe(c.delimiter);
      }),
      { numRuns: 300 },
    );
  });
});

describe("fuzz", () => {
  it("never throws or hangs on random bytes", () => {
    const start = performance.now();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const t = parseCsvBytes(bytes);
        expect(t.nRows).toBeGreaterThanOrEqual(0);
        for (const c of t.columns)
          expect(c.stats.present + c.stats.missing + c.stats.unparseable + c.stats.padded).toBe(
            t.nRows,
          );
      }),
      { numRuns: 3000 },
    );
    expect(performance.now() - start).toBeLessThan(20_000);
  });

  it("never throws on random CSV-like text, and every cell is accounted for", () => {
    const unit = fc.constantFrom(
      "a",
      "1",
      ",",
      ";",
      '"',
      "\n",
      "\r",
      "\t",
      " ",
      "NA",
      "<",
      ".",
      "-",
      "/",
      "2020",
      "\ufeff",
      "é",
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 300 }), (s) => {
        const t = parseCsvText(s);
        for (const c of t.columns)
          expect(c.stats.present + c.stats.missing + c.stats.unparseable + c.stats.padded).toBe(
            t.nRows,
          );
      }),
      { numRuns: 3000 },
    );
  });
});
