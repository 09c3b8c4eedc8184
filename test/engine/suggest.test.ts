import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance, editLimit } from "../../src/engine/suggest.ts";

describe("editDistance", () => {
  it.each([
    ["upcr", "upcr", 0],
    ["uprc", "upcr", 1], // swapped neighbours count once
    ["upc", "upcr", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s to %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe("closest", () => {
  it.each([
    [1, 0],
    [2, 1],
    [5, 1],
    [6, 2],
    [9, 3],
    [30, 3],
  ])("a word of %i characters allows %i edits", (n, limit) => {
    expect(editLimit(n)).toBe(limit);
  });

  it("suggests within the limit, closest first, then in the pool's order, case ignored", () => {
    expect(closest("UPRC", ["sledai", "upcr_g", "upcr"])).toEqual(["upcr"]);
    expect(closest("VII", ["I", "II", "III", "VI"])).toEqual(["II", "III", "VI"]);
    expect(closest("sledia", ["sledai", "sle", "bilag"])).toEqual(["sledai"]);
    expect(closest("x", ["y", "xy"])).toEqual([]);
    expect(closest("ln-cd19-cd7", ["ln-cd19-cd70", "dapa-hf"], 1)).toEqual(["ln-cd19-cd70"]);
  });

  it("says nothing when nothing is close", () => {
    expect(didYouMean(closest("creatinine", ["upcr", "sledai"]))).toBe("");
    expect(didYouMean(["a", "A", "b"])).toBe(" — did you mean 'a' or 'b'?");
  });
});
