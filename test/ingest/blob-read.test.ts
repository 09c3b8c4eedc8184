/**
 * The browser read of a Blob's byte range (blob-parallel.ts `readBlobPart`): it lets the worker's
 * queued tasks run while the bytes come faster than they are parsed (a buffered stream's reads
 * resolve as microtasks), so the other parts' progress and a cancel are not held until the end;
 * and `sequential` (decode.ts) keeps a decoded string's text.
 */
import { describe, expect, it, vi } from "vitest";
import { parseBlobParallel, readBlobPart } from "../../src/ingest/browser/blob-parallel.ts";
import { sequential } from "../../src/ingest/read/decode.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { grid } from "./helpers.ts";

/** A Blob whose streams have every chunk at once (each read resolves as a microtask). */
function instantBlob(bytes: Uint8Array, chunk = 1 << 16, start = 0, end = bytes.length): Blob {
  return {
    size: end - start,
    slice: (s = 0, e = end - start) =>
      instantBlob(bytes, chunk, start + s, Math.min(end, start + Math.max(s, e))),
    arrayBuffer: () => Promise.resolve(bytes.slice(start, end).buffer),
    stream: () => {
      let at = start;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (at >= end) c.close();
          else c.enqueue(bytes.slice(at, Math.min(end, (at += chunk))));
        },
      });
    },
  } as unknown as Blob;
}

function csv(rows: number): string {
  const out = ["id,age,flag,day"];
  for (let i = 0; i < rows; i++)
    out.push(
      `P${i},${20 + (i % 60)},${i % 3 ? "yes" : "no"},2020-01-${String(1 + (i % 28)).padStart(2, "0")}`,
    );
  return out.join("\n") + "\n";
}

describe("readBlobPart", () => {
  it("lets queued tasks run during a long read of buffered bytes", async () => {
    const text = csv(200_000);
    const bytes = new TextEncoder().encode(text);
    let bytesSeen = 0;
    let timerSawBytes = -1;
    setTimeout(() => (timerSawBytes = bytesSeen), 0);
    // a clock that advances 10 ms per reading: the read's pauses come every 50 ms of it however
    // fast this machine reads (on a quiet one the real read took under 50 ms: no pause was due)
    let clock = 0;
    const now = vi.spyOn(performance, "now").mockImplementation(() => (clock += 10));
    const t = await parseBlobParallel(
      instantBlob(bytes),
      [0, 1].map(() => (f: Blob, job, p) => readBlobPart(f, job, (b, r) => p((bytesSeen = b), r))),
      () => Promise.reject(new Error("not split")),
      {},
      0,
    ).finally(() => now.mockRestore());
    expect(t.nRows).toBe(200_000);
    expect(grid(t)).toEqual(grid(parseCsvText(text)));
    // the timer ran while the parts were read, not after the last byte
    expect(timerSawBytes).toBeGreaterThan(0);
    expect(timerSawBytes).toBeLessThan(bytes.length / 2);
  });
});

describe("sequential", () => {
  it("gives the same text", () => {
    for (const s of ["", "a", "ab", "a,b\n1,2\n".repeat(1000), "é😀x", "😀"])
      expect(sequential(s)).toBe(s);
  });
});
