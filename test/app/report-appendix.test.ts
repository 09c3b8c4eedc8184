import { describe, expect, it } from "vitest";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { Table } from "../../src/engine/types.ts";
import { knownCount, reportAppendix, shareText } from "../../src/app/report-appendix.ts";
import type { MappingChoice } from "../../src/app/mapping-model.ts";

// a hand-written protocol and mapped table: 4 patients, one value missing in each column
const protocol: Protocol = {
  id: "t",
  title: "T",
  version: "1",
  parameters: [
    { name: "screening_date", type: "date", default: "2026-01-31" },
    { name: "upcr_min", type: "number", default: 1, unit: "g/g", label: "UPCR threshold" },
  ],
  variables: [
    { name: "patient_id", type: "category", description: "" },
    { name: "upcr", type: "number", unit: "g/g", description: "" },
    { name: "biopsy_date", type: "date", description: "" },
    { name: "cd19", type: "boolean", description: "" },
    { name: "sex", type: "category", values: ["female", "male"], description: "" },
    { name: "unmapped", type: "number", description: "" },
  ],
  criteria: [],
};
const nan = NaN;
const table: Table = {
  nRows: 4,
  columns: {
    patient_id: {
      kind: "category",
      codes: new Int8Array([0, 1, 2, 3]),
      dict: ["a", "b", "c", "d"],
    },
    // a censored "<0.1" (lo -Infinity) is a value; NaN is missing
    upcr: {
      kind: "number",
      lo: new Float64Array([1.2, -Infinity, nan, 0.4]),
      hi: new Float64Array([1.2, 0.1, nan, 0.4]),
      unit: "g/g",
    },
    biopsy_date: { kind: "date", days: new Float32Array([nan, 20000, 20001, 20002]) },
    cd19: { kind: "boolean", values: new Uint8Array([1, 0, 2, 1]) },
    sex: { kind: "category", codes: new Int8Array([0, -1, 1, 0]), dict: ["female", "male"] },
  },
};
const choices: MappingChoice[] = [
  { variable: "patient_id", column: "ID", confidence: 1 },
  { variable: "upcr", column: "UPCR (mg/mmol)", confidence: 1, unit: "mg/mmol" },
  { variable: "biopsy_date", column: "Biopsie", confidence: 1, dateOrder: "dmy" },
  {
    variable: "cd19",
    column: "CD19",
    confidence: 1,
    trueValues: ["Ja", "pos"],
    falseValues: ["Nein"],
  },
  {
    variable: "sex",
    column: "Geschlecht",
    confidence: 1,
    values: { w: "female", m: "male", "?": null },
  },
  { variable: "unmapped", column: null, confidence: 0 },
];

describe("the report's date, parameters, completeness and mapping appendix", () => {
  it("counts the values each kind of column holds", () => {
    expect(
      ["upcr", "biopsy_date", "cd19", "sex"].map((v) => knownCount(table.columns[v]!, 4)),
    ).toEqual([3, 3, 3, 3]);
  });

  it("gives the screening date, every parameter and exact counts in the site's own copy", () => {
    const a = reportAppendix(protocol, { upcr_min: 0.5 }, table, choices, {
      suppressed: false,
      threshold: 11,
      today: "2026-12-07",
    });
    expect(a.asOf).toBe("2026-01-31");
    expect(a.asOfFrom).toBe("parameter");
    expect(a.parameters).toEqual([
      {
        name: "screening_date",
        label: "screening_date",
        value: "2026-01-31",
        protocol: "2026-01-31",
        changed: false,
      },
      {
        name: "upcr_min",
        label: "UPCR threshold",
        value: 0.5,
        protocol: 1,
        unit: "g/g",
        changed: true,
      },
    ]);
    // the id and unmapped variables are not listed
    expect(a.completeness.map((c) => c.variable)).toEqual(["upcr", "biopsy_date", "cd19", "sex"]);
    expect(a.completeness[0]).toEqual({
      variable: "upcr",
      column: "UPCR (mg/mmol)",
      known: 3,
      missing: 1,
      share: "75.0%",
    });
    expect(a.mapping).toEqual([
      { variable: "upcr", column: "UPCR (mg/mmol)", unit: "mg/mmol → g/g", recodes: [] },
      { variable: "biopsy_date", column: "Biopsie", unit: "", recodes: ["dates read day/month"] },
      { variable: "cd19", column: "CD19", unit: "", recodes: ["yes: Ja, pos", "no: Nein"] },
      {
        variable: "sex",
        column: "Geschlecht",
        unit: "",
        recodes: ['"w" → female', '"m" → male', '"?" → missing'],
      },
    ]);
  });

  it("gives no exact missing count in a shared report, and the report date without a parameter", () => {
    const a = reportAppendix({ ...protocol, parameters: [] }, {}, table, choices, {
      suppressed: true,
      threshold: 11,
      today: "2026-12-07",
    });
    expect(a.asOf).toBe("2026-12-07");
    expect(a.asOfFrom).toBe("report date");
    expect(a.completeness[0]).toEqual({
      variable: "upcr",
      column: "UPCR (mg/mmol)",
      share: "0–100%",
    });
  });

  it.each([
    // known, n, threshold, text
    // the ends are in the end bands: "100%" apart would prove a small missing count non-zero
    [5000, 5000, 11, "≥ 99%"],
    [0, 5000, 11, "< 1%"],
    [4990, 5000, 11, "≥ 99%"],
    [4000, 5000, 11, "80–81%"],
    [3, 5000, 11, "< 1%"],
    [150, 200, 11, "72–78%"],
    [199, 200, 11, "≥ 94%"],
    [3, 4, 11, "0–100%"],
    [4999, 5000, 0, "99.9%"],
    [1, 5000, 0, "0.1%"],
    [4000, 5000, 0, "80.0%"],
  ])("%i of %i with threshold %i reads %s", (known, n, threshold, text) => {
    expect(shareText(known, n, threshold)).toBe(text);
  });

  it("never narrows a band below the threshold's number of patients", () => {
    for (const n of [20, 57, 200, 999, 5000])
      for (let known = 0; known <= n; known++) {
        const t = shareText(known, n, 11);
        const m = /^(?:≥ (\d+)%|< (\d+)%|(\d+)–(\d+)%)$/.exec(t)!;
        const lo = Number(m[1] ?? (m[2] ? 0 : m[3]));
        const hi = m[1] ? 100 : Number(m[2] ?? m[4]);
        expect((hi - lo) * n, `${known}/${n}: ${t}`).toBeGreaterThanOrEqual(11 * 100);
        expect((100 * known) / n).toBeGreaterThanOrEqual(lo);
        expect((100 * known) / n).toBeLessThanOrEqual(hi);
      }
  });
});
