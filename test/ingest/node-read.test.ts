/**
 * Node's file readers (node.ts: parseCsvFile; node-part.ts through parseCsvFileParallel) read
 * the next chunk while the last one is parsed, into two buffers in turns: every byte must reach
 * the core once and in order, whatever the file's size against the 256 KiB chunk.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.ts";
import { describe, expect, it } from "vitest";
import { parseCsvFile } from "../../src/ingest/node/file.ts";
import { parseCsvBytes } from "../../src/ingest/read/parse.ts";
import { grid } from "./helpers.ts";

const CHUNK = 1 << 18;

/** A CSV of exactly `size` bytes (rows of varied length; the last row padded to fit). */
function csvOfSize(size: number): string {
  let s = "id,v,flag\n";
  for (let i = 0; s.length < size - 40; i++)
    s += `P${i},${(i * 7) % 1000}.${i % 10},${i % 3 ? "yes" : "no"}\n`;
  const pad = size - s.length - "Pz,1,".length - 1;
  return pad >= 0 ? `${s}Pz,1,${"x".repeat(pad)}\n` : s.slice(0, size);
}

describe("Node file reads", () => {
  const dir = tempDir("ingest-read-");
  for (const size of [0, 100, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 12_345])
    it(`reads a ${size}-byte file as its bytes read at once`, async () => {
      const text = csvOfSize(size);
      expect(text.length).toBe(size);
      const path = join(dir, `f${size}.csv`);
      writeFileSync(path, text);
      const file = await parseCsvFile(path);
      const bytes = parseCsvBytes(new TextEncoder().encode(text), { name: `f${size}.csv` });
      expect(file.nRows).toBe(bytes.nRows);
      expect(grid(file)).toEqual(grid(bytes));
      expect(file.problems).toEqual(bytes.problems);
    });
});
