import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendEntry,
  copyDict,
  packDict,
  packedColumn,
  postableTable,
  shouldPack,
  unpackDict,
  withDictViews,
  PACK_MIN,
} from "../../src/engine/packed-dict.ts";
import type { Column } from "../../src/engine/types.ts";
import { categoryCode } from "../../src/pool/eval-service.ts";

type Category = Extract<Column, { kind: "category" }>;

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

describe("packed category columns", () => {
  const ids = ["P1", "P2", "P3"];
  const col = () => packedColumn(Int32Array.from([2, 0, 1, -1]), packDict(ids)) as Category;

  it("posts without the view and gets it back on the other side", () => {
    const c = col();
    expect(() => structuredClone(c)).toThrow();
    const t = { nRows: 4, columns: { id: c, n: { kind: "boolean", values: new Uint8Array(4) } } };
    const posted = structuredClone(
      postableTable(t as { nRows: number; columns: Record<string, Column> }),
    );
    const back = withDictViews(posted).columns["id"] as Category;
    expect([...back.codes].map((k) => (k < 0 ? "" : back.dict[k]))).toEqual(["P3", "P1", "P2", ""]);
    // the sender's column keeps its view
    expect(c.dict[1]).toBe("P2");
  });

  it("appends edits to a packed dictionary (a copy keeps the old entries only)", () => {
    const c = col();
    const copy = { kind: "category", codes: c.codes, ...copyDict(c) } as Category;
    expect(appendEntry(c, "Q9")).toBe(3);
    expect([...c.dict]).toEqual([...ids, "Q9"]);
    expect([...copy.dict]).toEqual(ids);
    // an evaluation worker learns a value at the page's code, gaps filled
    expect(categoryCode(c.dict, "Z", 6, (v) => appendEntry(c, v))).toBe(6);
    expect([...c.dict]).toEqual([...ids, "Q9", "", "", "Z"]);
    expect(categoryCode(c.dict, "P2", undefined, (v) => appendEntry(c, v))).toBe(1);
  });

  it("packs only large, mostly distinct dictionaries", () => {
    expect(shouldPack(PACK_MIN + 1, 2 * PACK_MIN)).toBe(true);
    expect(shouldPack(PACK_MIN, PACK_MIN)).toBe(false);
    expect(shouldPack(PACK_MIN + 1, 3 * PACK_MIN)).toBe(false);
  });
});
