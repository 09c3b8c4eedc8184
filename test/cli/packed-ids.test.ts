/**
 * `prescreen screen` over more distinct patient ids than PACK_MIN (the id column packed, read on
 * two threads): the results file lists the same ids as the extract, row by row, and the
 * duplicate ids are counted exactly.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { tempDir } from "../support/temp.ts";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { PACK_MIN } from "../../src/engine/packed-dict.ts";

const column = (path: string, k: number): string[] =>
  Papa.parse<string[]>(readFileSync(path, "utf8"), { skipEmptyLines: true })
    .data.slice(1)
    .map((r) => r[k]!);

describe("prescreen screen with packed ids", () => {
  it("writes the extract's ids and counts duplicates across the parts", async () => {
    const dir = tempDir("prescreen-ids-");
    const extract = join(dir, "extract.csv");
    const out = join(dir, "results.csv");
    const rows = PACK_MIN + 1_000;
    const log: string[] = [];
    const say = (s: string): void => void log.push(s);
    expect(
      await main(["synth", "--rows", String(rows), "--seed", "5", "--out", extract], say, say),
    ).toBe(0);
    const lines = readFileSync(extract, "utf8").trimEnd().split("\n");
    // the first two patients again at the end: their ids were read by the first part
    appendFileSync(extract, [lines[1], lines[2], lines[1]].join("\n") + "\n");
    const header = lines[0]!.split(",");
    const idAt = header.findIndex((h) => /patient/i.test(h));
    expect(idAt).toBeGreaterThanOrEqual(0);
    const code = await main(
      // (not --quiet: it leaves out the file's notes, and the parallel read is one of them)
      ["screen", "--data", extract, "--protocol", "ln-cd19-cd70", "--out", out],
      say,
      say,
    );
    expect(code).toBe(0);
    const ids = column(extract, idAt);
    expect(ids.length).toBe(rows + 3);
    expect(column(out, 0)).toEqual(ids);
    expect(log.join("\n")).toMatch(/read in \d parallel parts/);
    expect(log.join("\n")).toContain(`3 duplicate patient id(s), e.g. ${ids[0]}, ${ids[1]}`);
  }, 60_000);
});
