/**
 * A totals row with every cell filled (`Total;400;...`) ending the file is a footer: reported
 * with its line and not read as a patient, on every read path; the same row in the middle of
 * the data (a patient whose id is "Total") stays a row. Nothing is dropped without a word.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { totalsRow } from "../../src/ingest/read/footer.ts";
import { cellText } from "../../src/ingest/read/cells.ts";
import type { RawTable } from "../../src/ingest/types.ts";
import { tempDir } from "../support/temp.ts";

const ways = [
  { name: "fast path", opts: {} },
  { name: "PapaParse only", opts: { fastPath: false } },
  { name: "small chunks", opts: { textChunk: 7 } },
  { name: "100-char chunks", opts: { textChunk: 100 } },
] as const;

const body = Array.from({ length: 2500 }, (_, i) => `P${i};${i % 7};${(i % 9) + 1},5;ja`);
const footerLines = (t: RawTable) =>
  t.problems.filter((p) => /totals or note row/.test(p.message)).map((p) => p.line);

describe("a full totals row ending the file", () => {
  const cases: [string, string, number, number[]][] = [
    // name, text, rows read, footer lines
    ["German CRLF", ["id;a;b;c", ...body, "Summe;17500;12,5;2500", ""].join("\r\n"), 2500, [2502]],
    [
      "two footer rows and blank lines",
      ["id;a;b;c", ...body, "Total;17500;12,5;2500", "Gesamt (n=2500);1;2;3", "", " ", ""].join(
        "\n",
      ),
      2500,
      [2502, 2503],
    ],
    [
      "no newline at the end",
      ["id;a;b;c", ...body, "合计;17500;12,5;2500"].join("\n"),
      2500,
      [2502],
    ],
    ["blank first cell", ["id;a;b;c", ...body, ";Totaal;12,5;2500", ""].join("\n"), 2500, [2502]],
    [
      'quoted "Total"',
      ["id;a;b;c", ...body, '"Totale";17500;"12,5";2500', ""].join("\n"),
      2500,
      [2502],
    ],
    [
      "a title line above the header",
      ["Export 2026", "id;a;b;c", ...body, "SUMA;17500;12,5;2500", ""].join("\n"),
      2500,
      [2503],
    ],
  ];
  for (const [name, text, rows, lines] of cases)
    it(name, () => {
      for (const w of ways) {
        const t = parseCsvText(text, w.opts);
        expect([w.name, t.nRows]).toEqual([w.name, rows]);
        expect([w.name, footerLines(t)]).toEqual([w.name, lines]);
        expect(t.structure!.footers).toBe(lines.length);
        expect(cellText(t.columns[0]!, rows - 1)).toBe(`P${rows - 1}`);
        expect(t.dialect.notes.join(" ")).toMatch(/footer/);
      }
    });

  it("rows of empty cells after the data (an emptied spreadsheet) are reported, not read", () => {
    const text = [
      "id;a;b;c",
      ...body.slice(0, 5),
      ";;;",
      ...body.slice(5),
      "Totaal;1;2;3",
      ";;;",
      " ; ;;",
      "",
    ];
    for (const w of ways) {
      const t = parseCsvText(text.join("\r\n"), w.opts);
      // the one in the middle of the data is a row (of missing cells)
      expect([w.name, t.nRows]).toEqual([w.name, 2501]);
      expect(footerLines(t)).toEqual([2503]);
      expect(
        t.problems.filter((p) => /only empty cells/.test(p.message)).map((p) => p.line),
      ).toEqual([2504, 2505]);
      expect(t.structure!.footers).toBe(3);
    }
  });

  it("in the middle of the data, a row named Total is a patient", () => {
    const text = ["id;a;b;c", ...body.slice(0, 5), "Total;1;2;ja", ...body.slice(5), ""].join("\n");
    for (const w of ways) {
      const t = parseCsvText(text, w.opts);
      expect(t.nRows).toBe(2501);
      expect(cellText(t.columns[0]!, 5)).toBe("Total");
      expect(footerLines(t)).toEqual([]);
    }
  });

  it("a parallel read: the footer only at the file's end", async () => {
    const lines = ["id;a;b;c"];
    for (let i = 0; i < 300_000; i++) lines.push(`P${i};${i % 7};${(i % 9) + 1},5;ja`);
    lines.splice(150_001, 0, "Total;1;2;ja");
    lines.push("Total;17500;12,5;2500");
    const path = join(tempDir("totals-"), "t.csv");
    writeFileSync(path, lines.join("\n") + "\n");
    const t = await parseCsvFileParallel(path, { threads: 2 });
    expect(t.nRows).toBe(300_001);
    expect(footerLines(t)).toEqual([lines.length]);
    expect(cellText(t.columns[0]!, 150_000)).toBe("Total");
  });

  it("knows the totals words of the sites' languages, not data", () => {
    for (const w of [
      "Total",
      "TOTAL:",
      "Totals",
      "Summe",
      "Gesamt",
      "Totaal",
      "合计",
      "总计",
      "Totale",
      "Suma",
      "Somme",
      "Insgesamt",
    ])
      expect([w, totalsRow([w, "1"])]).toEqual([w, true]);
    for (const w of ["N", "P1", "Totalitarian", "Summer", "negative", "1"])
      expect([w, totalsRow([w, "1"])]).toEqual([w, false]);
  });
});
