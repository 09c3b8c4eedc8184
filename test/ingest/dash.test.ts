/**
 * ASCII `-` in a +/- column: the reader reads it as the null token it is elsewhere, but keeps
 * which rows held it (category columns), so a column of `+` and `-` mapped to a yes/no variable
 * reads `-` as no; in any other column `-` stays missing and counted. Every read path gives
 * the same rows (fast path, PapaParse, small chunks, a parallel read).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { FALSE, TRUE, UNKNOWN } from "../../src/engine/types.ts";
import { applyMapping, type Mapping } from "../../src/ingest/map/mapping.ts";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import type { RawTable } from "../../src/ingest/types.ts";
import { tempDir } from "../support/temp.ts";

const protocol = {
  id: "t",
  name: "t",
  version: "1",
  variables: [
    { name: "patient_id", type: "category" },
    { name: "cd19", type: "boolean" },
    { name: "hiv", type: "boolean" },
  ],
  criteria: [],
} as unknown as Protocol;
const mapping: Mapping = {
  version: 1,
  protocol: "t",
  columns: { patient_id: { column: "id" }, cd19: { column: "CD19" }, hiv: { column: "HIV" } },
};

/** row i: CD19 is +, -, blank, " - " or quoted "-" by i; HIV ja / nein / - */
function cd19(i: number): string {
  return ["+", "-", "", "+", " - ", '"-"', "-", "+", "NA"][i % 9]!;
}
const want = (i: number) =>
  [TRUE, FALSE, UNKNOWN, TRUE, FALSE, FALSE, FALSE, TRUE, UNKNOWN][i % 9]!;
const hiv = (i: number) => ["ja", "nein", "-"][i % 3]!;

function fileText(rows: number, eol = "\n"): string {
  const lines = ["id;CD19;HIV;note"];
  for (let i = 0; i < rows; i++) lines.push(`P${i};${cd19(i)};${hiv(i)};n${i % 13}`);
  return lines.join(eol) + eol;
}

function check(raw: RawTable, rows: number) {
  expect(raw.nRows).toBe(rows);
  const applied = applyMapping(protocol, raw, mapping, { valueTables: true });
  const c = applied.table.columns.cd19!;
  const h = applied.table.columns.hiv!;
  if (c.kind !== "boolean" || h.kind !== "boolean") throw new Error("not yes/no");
  for (let i = 0; i < rows; i++) {
    if (c.values[i] !== want(i)) throw new Error(`row ${i}: ${c.values[i]} not ${want(i)}`);
    const hw = [TRUE, FALSE, UNKNOWN][i % 3];
    if (h.values[i] !== hw) throw new Error(`HIV row ${i}: ${h.values[i]}`);
  }
  const dashes = Array.from({ length: rows }, (_, i) => i).filter((i) =>
    [1, 4, 5, 6].includes(i % 9),
  );
  const q = applied.quality.columns.find((x) => x.column === "CD19")!;
  expect(q.missingTokens["-"]).toBeUndefined();
  expect(q.notes.join()).toContain(`${dashes.length} "-" read as no`);
  expect(q.values!.rows.find((r) => r.value === "-")).toEqual({
    value: "-",
    count: dashes.length,
    becomes: "no",
    by: "rule",
  });
  // a column of words: `-` stays the null token it is
  const qh = applied.quality.columns.find((x) => x.column === "HIV")!;
  expect(qh.missingTokens["-"]).toBe(Math.floor(rows / 3));
  expect(qh.values!.rows.some((r) => r.value === "-")).toBe(false);
  expect(applied.quality.notUnderstood.values).toBe(0);
}

describe("`-` in a +/- column feeding yes/no", () => {
  for (const [name, opts] of [
    ["fast path", {}],
    ["PapaParse only", { fastPath: false }],
    ["small chunks", { textChunk: 7 }],
  ] as const)
    it(`is "no" (${name})`, () => {
      const rows = 3000;
      const raw = parseCsvText(fileText(rows), opts);
      expect(raw.columns[1]!.storage.kind).toBe("category");
      // the reader still counts each `-` as its null token, and marks nothing else
      expect(raw.columns[1]!.stats.missingTokens["-"]).toBe(raw.columns[1]!.dashes!.length);
      // (ja/nein/-: a yes/no column to the reader, which keeps no marks there)
      expect(raw.columns[2]!.storage.kind).toBe("boolean");
      expect(raw.columns[3]!.dashes).toBeUndefined();
      check(raw, rows);
    });

  it("ragged rows and CRLF keep the marks exact", () => {
    const lines = fileText(3000, "\r\n").split("\r\n");
    lines[100] = "P99;-;ja"; // short row: padded
    lines[200] = "P199;-;ja;n;extra"; // long row
    const raw = parseCsvText(lines.join("\r\n"));
    const d = Array.from(raw.columns[1]!.dashes!);
    expect(d).toContain(99);
    expect(d).toContain(199);
    const papa = parseCsvText(lines.join("\r\n"), { fastPath: false });
    expect(Array.from(papa.columns[1]!.dashes!)).toEqual(d);
  });

  it("a parallel read merges the marks", async () => {
    const rows = 400_000;
    const path = join(tempDir("dash-"), "d.csv");
    writeFileSync(path, fileText(rows));
    check(await parseCsvFileParallel(path, { threads: 2 }), rows);
  });

  it("the mapping's own reading of `-` wins; without + it stays missing", () => {
    const raw = parseCsvText(fileText(90));
    const m: Mapping = {
      ...mapping,
      columns: { ...mapping.columns, cd19: { column: "CD19", values: { "-": null } } },
    };
    const a = applyMapping(protocol, raw, m);
    const c = a.table.columns.cd19!;
    if (c.kind !== "boolean") throw new Error("not yes/no");
    expect(c.values[1]).toBe(UNKNOWN);
    expect(a.quality.columns.find((x) => x.column === "CD19")!.missingTokens["-"]).toBe(40);
    // a column of only `-` and words other than signs
    const words = parseCsvText("id;CD19\nP1;neg.\nP2;-\nP3;pos.\nP4;pos.\n");
    const w = applyMapping(protocol, words, { ...mapping, columns: { cd19: { column: "CD19" } } });
    const wc = w.table.columns.cd19!;
    if (wc.kind !== "boolean") throw new Error("not yes/no");
    expect(Array.from(wc.values)).toEqual([FALSE, UNKNOWN, TRUE, TRUE]);
  });
});
