import { describe, expect, it } from "vitest";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { TRUE, FALSE, UNKNOWN } from "../../src/engine/types.ts";
import {
  applyMapping,
  autoMap,
  inferUnit,
  nameScore,
  bracketSteps,
  bracketTail,
  unitInHeader,
  type Mapping,
} from "../../src/ingest/map/mapping.ts";
import { parseMapping } from "../../src/ingest/map/mapping-document.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";

const protocol: Protocol = {
  id: "t",
  title: "test",
  version: "1",
  parameters: [],
  criteria: [],
  variables: [
    { name: "birth_date", type: "date", synonyms: ["DOB"], description: "" },
    {
      name: "sex",
      type: "category",
      values: ["female", "male"],
      synonyms: ["gender"],
      description: "",
    },
    { name: "age", type: "number", unit: "years", plausible: [0, 120], description: "" },
    {
      name: "haemoglobin",
      type: "number",
      unit: "g/L",
      altUnits: ["g/dL", "mmol/L"],
      plausible: [30, 250],
      molarMass: 16114.5,
      description: "",
    },
    {
      name: "creatinine",
      type: "number",
      unit: "umol/L",
      altUnits: ["mg/dL"],
      plausible: [10, 3000],
      molarMass: 113.12,
      description: "",
    },
    {
      name: "upcr",
      type: "number",
      unit: "g/g",
      altUnits: ["mg/mmol", "mg/g"],
      plausible: [0, 30],
      molarMass: 113.12,
      synonyms: ["PCR"],
      description: "",
    },
    {
      name: "ln_class",
      type: "category",
      values: ["III", "IV", "V", "III+V", "IV+V"],
      synonyms: ["Biopsy_class"],
      description: "",
    },
    { name: "cd19_positive", type: "boolean", synonyms: ["CD19_pos"], description: "" },
    { name: "never_there", type: "number", description: "" },
  ],
};

describe("unitInHeader", () => {
  const cases: [string, { base: string; unit: string } | null][] = [
    ["creatinine_umol_L", { base: "creatinine", unit: "umol/L" }],
    ["Creatinine (mg/dL)", { base: "Creatinine", unit: "mg/dL" }],
    ["UPCR [mg/mmol]", { base: "UPCR", unit: "mg/mmol" }],
    ["weight_kg", { base: "weight", unit: "kg" }],
    ["Hb g/dL", { base: "Hb", unit: "g/dL" }],
    ["sledai", null],
  ];
  for (const [h, want] of cases)
    it(`finds ${JSON.stringify(want)} in "${h}"`, () => expect(unitInHeader(h)).toEqual(want));
});

describe("unitInHeader on long headers", () => {
  // a lazy-prefix regex with optional spaces backtracked cubically on these (20 KB: hours)
  const spaces = " ".repeat(20_000);
  const headers = [
    `a${spaces}(${spaces}x${spaces}`,
    `(${spaces}`,
    `${spaces})`,
    `a (${spaces}mg/dL${spaces})${spaces}`,
    `_${spaces}_[${spaces}]`,
  ];
  for (const h of headers)
    it(`looks at each char of a ${h.length}-char header a bounded number of times`, () => {
      bracketTail(h);
      expect(bracketSteps).toBeLessThanOrEqual(2 * h.length + 2);
      // and the whole lookup answers (the old regex never returned on these)
      unitInHeader(h);
    });
  it("still reads a unit between spaces", () =>
    expect(unitInHeader(`Hb ( g/dl )`)).toEqual({ base: "Hb", unit: "g/dL" }));
  it("takes the bracket after the last other close", () =>
    expect(bracketTail("A (x) _ (mg/dL)")).toEqual({ base: "A (x)", inner: "mg/dL" }));
});

describe("nameScore", () => {
  const v = protocol.variables[1]!;
  const cases: [string, number][] = [
    ["sex", 1],
    ["SEX", 1],
    ["Gender", 0.95],
    ["patient_sex", 0.6],
    ["sodium", 0],
  ];
  for (const [h, min] of cases)
    it(`scores "${h}" at least ${min}`, () =>
      expect(nameScore(v, h).score).toBeGreaterThanOrEqual(min));
  it("scores an unrelated header 0", () => expect(nameScore(v, "sodium").score).toBe(0));
});

const csv = [
  "Patient-ID,DOB,Gender,Age,Hb,creatinine_mg_dL,PCR,PCR unit,Biopsy_class,CD19_pos",
  "P1,1990-04-13,F,34,12.5,1.0,150,mg/mmol,Class IV,pos",
  "P2,1980-02-01,m,250,11,0.9,1.5,g/g,iii+v,neg",
  "P2,1985-07-01,other,45,,1.1,<0.5,g/g,3,",
  "P4,1970-01-01,female,60,13,1.2,2,furlongs,VI,yes",
].join("\n");

describe("autoMap", () => {
  const raw = parseCsvText(csv);
  const r = autoMap(protocol, raw);

  it("matches variables to columns by name, synonym, abbreviation and unit suffix", () => {
    const cols = Object.fromEntries(
      Object.entries(r.mapping.columns).map(([k, v]) => [k, v.column]),
    );
    expect(cols).toEqual({
      patient_id: "Patient-ID",
      birth_date: "DOB",
      sex: "Gender",
      age: "Age",
      haemoglobin: "Hb",
      creatinine: "creatinine_mg_dL",
      upcr: "PCR",
      ln_class: "Biopsy_class",
      cd19_positive: "CD19_pos",
    });
    expect(r.unmapped).toEqual(["never_there"]);
    for (const m of r.matches) expect(m.confidence).toBeGreaterThan(0.5);
  });

  it("takes units from a unit column, the header, or the values (with a warning)", () => {
    expect(r.mapping.columns.upcr).toMatchObject({ unitColumn: "PCR unit" });
    expect(r.mapping.columns.creatinine).toMatchObject({ unit: "mg/dL" });
    expect(r.mapping.columns.haemoglobin).toMatchObject({ unit: "g/dL" });
    expect(r.problems.map((p) => p.message).join()).toMatch(/"Hb" inferred from its values.*g\/dL/);
  });
});

describe("inferUnit", () => {
  it("keeps the canonical unit when the values fit it, else picks the plausible alternative", () => {
    const v = protocol.variables[4]!;
    const raw = parseCsvText("c\n80\n95\n70\n");
    expect(inferUnit(v, raw.columns[0]!)).toMatchObject({ unit: "umol/L", inferred: false });
    const mg = parseCsvText("c\n0.9\n1.1\n1.0\n");
    expect(inferUnit(v, mg.columns[0]!)).toMatchObject({ unit: "mg/dL", inferred: true });
  });
});

describe("applyMapping", () => {
  const raw = parseCsvText(csv);
  const { mapping } = autoMap(protocol, raw);
  const r = applyMapping(protocol, raw, mapping);
  const col = (n: string) => r.table.columns[n]!;
  const q = (n: string) => r.quality.columns.find((c) => c.variable === n)!;

  it("reports each variable done, the patient id first, and the same table as without", () => {
    const seen: [number, number][] = [];
    const again = applyMapping(protocol, raw, mapping, {
      onVariable: (done, total) => void seen.push([done, total]),
    });
    const total = protocol.variables.length + 1;
    expect(seen).toEqual(Array.from({ length: total + 1 }, (_, k) => [k, total]));
    expect(again.table).toEqual(r.table);
  });

  it("converts numbers to the variable's unit, per row with a unit column", () => {
    const upcr = col("upcr");
    if (upcr.kind !== "number") throw new Error("upcr");
    expect(upcr.lo[0]).toBeCloseTo(150 / 113.12, 6);
    expect(upcr.lo[1]).toBe(1.5);
    expect(upcr.lo[2]).toBe(-Infinity);
    expect(upcr.hi[2]).toBeLessThan(0.5);
    expect(upcr.lo[3]).toBeNaN();
    expect(q("upcr").unconvertible.count).toBe(1);
    expect(
      q("upcr")
        .conversions.map((c) => c.from)
        .sort(),
    ).toEqual(["g/g", "mg/mmol"]);
    const cr = col("creatinine");
    if (cr.kind !== "number") throw new Error("creatinine");
    expect(cr.lo[0]).toBeCloseTo(88.42, 1);
    expect(cr.unit).toBe("umol/L");
  });

  it("normalises categories to the allowed values and counts unknown ones", () => {
    const sex = col("sex");
    expect(sex).toMatchObject({ dict: ["female", "male"] });
    expect(sex.kind === "category" && Array.from(sex.codes)).toEqual([0, 1, -1, 0]);
    expect(q("sex").unknownCategories).toEqual({ count: 1, examples: ["other"] });
    const ln = col("ln_class");
    expect(
      ln.kind === "category" && Array.from(ln.codes).map((c) => (c >= 0 ? ln.dict[c] : null)),
    ).toEqual(["IV", "III+V", "III", null]);
  });

  it("reads booleans and dates", () => {
    const b = col("cd19_positive");
    expect(b.kind === "boolean" && Array.from(b.values)).toEqual([TRUE, FALSE, UNKNOWN, TRUE]);
    expect(col("birth_date").kind).toBe("date");
  });

  it("reports values out of the plausible range and duplicate patient ids", () => {
    expect(q("age").outOfRange).toMatchObject({
      count: 1,
      range: [0, 120],
      examples: [{ row: 2, value: "250" }],
    });
    expect(r.quality.duplicateIds).toEqual({ count: 1, examples: ["P2"] });
    expect(r.problems.map((p) => p.message).join()).toMatch(/duplicate patient id/);
    expect(r.quality.unmapped).toEqual(["never_there"]);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(r.quality))).toEqual(r.quality);
  });

  it("applies a chosen date order to an ambiguous column", () => {
    const amb = parseCsvText("id,DOB\n1,03/04/2020\n2,05/06/2021\n");
    const m: Mapping = {
      version: 1,
      protocol: "t",
      columns: { patient_id: { column: "id" }, birth_date: { column: "DOB", dateOrder: "mdy" } },
    };
    const d = applyMapping(protocol, amb, m).table.columns.birth_date!;
    expect(d.kind === "date" && Array.from(d.days)).toEqual([18325, 18753]);
    const none = applyMapping(protocol, amb, { ...m, columns: { birth_date: { column: "DOB" } } });
    expect(none.problems.map((p) => p.message).join()).toMatch(/choose the date order/);
  });

  it("reports a mapping to a column that is not in the file", () => {
    const bad = applyMapping(protocol, raw, {
      version: 1,
      protocol: "t",
      columns: { age: { column: "AGE_YEARS" } },
    });
    expect(bad.problems[0]).toMatchObject({ severity: "error" });
    expect(bad.problems[0]!.message).toMatch(/"AGE_YEARS" is not in the file/);
  });
});

describe("parseMapping", () => {
  it("round-trips a mapping document", () => {
    const m: Mapping = {
      version: 1,
      protocol: "t",
      columns: { age: { column: "Age", unit: "years" } },
    };
    expect(parseMapping(JSON.stringify(m))).toEqual({ mapping: m, problems: [] });
  });
  const bad: [string, RegExp][] = [
    ["{", /not valid JSON/],
    ["[]", /expected/],
    ['{"version":1,"protocol":"t","columns":{"age":{}}}', /missing required field 'column'/],
    [
      '{"version":1,"protocol":"t","columns":{"d":{"column":"x","dateOrder":"ymd"}}}',
      /invalid value "ymd": use "dmy" or "mdy"/,
    ],
  ];
  for (const [text, re] of bad)
    it(`reports ${text}`, () =>
      expect(
        parseMapping(text)
          .problems.map((p) => p.message)
          .join(),
      ).toMatch(re));
});

describe("mapping never throws", () => {
  it("maps any parsed table onto a protocol, keeping the row count (fuzz)", async () => {
    const fc = (await import("fast-check")).default;
    const header = fc.constantFrom(
      "DOB",
      "Gender",
      "Age",
      "Hb",
      "PCR",
      "PCR unit",
      "Biopsy_class",
      "CD19_pos",
      "id",
      "x",
    );
    const cell = fc.constantFrom(
      "",
      "NA",
      "1",
      "0",
      "2.5",
      "<0.5",
      "yes",
      "F",
      "IV",
      "mg/mmol",
      "furlongs",
      "03/04/2020",
      "2020-01-01",
      "abc",
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(header, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { maxLength: 20 }),
        (h, rows) => {
          const raw = parseCsvText(
            [h.join(","), ...rows.map((r) => r.slice(0, h.length).join(","))].join("\n") + "\n",
          );
          const { mapping } = autoMap(protocol, raw);
          const r = applyMapping(protocol, raw, mapping);
          for (const c of Object.values(r.table.columns)) {
            const n =
              c.kind === "number"
                ? c.lo.length
                : c.kind === "date"
                  ? c.days.length
                  : c.kind === "boolean"
                    ? c.values.length
                    : c.codes.length;
            expect(n).toBe(raw.nRows);
          }
          expect(JSON.parse(JSON.stringify(r.quality))).toEqual(r.quality);
        },
      ),
      { numRuns: 500 },
    );
  });
});
