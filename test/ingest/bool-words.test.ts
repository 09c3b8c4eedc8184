/** bool-words.ts: the fused reader's boolean words agree with parseBooleanWord. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOOL1, boolWord } from "../../src/ingest/read/bool-words.ts";
import { parseBooleanWord } from "../../src/ingest/read/values.ts";

const WORDS = [
  "yes",
  "y",
  "no",
  "n",
  "true",
  "t",
  "false",
  "f",
  "positive",
  "pos",
  "negative",
  "neg",
  "1",
  "0",
];

describe("boolWord", () => {
  it("reads every word it knows in any case, whole, with its truth", () => {
    for (const w of WORDS)
      for (const v of [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]) {
        const r = boolWord(`,${v},`, 1, v.charCodeAt(0));
        expect(r >> 1, v).toBe(v.length);
        expect(r & 1, v).toBe(parseBooleanWord(v));
      }
  });

  it("claims only a prefix that parseBooleanWord reads with the same truth (property)", () => {
    const chars = fc.constantFrom(..."yesnotrufalspivgYESNOTRUFALSPIVG10,\u0165\u016f\u0179 ");
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 10 }), (cs) => {
        const text = cs.join("") + ",,,,,,,,";
        const r = boolWord(text, 0, text.charCodeAt(0));
        if (r < 0) return;
        const word = text.slice(0, r >> 1);
        expect(parseBooleanWord(word)).toBe(r & 1);
      }),
      { numRuns: 2000 },
    );
  });

  it("has the one-char words of parseBooleanWord in its table", () => {
    for (let c = 0; c < 128; c++)
      expect(BOOL1[c], String(c)).toBe(parseBooleanWord(String.fromCharCode(c)));
  });
});
