/**
 * parseCsvFileParallel's `onPartsRead`: called once when every part of a parallel read is in,
 * before the table is returned (the command line starts its evaluation workers then), and not
 * at all when the file is read whole.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.ts";
import { describe, expect, it } from "vitest";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";

describe("parseCsvFileParallel onPartsRead", () => {
  const dir = tempDir("ingest-parts-read-");
  const big = join(dir, "big.csv");
  const rows = ["id,v,flag"];
  for (let i = 0; i < 500_000; i++)
    rows.push(`P${i},${(i * 0.37).toFixed(2)},${i % 2 ? "yes" : "no"}`);
  writeFileSync(big, rows.join("\n") + "\n");
  const small = join(dir, "small.csv");
  writeFileSync(small, rows.slice(0, 1000).join("\n") + "\n");

  it("is told once, after every part is read and before the table is returned", async () => {
    const events: string[] = [];
    const p = parseCsvFileParallel(big, {
      threads: 2,
      onPartsRead: () => void events.push("parts read"),
    });
    const t = await p;
    events.push("table");
    expect(t.dialect.notes).toContain("read in 2 parallel parts");
    expect(events).toEqual(["parts read", "table"]);
    expect(t.nRows).toBe(500_000);
  }, 60_000);

  it("is not told when the file is read whole", async () => {
    let called = 0;
    const t = await parseCsvFileParallel(small, { threads: 2, onPartsRead: () => void called++ });
    expect(t.nRows).toBe(999);
    expect(called).toBe(0);
  });
});
