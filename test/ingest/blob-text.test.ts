/**
 * A browser part read as text pieces (blob-text.ts, through blob-parallel.ts `readBlobPart`)
 * gives the table the byte stream gives: piece boundaries inside multi-byte characters, invalid
 * bytes, a byte-order mark at the start and U+FEFF in the middle, non-ASCII runs too long to cut
 * in (the rest is read as bytes), and exact progress bytes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBlobParallel, readBlobPart } from "../../src/ingest/browser/blob-parallel.ts";
import { asciiCut } from "../../src/ingest/browser/blob-text.ts";
import { parseCsvBytes } from "../../src/ingest/read/parse.ts";
import type { ParseOptions, RawTable } from "../../src/ingest/types.ts";
import { grid, messages } from "./helpers.ts";

/** The same Blob without `text()`: read as a byte stream (the reference). */
function bytesOnly(b: Blob): Blob {
  return {
    size: b.size,
    slice: (s?: number, e?: number) => bytesOnly(b.slice(s, e)),
    stream: () => b.stream(),
    arrayBuffer: () => b.arrayBuffer(),
  } as unknown as Blob;
}

/** The same Blob, counting `text()` calls (and `stream()` calls: bytes read as bytes). */
function counted(b: Blob, calls: { text: number; stream?: number }): Blob {
  return {
    size: b.size,
    slice: (s?: number, e?: number) => counted(b.slice(s, e), calls),
    stream: () => {
      calls.stream = (calls.stream ?? 0) + 1;
      return b.stream();
    },
    arrayBuffer: () => b.arrayBuffer(),
    text: () => {
      calls.text++;
      return b.text();
    },
  } as unknown as Blob;
}

/** Two parts, each read by `readBlobPart` with text pieces of `piece` bytes. */
function readParts(
  blob: Blob,
  piece?: number,
  opts: ParseOptions = {},
  onPart?: (part: number, bytes: number) => void,
): Promise<RawTable> {
  return parseBlobParallel(
    blob,
    [0, 1].map(
      (_, k) => (f: Blob, job, p) =>
        readBlobPart(f, job, (b, r) => (onPart?.(k, b), p(b, r)), {}, piece).then((part) => {
          expect(part.bytes).toBe(job.end - job.start);
          return part;
        }),
    ),
    () => Promise.reject(new Error("not split")),
    opts,
    0,
  );
}

const enc = (s: string) => new TextEncoder().encode(s);

function join(pieces: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of pieces) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** What the test compares: cells, problems (invalid byte counts among them), dialect. */
function seen(t: RawTable): unknown {
  return { grid: grid(t), problems: messages(t), dialect: t.dialect, rows: t.nRows };
}

describe("readBlobPart as text", () => {
  it("reads the table the byte stream reads, pieces cut anywhere (property)", async () => {
    const cell = fc.oneof(
      fc.integer({ min: -999, max: 9999 }).map((n) => enc(String(n))),
      fc.constantFrom(
        ...["", "NA", "yes", "abc", "é", "café", "😀", "日本語テキスト", "\ufeff", "x\ufeffy"].map(
          enc,
        ),
        enc("日".repeat(400)), // longer than the probe for a cut: the rest is read as bytes
        Uint8Array.of(0xff), // invalid UTF-8, alone and cut short
        Uint8Array.of(0x61, 0xc3),
        Uint8Array.of(0xe6, 0x97),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 400 }),
        fc.boolean(),
        async (rows, piece, bom) => {
          const lines = rows.map((r) => join([r[0]!, enc(","), r[1]!, enc(","), r[2]!, enc("\n")]));
          const bytes = join([
            bom ? Uint8Array.of(0xef, 0xbb, 0xbf) : new Uint8Array(0),
            enc("id,a,b\n"),
            ...lines,
            // (rows after the longest cell: the half-way cut always finds a line end)
            enc("9,9,9\n".repeat(4)),
          ]);
          // (forced: a small file with invalid bytes would be read as Windows-1252)
          const opts: ParseOptions = { encoding: "utf-8" };
          const calls = { text: 0 };
          const blob = new Blob([bytes]);
          const got = await readParts(counted(blob, calls), piece, opts);
          const want = await readParts(bytesOnly(blob), piece, opts);
          expect(seen(got)).toEqual(seen(want));
          expect(grid(got)).toEqual(grid(parseCsvBytes(bytes, opts)));
          expect(calls.text).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("counts invalid byte sequences as the byte stream does", async () => {
    const bytes = join([
      enc("id,a\n1,x\n"),
      Uint8Array.of(0x32, 0x2c, 0xff, 0xfe, 0x0a),
      enc("3,é\n"),
    ]);
    for (const piece of [1, 2, 3, 5, 8, 1000]) {
      const t = await readParts(new Blob([bytes]), piece, { encoding: "utf-8" });
      expect(messages(t).filter((m) => m.includes("invalid byte"))).toEqual([
        expect.stringMatching(/^2 invalid byte sequence/),
      ]);
      expect(grid(t)[3]).toEqual(["3", "é"]);
    }
  });

  it("reads a Windows-1252 file as bytes", async () => {
    const muller = Uint8Array.of(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72);
    const bytes = join([enc("id,name\n1,"), muller, enc("\n2,b\n3,c\n4,"), muller, enc("\n")]);
    const calls = { text: 0 };
    const t = await readParts(counted(new Blob([bytes]), calls), 4);
    expect(t.dialect.encoding).toBe("windows-1252");
    expect(grid(t)[1]).toEqual(["1", "Müller"]);
    expect(calls.text).toBe(0);
  });

  it("reports every byte exactly, and bytes never go back", async () => {
    const text = "id,v\n" + Array.from({ length: 3000 }, (_, i) => `P${i},é${i}\n`).join("");
    const bytes = enc(text);
    const reports: number[][] = [[], []];
    const calls = { text: 0, stream: 0 };
    const blob = counted(new Blob([bytes]), calls);
    const t = await readParts(blob, 997, {}, (k, b) => reports[k]!.push(b));
    // every byte as text (no piece fell back to the byte stream)
    expect(calls).toEqual({ text: expect.any(Number), stream: 0 });
    expect(t.bytes).toBe(bytes.length);
    for (const r of reports) expect(r).toEqual([...r].sort((a, b) => a - b));
    expect(t.nRows).toBe(3000);
    expect(grid(t)).toEqual(grid(parseCsvBytes(bytes)));
  });
});

describe("readBlobPart as text, default pieces", () => {
  it("reads a file of a few MiB as text with the default pieces", async () => {
    const text = "id,v\n" + Array.from({ length: 200_000 }, (_, i) => `P${i},${i % 97}\n`).join("");
    const bytes = enc(text);
    const calls = { text: 0, stream: 0 };
    const t = await readParts(counted(new Blob([bytes]), calls));
    expect(t.nRows).toBe(200_000);
    expect(grid(t)).toEqual(grid(parseCsvBytes(bytes)));
    expect(calls.stream).toBe(0);
    expect(calls.text).toBeGreaterThanOrEqual(2);
  });
});

describe("asciiCut", () => {
  it("cuts after the last ASCII byte and counts the characters after it", async () => {
    const blob = new Blob([enc("ab,日本😀")]);
    expect(await asciiCut(blob, 0, blob.size)).toEqual({ at: 3, tailChars: 4 });
    expect(await asciiCut(blob, 3, blob.size)).toBeNull();
    // a character cut short decodes to one U+FFFD
    expect(await asciiCut(blob, 0, 5)).toEqual({ at: 3, tailChars: 1 });
  });
});
