/**
 * `prescreen screen` on an export with a title line, a malformed quote, a lone CR and a footer:
 * every patient is read (the same verdicts as the clean file, apart from the one whose cell was
 * spoiled), and the file's structure reaches standard error and `--summary`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";

const dir = tempDir("prescreen-structure-");
const clean = join(dir, "clean.csv");
const messy = join(dir, "messy.csv");
let spoiled = "";

function statuses(path: string): Map<string, string> {
  const rows = Papa.parse<Record<string, string>>(readFileSync(path, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  return new Map(rows.map((r) => [r.PatientID!, r.status!]));
}

beforeAll(async () => {
  expect((await run("synth", "--rows", "3000", "--seed", "11", "--out", clean)).code).toBe(0);
  const lines = readFileSync(clean, "utf8").split("\n");
  // row 10 (line 11): weight 43.2 written as "4"3.2
  const cells = lines[10]!.split(",");
  spoiled = cells[0]!;
  cells[3] = `"${cells[3]![0]}"${cells[3]!.slice(1)}`;
  lines[10] = cells.join(",");
  const body = lines.slice(1, -1);
  // a lone CR ends row 20
  body[19] = `${body[19]}\r${body[20]}`;
  body.splice(20, 1);
  const text = [
    "Registry export, site 4, 2026-12-07",
    "",
    lines[0],
    ...body,
    "Total,3000",
    "exported by the registry",
    "",
  ].join("\n");
  writeFileSync(messy, text);
});

describe("prescreen screen on a messy export", () => {
  it("reads every patient and reports the file's structure", async () => {
    const a = join(dir, "a.csv");
    const b = join(dir, "b.csv");
    const summary = join(dir, "summary.json");
    expect(
      (await run("screen", "--data", clean, "--protocol", "ln-cd19-cd70", "--out", a)).code,
    ).toBe(0);
    const r = await run(
      "screen",
      ...["--data", messy, "--protocol", "ln-cd19-cd70", "--out", b, "--summary", summary],
    );
    expect(r.code).toBe(0);
    const want = statuses(a);
    const got = statuses(b);
    expect(got.size).toBe(3000);
    for (const [id, s] of want) if (id !== spoiled) expect([id, got.get(id)]).toEqual([id, s]);
    expect(r.err).toMatch(
      /messy\.csv: line 1 \("Registry export \| site 4 \| 2026-12-07"\) is above the header/,
    );
    expect(r.err).toMatch(/messy\.csv:13: a quote opened on line 13 is not closed/);
    // a note that starts by naming its line is not given the line again in front of it
    expect(r.err).not.toMatch(/:(\d+): lines? \1\b/);
    // (the lone CR after row 20 lies among the lines the open quote would have joined)
    expect(r.err).toMatch(
      /read as 2993 rows \(the quote kept as text; 1 lone line break\(s\) among them/,
    );
    expect(r.err).toMatch(
      /messy\.csv: line 3004 \("Total \| 3000"\) below the data looks like a totals/,
    );
    expect(r.err).toMatch(/messy\.csv: line 3005 \("exported by the registry"\) below the data/);
    expect(r.err).toContain(
      "note: 3,002 data lines below the header on line 3 (1 title line, 1 blank line above it), 3,000 rows read: 2 footer rows (totals or notes) not read",
    );
    const s = JSON.parse(readFileSync(summary, "utf8"));
    expect(s.source.rows).toBe(3000);
    expect(s.source.file.structure).toMatchObject({
      lines: 3005,
      headerLine: 3,
      prefaces: 1,
      blankBefore: 1,
      footers: 2,
      joinedLines: 0,
    });
    expect(s.source.file.warnings.map((w: { line: number }) => w.line)).toEqual(
      expect.arrayContaining([1, 13, 3004, 3005]),
    );
  });

  it("takes --header-row", async () => {
    const r = await run(
      "screen",
      "--data",
      messy,
      "--protocol",
      "ln-cd19-cd70",
      "--header-row",
      "3",
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain("3,000 rows read");
    const bad = await run(
      "screen",
      "--data",
      messy,
      "--protocol",
      "ln-cd19-cd70",
      "--header-row",
      "0",
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--header-row needs a line number/);
  });
});
