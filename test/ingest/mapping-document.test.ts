import { describe, expect, it } from "vitest";
import { parseMapping } from "../../src/ingest/map/mapping-document.ts";

const ok = {
  version: 1,
  protocol: "ln-cd19-cd70",
  columns: { upcr: { column: "UPCR (mg/mmol)", unit: "mg/mmol" } },
};

describe("a mapping document is checked against its schema", () => {
  it("reads a conforming document", () => {
    const { mapping, problems } = parseMapping(JSON.stringify(ok), "m.json");
    expect(problems).toEqual([]);
    expect(mapping?.columns.upcr?.unit).toBe("mg/mmol");
  });

  it.each([
    [
      { ...ok, columns: { sle: { column: "SLE", trueValues: "yes", unit: 5 } } },
      ["m.json: /columns/sle/trueValues", "m.json: /columns/sle/unit"],
    ],
    [{ ...ok, version: 2 }, ["m.json: /version"]],
    [{ ...ok, columns: { upcr: { colum: "UPCR" } } }, ["m.json: /columns/upcr"]],
    [{ ...ok, columns: [1, 2] }, ["m.json: /columns"]],
    [
      { ...ok, columns: { upcr: { column: "UPCR", dateOrder: "ymd" } } },
      ["m.json: /columns/upcr/dateOrder"],
    ],
    [
      { ...ok, columns: { x: { column: "X", values: { "pos.": 1 } } } },
      ["m.json: /columns/x/values/pos."],
    ],
    [{ protocol: "p", columns: {} }, ["m.json: /"]],
    [[1, 2], ["m.json: /"]],
  ])("gives problems with their paths, never an exception: %j", (doc, wheres) => {
    const { mapping, problems } = parseMapping(JSON.stringify(doc), "m.json");
    expect(mapping).toBeUndefined();
    expect([...new Set(problems.map((p) => p.where))].sort()).toEqual([...wheres].sort());
    for (const p of problems) expect(p.message.length).toBeGreaterThan(10);
  });

  it("names an unknown field and a missing one", () => {
    const { problems } = parseMapping(
      JSON.stringify({ ...ok, columns: { upcr: { colum: "UPCR" } } }),
      "m.json",
    );
    const messages = problems.map((p) => p.message).join("\n");
    expect(messages).toContain("unknown field 'colum'");
    expect(messages).toContain("missing required field 'column'");
  });

  it("gives a syntax error its line and column", () => {
    const { problems } = parseMapping('{\n  "version": 1,\n  "protocol": x\n}', "m.json");
    expect(problems).toMatchObject([{ where: "m.json", line: 3, column: 15 }]);
  });

  it("refuses JSON nested 10,000 deep with a message", () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const { problems } = parseMapping(deep, "m.json");
    expect(problems[0]?.message).toMatch(/nested more than \d+ levels/);
  });

  it("takes JavaScript member names as variable names", () => {
    const doc = {
      ...ok,
      columns: {
        constructor: { column: "C" },
        __proto__x: { column: "P" },
        toString: { column: "T" },
      },
    };
    const text = JSON.stringify(doc).replace("__proto__x", "__proto__");
    const { mapping, problems } = parseMapping(text, "m.json");
    expect(problems).toEqual([]);
    expect(Object.keys(mapping!.columns).sort()).toEqual(["__proto__", "constructor", "toString"]);
  });
});
