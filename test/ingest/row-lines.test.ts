/**
 * "Not understood" cells and examples name the physical line a person sees in an editor, also
 * after title lines, skipped blank lines, quoted cells that span lines and a malformed quote's
 * rows, on every read path (fast path, PapaParse, small chunks, a parallel read).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyMapping, type Mapping } from "../../src/ingest/map/mapping.ts";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";
import { LineMapBuilder, lineOfRow, mergeRowLines } from "../../src/ingest/read/lines.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { RawTable } from "../../src/ingest/types.ts";
import { tempDir } from "../support/temp.ts";

const protocol: Protocol = {
  id: "t",
  name: "t",
  version: "1",
  variables: [
    { name: "patient_id", type: "category" },
    { name: "sex", type: "category", values: ["female", "male"] },
    { name: "hb", type: "number", unit: "g/L" },
  ],
  criteria: [],
} as unknown as Protocol;
const mapping: Mapping = {
  version: 1,
  protocol: "t",
  columns: { patient_id: { column: "id" }, sex: { column: "sex" }, hb: { column: "hb" } },
};

/** the file's lines; `??` marks a cell no rule reads (the test finds their lines itself) */
const LINES = [
  "Export of the ward, 2026-11-30",
  "",
  "id,sex,hb,note",
  "P1,F,120,ok",
  "P2,??,130,ok",
  "",
  "",
  "P3,M,??,ok",
  'P4,F,125,"two',
  'lines"',
  "P5,??,110,ok",
  "",
  "P6,M,??,ok",
];

function expectedLines(lines: string[]): { sex: number[]; hb: number[] } {
  const at = (col: number) => lines.flatMap((l, k) => (l.split(",")[col] === "??" ? [k + 1] : []));
  return { sex: at(1), hb: at(2) };
}

function linesOf(raw: RawTable) {
  const q = applyMapping(protocol, raw, mapping).quality;
  const nu = (c: string) =>
    q.columns.find((x) => x.column === c)!.notUnderstood!.values.find((v) => v.value === "??")!
      .lines;
  return { sex: nu("sex"), hb: nu("hb") };
}

describe("not-understood cells name their physical lines", () => {
  const text = LINES.join("\n") + "\n";
  const want = expectedLines(LINES);
  for (const [name, opts] of [
    ["fast path", {}],
    ["PapaParse only", { fastPath: false }],
    ["small chunks", { textChunk: 7 }],
  ] as const)
    it(name, () => {
      const raw = parseCsvText(text, opts);
      expect(raw.nRows).toBe(6);
      expect(linesOf(raw)).toEqual(want);
      expect(want).toEqual({ sex: [5, 11], hb: [8, 13] });
    });

  it("a malformed quote's rows and CRLF", () => {
    const lines = ["id,sex,hb,note", 'P1,"F"x,120,a', "P2,??,130,b", "P3,M,??,c", "P4,F,1,d"];
    const raw = parseCsvText(["Title", ...lines].join("\r\n") + "\r\n");
    expect(raw.nRows).toBe(4);
    expect(linesOf(raw)).toEqual({ sex: [4], hb: [5] });
  });

  it("a parallel read's parts", async () => {
    const lines = ["Title line", "id,sex,hb,note"];
    const spoiled: number[] = [];
    for (let i = 0; i < 400_000; i++) {
      if (i % 100_000 === 7) lines.push("");
      if (i % 100_000 === 9) spoiled.push(lines.length + 1);
      lines.push(`P${i},${i % 100_000 === 9 ? "??" : "F"},${100 + (i % 50)},note ${i}`);
    }
    const path = join(tempDir("row-lines-"), "p.csv");
    writeFileSync(path, lines.join("\n") + "\n");
    const raw = await parseCsvFileParallel(path, { threads: 2 });
    expect(raw.nRows).toBe(400_000);
    const q = applyMapping(protocol, raw, mapping).quality;
    expect(q.columns.find((x) => x.column === "sex")!.notUnderstood!.values[0]!.lines).toEqual(
      spoiled.slice(0, 3),
    );
    for (const r of [0, 8, 99_999, 300_000, 399_999])
      expect(lines[lineOfRow(raw.rowLines, r) - 1]).toMatch(new RegExp(`^P${r},`));
  });
});

describe("line map", () => {
  it("finds each row's line and merges parts", () => {
    const m = new LineMapBuilder();
    m.noteBatch(0, [2, 3, 4, 7, 8, 10]);
    const r = m.result();
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => lineOfRow(r, i))).toEqual([2, 3, 4, 7, 8, 10, 11]);
    const merged = mergeRowLines(
      [r, { rows: [0], lines: [1] }],
      [
        { rows: 0, lines: 0 },
        { rows: 6, lines: 10 },
      ],
    );
    expect([5, 6, 7].map((i) => lineOfRow(merged, i))).toEqual([10, 11, 12]);
  });
});
