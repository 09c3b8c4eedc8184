/**
 * The structure of real exports: malformed quotes that would swallow rows, quoted cells that
 * join lines, stray line breaks, title lines above the header, footer rows and blank lines.
 * Every path (PapaParse and the fast path, small chunks, a file on disk, parallel parts) reads
 * the same rows and reports the same lines.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsvFile } from "../../src/ingest/node/file.ts";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import type { RawTable } from "../../src/ingest/types.ts";
import { tempDir } from "../support/temp.ts";
import { grid, messages } from "./helpers.ts";

const ways = [
  { name: "fast path", opts: {} },
  { name: "PapaParse only", opts: { fastPath: false } },
  { name: "small chunks", opts: { textChunk: 7 } },
] as const;

function readAll(text: string): RawTable[] {
  return ways.map((w) => parseCsvText(text, w.opts));
}

describe("a malformed quote", () => {
  it("does not swallow the rows after it (200,000 lines)", async () => {
    const lines = ["id,creat,hb"];
    for (let i = 1; i < 200_000; i++)
      lines.push(`P${i},${60 + (i % 50)},${(12 + (i % 3)).toFixed(1)}`);
    lines[5] = `P5,"8"0,13.0`;
    const text = lines.join("\n") + "\n";
    const dir = tempDir("ingest-structure-");
    const path = join(dir, "swallow.csv");
    writeFileSync(path, text);
    // (the other ways are checked on the small files below)
    const tables = [
      parseCsvText(text),
      await parseCsvFile(path),
      await parseCsvFileParallel(path, { threads: 2 }),
    ];
    for (const t of tables) {
      expect(t.nRows).toBe(199_999);
      const g = grid(t);
      expect(g[5]).toEqual(["P5", '"8"0', "13"]);
      expect(g[6]).toEqual(["P6", "66", "12"]);
      expect(g[199_999]).toEqual(["P199999", "109", "13"]);
      const m = messages(t).join("\n");
      expect(m).toMatch(
        /quote opened on line 6 is not closed.*lines 6-200000 \(199995 lines\).*read as 199995 rows/,
      );
      expect(t.columns[1]!.stats.unparseableExamples[0]).toEqual({ line: 6, value: '"8"0' });
      expect(t.dialect.notes).toContain("199,999 data lines, 199,999 rows read");
    }
  });

  it("closed by a later quote: the lines between are still read as rows", () => {
    const text = 'id,v,note\nP1,"3"0,a\nP2,4,b\nP3,5,"x, y"\nP4,6,c\n';
    for (const t of readAll(text)) {
      expect(grid(t)).toEqual([
        ["id", "v", "note"],
        ["P1", '"3"0', "a"],
        ["P2", "4", "b"],
        ["P3", "5", "x, y"],
        ["P4", "6", "c"],
      ]);
      expect(messages(t).join("\n")).toMatch(/line 2 is not closed.*lines 2-4/);
    }
  });

  it("a quoted cell over a few lines that fits its row stays one cell, reported when ragged", () => {
    const ok = 'id,note,v\nP1,"two\nlines",3\nP2,x,4\n';
    for (const t of readAll(ok)) {
      expect(grid(t)[1]).toEqual(["P1", "two\nlines", "3"]);
      expect(messages(t)).toEqual([]);
      expect(t.dialect.notes).toContain(
        "3 data lines, 2 rows read: 1 line break inside quoted cells (joined into their rows)",
      );
    }
    const ragged = 'id,note,v\nP1,"two\nlines, more",3,9\nP2,x,4\n';
    for (const t of readAll(ragged)) {
      expect(t.nRows).toBe(2);
      expect(messages(t).join("\n")).toMatch(
        /quoted cell runs from line 2 to line 3: 2 lines were joined into one row of 4 cells \(the header has 3\)/,
      );
    }
  });
  it("a well-formed quoted cell over many lines stays one cell, even in a one-column table", () => {
    // every line of a one-column table "has the header's cells": only a quote error shows that
    // the lines are rows
    const text = 'x\nx\n"x\r\n\n\n\r\n\r\na"\nx\n';
    for (const t of readAll(text)) {
      expect(grid(t)).toEqual([["x"], ["x"], ["x\r\n\n\n\r\n\r\na"], ["x"]]);
      expect(messages(t).join("\n")).toMatch(
        /quoted cell runs from line 3 to line 8: 6 lines were joined into one row; check its quotes/,
      );
    }
  });
});

describe("stray line breaks", () => {
  it("a lone LF in a CRLF file ends the row, and is reported", () => {
    const text = 'id,v\r\nP1,1\nP2,2\r\nP3,"a\nb"\r\nP4,4\r\n';
    for (const t of readAll(text)) {
      expect(grid(t)).toEqual([
        ["id", "v"],
        ["P1", "1"],
        ["P2", "2"],
        ["P3", "a\nb"],
        ["P4", "4"],
      ]);
      expect(messages(t)).toEqual([
        "line 2 ends with a lone LF while the file's lines end with CRLF: the row ends there, as a line break is shown (mixed line endings)",
      ]);
    }
  });

  it("a lone CR in an LF file ends the row, and is reported", () => {
    const text = "id,v\nP1,1\rP2,2\nP3,3\n";
    for (const t of readAll(text)) {
      expect(grid(t).slice(1)).toEqual([
        ["P1", "1"],
        ["P2", "2"],
        ["P3", "3"],
      ]);
      expect(messages(t)[0]).toMatch(
        /^line 2 ends with a lone CR while the file's lines end with LF/,
      );
    }
  });
});

describe("titles, footers and blank lines", () => {
  const german =
    "Klinikum Musterstadt – Export Studienregister\n" +
    "Stand: 01.03.2024;;\n" +
    "\n" +
    "Patient;Kreatinin (µmol/l);Hb (g/dl)\n" +
    "P001;88,4;13,1\n" +
    "\n" +
    "P002;101,0;12,4\n" +
    "P003;75,2;14,0\n" +
    "Summe;3\n" +
    "Erstellt von: KIS\n";

  it("finds the header below title lines and leaves out the footer", () => {
    for (const t of readAll(german)) {
      expect(grid(t)).toEqual([
        ["Patient", "Kreatinin (µmol/l)", "Hb (g/dl)"],
        ["P001", "88.4", "13.1"],
        ["P002", "101", "12.4"],
        ["P003", "75.2", "14"],
      ]);
      const m = messages(t);
      expect(m).toContain(
        'line 1 ("Klinikum Musterstadt – Export Studienregister") is above the header: read as a title or note, not as data',
      );
      expect(m).toContain(
        'line 2 ("Stand: 01.03.2024 |  |") is above the header: read as a title or note, not as data',
      );
      expect(m).toContain(
        'line 9 ("Summe | 3") below the data looks like a totals or note row: not read as a patient',
      );
      expect(m).toContain(
        'line 10 ("Erstellt von: KIS") below the data looks like a totals or note row: not read as a patient',
      );
      expect(t.structure).toMatchObject({
        headerLine: 4,
        prefaces: 2,
        blankBefore: 1,
        blank: 1,
        footers: 2,
      });
      expect(t.dialect.notes).toContain(
        "6 data lines below the header on line 4 (2 title lines, 1 blank line above it), 3 rows read: 1 blank line skipped; 2 footer rows (totals or notes) not read",
      );
    }
  });

  it("takes the header row it is told", () => {
    const t = parseCsvText(german, { headerRow: 2 });
    expect(t.header).toEqual(["Stand: 01.03.2024", "col_2", "col_3"]);
    expect(t.nRows).toBe(4);
  });

  it("a short row in the middle is a row, not a footer", () => {
    for (const t of readAll("id,a,b\nP1,1,2\nTotal,3\nP2,4,5\n")) {
      expect(t.nRows).toBe(3);
      expect(grid(t)[2]).toEqual(["Total", "3", ""]);
    }
  });

  it("counts blank lines before the header", () => {
    for (const t of readAll("\n\nid,v\nP1,1\n")) {
      expect(t.structure).toMatchObject({ blankBefore: 2, headerLine: 3 });
      expect(t.dialect.notes).toContain(
        "1 data line below the header on line 3 (0 title lines, 2 blank lines above it), 1 row read",
      );
    }
  });
});

describe("the quality report", () => {
  it("carries the file's structure and the reader's warnings with their lines", async () => {
    const { applyMapping, autoMap } = await import("../../src/ingest/map/mapping.ts");
    const { builtinProtocols } = await import("../../src/protocols/index.ts");
    const protocol = builtinProtocols.find((p) => p.id === "ln-cd19-cd70")!;
    const raw = parseCsvText("Export\nPatientID,UPCR\nP1,1.2\nP2,0.4\nTotal\n");
    const q = applyMapping(protocol, raw, autoMap(protocol, raw).mapping).quality;
    expect(q.rows).toBe(2);
    expect(q.file?.structure).toMatchObject({ headerLine: 2, prefaces: 1, footers: 1 });
    expect(q.file?.warnings.map((w) => w.line)).toEqual([1, 5]);
    expect(q.file?.notes).toContain(
      "3 data lines below the header on line 2 (1 title line above it), 2 rows read: 1 footer row (totals or notes) not read",
    );
  });
});
