import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/engine/protocol/types.ts";
import { placeCli, placeText } from "../../src/engine/problem-place.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";

const at = (line: number | undefined, message: string, column?: number): Problem => ({
  where: "f.csv",
  ...(line === undefined ? {} : { line }),
  ...(column === undefined ? {} : { column }),
  message,
  severity: "warning",
});

describe("a problem's place", () => {
  it("names the line once when the message starts with it", () => {
    const p = at(36, 'line 36 ("Total;12") below the data looks like a totals or note row');
    expect(`${placeText(p)}: ${p.message}`).toBe(
      'f.csv: line 36 ("Total;12") below the data looks like a totals or note row',
    );
    expect(placeCli(p)).toBe("f.csv");
    expect(placeText(at(36, "lines 36–38 are blank"))).toBe("f.csv");
  });

  it("names the line (and column) in front of a message that does not", () => {
    expect(placeText(at(13, "a quote opened on line 13 is not closed"))).toBe("f.csv, line 13");
    expect(placeCli(at(13, "a quote opened on line 13 is not closed"))).toBe("f.csv:13");
    expect(placeText(at(3, "bad cell", 4))).toBe("f.csv, line 3, column 4");
    expect(placeCli(at(3, "bad cell", 4))).toBe("f.csv:3:4");
    // another line's number is not its own
    expect(placeText(at(36, "line 360 is long"))).toBe("f.csv, line 36");
    expect(placeText(at(undefined, "no rows"))).toBe("f.csv");
  });

  it("says the line of a French export's totals row once", () => {
    const rows = Array.from({ length: 33 }, (_, i) => `P${i};${i % 2 ? "F" : "M"};${30 + i}`);
    const raw = parseCsvText(
      ["N° patient;Sexe;Âge", ...rows, "", "Total;33;"].join("\r\n") + "\r\n",
    );
    const notes = raw.problems.map((p) => `${placeText(p)}: ${p.message}`);
    const footer = notes.find((n) => n.includes("below the data"));
    expect(footer).toMatch(/^file: line 36 \("Total \| 33 \|"\) below the data/);
    expect(footer!.match(/36/g)).toHaveLength(1);
  });
});
