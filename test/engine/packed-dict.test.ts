import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packDict, unpackDict } from "../../src/engine/packed-dict.ts";

describe("packDict / unpackDict", () => {
  it("reads like the dictionary it packed (index, length, array methods, copies)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 60 }), (dict) => {
        const view = unpackDict(structuredClone(packDict(dict)));
        expect(view.length).toBe(dict.length);
        dict.forEach((d, k) => expect(view[k]).toBe(d));
        expect(view[dict.length]).toBeUndefined();
        expect(view[-1]).toBeUndefined();
        expect([...view]).toEqual(dict);
        expect(view.slice()).toEqual(dict);
        expect(view.map((d) => d.length)).toEqual(dict.map((d) => d.length));
        const probe = dict[dict.length >> 1];
        if (probe !== undefined) expect(view.indexOf(probe)).toBe(dict.indexOf(probe));
        expect(Array.isArray(view)).toBe(true);
        expect(JSON.stringify(view)).toBe(JSON.stringify(dict));
      }),
    );
  });

  it("is read-only", () => {
    const view = unpackDict(packDict(["a", "b"]));
    expect(() => {
      "use strict";
      view[0] = "z";
    }).toThrow(TypeError);
    expect(view[0]).toBe("a");
  });
});
