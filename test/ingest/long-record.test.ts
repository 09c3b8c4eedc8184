import { describe, expect, it } from "vitest";
import { IngestCore } from "../../src/ingest/read/core.ts";
import { parseCsvStream } from "../../src/ingest/read/parse.ts";
import { chunks, grid } from "./helpers.ts";

/**
 * A record that runs on for megabytes (a quoted cell full of "") used to be parsed again from
 * its start with every 64 KiB of text (16 MB: 80 s). The work is counted, not timed: the
 * characters handed to PapaParse stay within a small multiple of the file.
 */
describe("a long unfinished record", () => {
  for (const [name, cell] of [
    ['""', '""'],
    ["text and newlines", 'ab""\nc'],
  ] as const) {
    it(`is parsed in linear work (${name})`, async () => {
      const size = 4 << 20;
      const body = cell.repeat(Math.ceil(size / cell.length));
      const text = `id,note\n1,"${body}"\n2,x\n`;
      const bytes = new TextEncoder().encode(text);
      const before = IngestCore.papaChars;
      const t = await parseCsvStream(chunks(bytes, 256 * 1024), { totalBytes: bytes.length });
      const work = IngestCore.papaChars - before;
      expect(t.nRows).toBe(2);
      expect(grid(t)[2]).toEqual(["2", "x"]);
      const cellText = grid(t)[1]![1]!;
      expect(cellText.length).toBe(body.replaceAll('""', '"').length);
      // tried at every 64 KiB this was ~32x the file for 4 MB (and grows with the size)
      expect(work).toBeLessThan(4 * text.length);
    });
  }
});
