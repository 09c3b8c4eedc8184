import { describe, expect, it } from "vitest";
import { andWord, notWord, orWord } from "../../../src/engine/lang/swar.ts";
import { AND, NOT, OR } from "../../../src/engine/lang/truth.ts";

const pack = (codes: number[]) => codes.reduce((w, v, k) => w | (v << (8 * k)), 0) >>> 0;
const unpack = (w: number) => [0, 1, 2, 3].map((k) => ((w >>> 0) >>> (8 * k)) & 255);
const digits = (i: number, from: number) =>
  [0, 1, 2, 3].map((k) => Math.floor(i / 3 ** (k + from)) % 3);

describe("four truth codes per word", () => {
  it("match the Kleene tables for every pair of 4-code words", () => {
    let checked = 0;
    for (let i = 0; i < 81 * 81; i++) {
      const a = digits(i, 0);
      const b = digits(i, 4);
      const A = pack(a);
      const B = pack(b);
      expect(unpack(andWord(A, B))).toEqual(a.map((x, k) => AND[x * 3 + b[k]!]));
      expect(unpack(orWord(A, B))).toEqual(a.map((x, k) => OR[x * 3 + b[k]!]));
      expect(unpack(notWord(A))).toEqual(a.map((x) => NOT[x]));
      checked++;
    }
    expect(checked).toBe(6561);
  });
});
