/**
 * The chunk decoder: ASCII chunks skip TextDecoder (Node's latin1Slice), others go through it;
 * the text and the count of replaced bytes must be those of one streaming TextDecoder.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChunkDecoder, isAscii } from "../../src/ingest/read/decode.ts";

function reference(bytes: Uint8Array, encoding: "utf-8" | "windows-1252"): string {
  // (streaming like the decoder: Node's one-shot windows-1252 decode differs, reading Latin-1)
  const d = new TextDecoder(encoding, { ignoreBOM: true });
  return d.decode(bytes, { stream: true }) + d.decode();
}

function chunked(bytes: Uint8Array, cuts: number[], encoding: "utf-8" | "windows-1252") {
  const d = new ChunkDecoder({ encoding, bomLength: 0, notes: [] });
  const parts: string[] = [];
  let at = 0;
  for (const c of [...cuts.map((x) => x % (bytes.length + 1))].sort((a, b) => a - b)) {
    parts.push(d.decode(bytes.subarray(at, c)));
    at = c;
  }
  parts.push(d.decode(bytes.subarray(at)), d.end());
  return { text: parts.join(""), replaced: d.replaced };
}

/** ASCII runs with UTF-8 sequences, cut sequences and invalid bytes now and then */
const piece = fc.oneof(
  fc
    .string({ unit: fc.constantFrom("a", "1", ",", "\n", " "), maxLength: 40 })
    .map((s) => new TextEncoder().encode(s)),
  fc.constantFrom("é", "€", "𝄞", "ü").map((s) => new TextEncoder().encode(s)),
  fc.constantFrom([0xc3], [0xe2, 0x82], [0xff], [0x80]).map((b) => new Uint8Array(b)),
);

describe("ChunkDecoder", () => {
  it("tells ASCII bytes from others at any offset and length", () => {
    const b = new Uint8Array(100).fill(65);
    for (let s = 0; s < 12; s++)
      for (let e = s; e <= 40; e++) {
        expect(isAscii(b.subarray(s, e))).toBe(true);
        for (let k = s; k < e; k++) {
          b[k] = 0x80;
          expect(isAscii(b.subarray(s, e))).toBe(false);
          b[k] = 65;
        }
      }
  });

  it("decodes any chunking like one TextDecoder, counting replaced bytes", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom("utf-8" as const, "windows-1252" as const),
        (pieces, cuts, encoding) => {
          const n = pieces.reduce((a, p) => a + p.length, 0);
          const bytes = new Uint8Array(n);
          let k = 0;
          for (const p of pieces) {
            bytes.set(p, k);
            k += p.length;
          }
          const want = reference(bytes, encoding);
          const got = chunked(bytes, cuts, encoding);
          expect(got.text).toBe(want);
          expect(got.replaced).toBe(want.split("\ufffd").length - 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
