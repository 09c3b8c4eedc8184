/**
 * Temperatures in °F (and K): an affine conversion (°C = (°F − 32) × 5/9), not a factor, from
 * the header's unit, a mapping's unit, a per-row unit column; censored bounds keep their
 * strictness; explanations show the analyst's unit. Worked values: 98.6 °F = 37 °C,
 * 100.94 °F = 38.3 °C, 32 °F = 0 °C, 212 °F = 100 °C, 310.15 K = 37 °C.
 */
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { explainRow } from "../../src/engine/explain.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { FAIL, PASS } from "../../src/engine/types.ts";
import { applyConversion, convertFactor, convertUnit } from "../../src/engine/units.ts";
import { applyMapping, autoMap, type Mapping } from "../../src/ingest/map/mapping.ts";
import { nextDown, nextUp } from "../../src/ingest/read/values.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";

const protocol = {
  id: "t",
  title: "t",
  version: "1",
  variables: [
    { name: "patient_id", type: "category" },
    {
      name: "max_temperature",
      type: "number",
      unit: "degC",
      plausible: [34, 43],
      altUnits: ["degF"],
      synonyms: ["Temp max"],
    },
  ],
  parameters: [],
  derived: [],
  criteria: [
    {
      id: "I1",
      kind: "inclusion",
      label: "afebrile",
      text: "",
      rule: "max_temperature <= 38.3 degC",
    },
  ],
} as unknown as Protocol;

const at = (c: ReturnType<typeof convertUnit>, x: number) => applyConversion(c!, x);

describe("affine unit conversion", () => {
  it("gives the worked values", () => {
    const f = convertUnit("°F", "degC");
    expect([98.6, 32, 212, -40].map((x) => at(f, x))).toEqual([37, 0, 100, -40]);
    expect(at(convertUnit("degC", "°F"), 37)).toBe(98.6);
    expect(at(convertUnit("K", "°C"), 310.15)).toBeCloseTo(37, 12);
    expect(at(convertUnit("°C", "K"), 0)).toBe(273.15);
    expect(convertUnit("degC", "°C")).toEqual({ scale: 1, offset: 0 });
    expect(convertUnit("mg/dL", "umol/L", 113.12)!.offset).toBe(0);
    // a factor alone cannot convert them: never a silent × 5/9
    expect(convertFactor("°F", "degC")).toBeNull();
    expect(convertUnit("°F", "g/L")).toBeNull();
  });
});

function read(text: string, mapping?: Mapping) {
  const raw = parseCsvText(text);
  const m = mapping ?? autoMap(protocol, raw).mapping;
  const applied = applyMapping(protocol, raw, m);
  const col = applied.table.columns.max_temperature!;
  if (col.kind !== "number") throw new Error("not a number");
  return { applied, col, m };
}

describe("°F columns are read in °C", () => {
  const text = [
    "id;Temp max (°F)",
    "P1;98,6",
    "P2;100,94",
    "P3;<100,4",
    "P4;>104",
    "P5;<=100,4",
    "P6;101",
    "",
  ].join("\n");

  it("from the header's unit, with censored bounds and the verdicts of the °C values", () => {
    // autoMap finds the column and its unit; a mapping naming the column only reads the header's
    const auto = autoMap(protocol, parseCsvText(text)).mapping.columns.max_temperature!;
    expect(auto).toEqual({ column: "Temp max (°F)", unit: "degF" });
    const { applied, col } = read(text, {
      version: 1,
      protocol: "t",
      columns: { patient_id: { column: "id" }, max_temperature: { column: "Temp max (°F)" } },
    });
    expect(Array.from(col.lo)).toEqual([37, 38.3, -Infinity, nextUp(40), -Infinity, 38.333333333]);
    expect(Array.from(col.hi)).toEqual([37, 38.3, nextDown(38), Infinity, 38, 38.333333333]);
    const q = applied.quality.columns.find((x) => x.variable === "max_temperature")!;
    expect(q.unit).toEqual({ unit: "degF", source: "header" });
    expect(q.conversions).toEqual([
      { from: "degF", to: "degC", factor: 5 / 9, offset: -160 / 9, rows: 6 },
    ]);
    expect(q.outOfRange.count).toBe(0);
    expect(q.unitSuggestion).toBeUndefined();
    const cp = compileProtocol(protocol).compiled!;
    const v = evaluateProtocol(cp, applied.table).verdicts[0]!;
    // 38.3 °C exactly (100.94 °F) passes `<= 38.3`; <38 and <=38 pass; >40 and 38.33 fail
    expect(Array.from(v)).toEqual([PASS, PASS, PASS, FAIL, PASS, FAIL]);
    // the explanation in the analyst's unit
    const units = { max_temperature: "°F" };
    // (to 3 significant digits, the explanations' lab rounding: 38.3 °C is 100.94 °F)
    expect(explainRow(cp, applied.table, 0, 0, { units })).toBe("max temperature 98.6 °F ≤ 101 °F");
    expect(explainRow(cp, applied.table, 0, 3, { units })).toBe(
      "max temperature > 104 °F > 101 °F",
    );
    expect(explainRow(cp, applied.table, 0, 0)).toBe("max temperature 37 degC ≤ 38.3 degC");
  });

  it("from a mapping's unit and from a per-row unit column", () => {
    const plain = text.replace("Temp max (°F)", "Tmax");
    const m: Mapping = {
      version: 1,
      protocol: "t",
      columns: { patient_id: { column: "id" }, max_temperature: { column: "Tmax", unit: "F" } },
    };
    expect(Array.from(read(plain, m).col.lo).slice(0, 2)).toEqual([37, 38.3]);
    const rows = "id,T,T unit\nP1,98.6,°F\nP2,37.5,°C\nP3,310.15,K\nP4,<100.4,degF\n";
    const m2: Mapping = {
      version: 1,
      protocol: "t",
      columns: {
        patient_id: { column: "id" },
        max_temperature: { column: "T", unitColumn: "T unit" },
      },
    };
    const { col, applied } = read(rows, m2);
    expect(Array.from(col.lo)).toEqual([37, 37.5, 37, -Infinity]);
    expect(Array.from(col.hi)).toEqual([37, 37.5, 37, nextDown(38)]);
    const q = applied.quality.columns.find((x) => x.variable === "max_temperature")!;
    expect(q.conversions.map((c) => [c.from, c.offset ?? 0])).toEqual([
      ["°F", -160 / 9],
      ["°C", 0],
      ["K", -273.15],
      ["degF", -160 / 9],
    ]);
  });

  it("suggests °F for °F values read as °C", () => {
    const plain = text.replace("Temp max (°F)", "Tmax").replace(/<=?|>/g, "");
    const m: Mapping = {
      version: 1,
      protocol: "t",
      columns: { patient_id: { column: "id" }, max_temperature: { column: "Tmax" } },
    };
    const q = read(plain, m).applied.quality.columns.find((x) => x.variable === "max_temperature")!;
    expect(q.unitSuggestion).toEqual({ unit: "degF", median: 100.94 });
  });
});
