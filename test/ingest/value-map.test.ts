import { describe, expect, it } from "vitest";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { FALSE, TRUE, UNKNOWN } from "../../src/engine/types.ts";
import { applyMapping, type Mapping } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { valueTable } from "../../src/ingest/map/value-map.ts";

const protocol: Protocol = {
  id: "t",
  title: "t",
  version: "1",
  parameters: [],
  criteria: [],
  variables: [
    { name: "sex", type: "category", values: ["female", "male"], description: "" },
    { name: "hiv", type: "boolean", description: "" },
    { name: "ana", type: "number", description: "" },
    {
      name: "haemoglobin",
      type: "number",
      unit: "g/L",
      altUnits: ["g/dL"],
      plausible: [20, 250],
      description: "",
    },
    { name: "code", type: "category", values: ["a", "b", "c", "d"], description: "" },
  ],
};
const map = (columns: Mapping["columns"]): Mapping => ({ version: 1, protocol: "t", columns });

describe("a column read as the variable it feeds", () => {
  it("reads a women-only Sex column of F as female (not as a yes/no)", () => {
    const raw = parseCsvText("id,Sex\n1,F\n2,F\n3,f\n");
    const { table, quality } = applyMapping(protocol, raw, map({ sex: { column: "Sex" } }));
    const sex = table.columns.sex!;
    expect(sex.kind === "category" && [...sex.codes]).toEqual([0, 0, 0]);
    expect(quality.notUnderstood).toEqual({ values: 0, columns: 0 });
  });

  it("reads a yes/no column's words the reader kept aside, and tallies the rest", () => {
    // 2,000+ rows of yes/no make a yes/no column; the later words are the reader's rejects
    const rows = Array.from({ length: 2100 }, (_, i) => `${i},${i % 2 ? "yes" : "no"}`);
    rows[2050] = "2050,detected";
    rows[2060] = "2060,nicht nachgewiesen";
    rows[2070] = "2070,vielleicht";
    const raw = parseCsvText("id,HIV\n" + rows.join("\n") + "\n");
    expect(raw.columns[1]!.storage.kind).toBe("boolean");
    const { table, quality } = applyMapping(protocol, raw, map({ hiv: { column: "HIV" } }));
    const hiv = table.columns.hiv!;
    if (hiv.kind !== "boolean") throw new Error("not boolean");
    expect([hiv.values[2050], hiv.values[2060], hiv.values[2070]]).toEqual([TRUE, FALSE, UNKNOWN]);
    expect(quality.columns[0]!.notUnderstood).toEqual({
      count: 1,
      distinct: 1,
      values: [{ value: "vielleicht", count: 1, lines: [2072] }],
    });
  });

  it("reads titres as numbers", () => {
    const raw = parseCsvText("id,ANA\n1,1:320\n2,1/80\n3,<1:40\n4,neg\n");
    const { table, quality } = applyMapping(protocol, raw, map({ ana: { column: "ANA" } }));
    const ana = table.columns.ana!;
    if (ana.kind !== "number") throw new Error("not number");
    expect([...ana.lo].slice(0, 2)).toEqual([320, 80]);
    expect(ana.lo[2]).toBe(-Infinity);
    expect(quality.columns[0]!.notUnderstood?.values).toEqual([
      { value: "neg", count: 1, lines: [5] },
    ]);
  });

  it("suggests the unit in which implausible values are plausible", () => {
    const raw = parseCsvText("id,Hb\n1,12.5\n2,13.1\n3,9.8\n");
    const { quality, problems } = applyMapping(
      protocol,
      raw,
      map({ haemoglobin: { column: "Hb" } }),
    );
    const q = quality.columns.find((c) => c.variable === "haemoglobin")!;
    expect(q.unit).toEqual({ unit: "g/L", source: "default" });
    expect(q.unitSuggestion).toEqual({ unit: "g/dL", median: 12.5 });
    expect(problems.map((p) => p.message).join()).toMatch(/plausible in g\/dL/);
  });
});

describe("valueTable and values", () => {
  const raw = parseCsvText(
    "id,Code\n" +
      ["a", "a", "a", "B", "x", "x", "y", "z", "c"].map((v, i) => `${i},${v}`).join("\n") +
      "\n",
  );
  const code = protocol.variables[4]!;
  it("lists the values by frequency with what each becomes, and how many more", () => {
    const t = valueTable(code, raw.columns[1]!, { column: "Code" }, 3);
    expect(t.rows).toEqual([
      { value: "a", count: 3, becomes: "a", by: "rule" },
      { value: "x", count: 2, becomes: null, by: "none" },
      { value: "B", count: 1, becomes: "b", by: "rule" },
    ]);
    expect([t.more, t.moreRows]).toEqual([3, 3]);
  });
  it("honours the mapping's values; a value set to null is not 'not understood'", () => {
    const { table, quality } = applyMapping(
      protocol,
      raw,
      map({ code: { column: "Code", values: { x: "d", y: null } } }),
    );
    const c = table.columns.code!;
    expect(c.kind === "category" && [...c.codes]).toEqual([0, 0, 0, 1, 3, 3, -1, -1, 2]);
    expect(quality.columns[0]!.notUnderstood).toEqual({
      count: 1,
      distinct: 1,
      values: [{ value: "z", count: 1, lines: [9] }],
    });
  });
});
