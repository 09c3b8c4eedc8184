import { tempDir } from "../support/temp.ts";
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSynthetic } from "../../src/synth/generate.ts";
import { parseCsvFile } from "../../src/ingest/node/file.ts";
import { rowArray } from "../../src/engine/types.ts";

/**
 * Columns are allocated once, at a capacity estimated from the file size and the first rows,
 * and returned as views: an estimate that falls short makes every column grow by half and be
 * copied again at the end (time, and half a table more at the peak). The estimate once divided
 * the bytes pushed by the characters decoded so far, which lag behind when a chunk is decoded a
 * slice at a time: 12% short on the synthetic registry.
 */
describe("column capacity from the file size", () => {
  it("holds every row without growing (each column a view of its first buffer)", async () => {
    const parts: string[] = [];
    generateSynthetic({ rows: 6000, seed: 5, wide: true }).writeTo((c) => parts.push(c));
    const path = join(tempDir("capacity-"), "synth.csv");
    writeFileSync(path, parts.join(""));
    const t = await parseCsvFile(path);
    expect(t.nRows).toBe(6000);
    for (const c of t.columns) {
      const a = rowArray(c.storage);
      const capacity = a.buffer.byteLength / a.BYTES_PER_ELEMENT;
      // a grown column was copied to its exact length at the end
      expect(capacity, c.name).toBeGreaterThan(t.nRows);
      expect(capacity, c.name).toBeLessThan(t.nRows * 1.125);
    }
  });
});
