import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellText } from "../../src/ingest/read/cells.ts";
import { parseCsvBytes } from "../../src/ingest/read/parse.ts";
import type { RawTable } from "../../src/ingest/types.ts";

const DIR = join(__dirname, "../fixtures/ingest/csv-spectrum");
const names = readdirSync(join(DIR, "csvs")).map((f) => f.replace(/\.csv$/, ""));

function rows(t: RawTable): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const r: Record<string, string> = {};
    for (const c of t.columns) r[c.name] = cellText(c, i);
    out.push(r);
  }
  return out;
}

/** What the CSV actually says for the case whose upstream JSON is defective (see README). */
const OVERRIDES: Record<string, Record<string, string>[]> = {
  location_coordinates: [
    {
      "Contact Phone Number": "2095257564",
      "Location Coordinates": "37\ufffd36'37.8\"N 121\ufffd2'17.9\"W",
      Cities: "Modesto",
      Counties: "Stanislaus",
    },
  ],
};

describe("csv-spectrum conformance", () => {
  it("has the cases and keeps CRLF in the *_crlf files", () => {
    expect(names.length).toBe(12);
    for (const n of names.filter((x) => x.endsWith("_crlf")))
      expect(readFileSync(join(DIR, "csvs", `${n}.csv`), "latin1")).toContain("\r\n");
  });
  for (const name of names) {
    it(`parses ${name} to its expected rows`, () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, "csvs", `${name}.csv`)));
      const expected =
        OVERRIDES[name] ??
        (JSON.parse(readFileSync(join(DIR, "json", `${name}.json`), "utf8")) as Record<
          string,
          string
        >[]);
      // values are trimmed on read; the expected cells here have no outer spaces except newlines in quotes
      const t = parseCsvBytes(bytes, { name });
      expect(t.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(rows(t)).toEqual(expected);
    });
  }
});
