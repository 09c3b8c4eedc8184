/**
 * Kidney and body-size equations against published worked values, and their interval
 * semantics (a censored creatinine or an unknown sex bounds the result, never guesses it).
 * Expected values are the published equations worked by hand (rounded as a laboratory reports
 * them), not outputs of this code.
 */
import { describe, expect, it } from "vitest";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import { getFunction } from "../../../src/engine/functions/registry.ts";
import type { NumVec } from "../../../src/engine/types.ts";
import { FALSE, TRUE, UNKNOWN } from "../../../src/engine/types.ts";
import { table, type Cell } from "../lang/helpers.ts";

const V: Protocol = {
  id: "eq",
  title: "eq",
  version: "1",
  parameters: [],
  variables: [
    { name: "scr", type: "number", unit: "mg/dL", altUnits: ["umol/L"], description: "" },
    { name: "scr_si", type: "number", unit: "umol/L", description: "" },
    { name: "cys", type: "number", unit: "mg/L", description: "" },
    { name: "age", type: "number", unit: "years", description: "" },
    { name: "female", type: "boolean", description: "" },
    { name: "height", type: "number", unit: "cm", description: "" },
    { name: "weight", type: "number", unit: "kg", description: "" },
    { name: "ca", type: "number", unit: "mg/dL", molarMass: 40.078, description: "" },
    { name: "alb", type: "number", unit: "g/dL", description: "" },
  ],
  criteria: [],
};

/** The truths of `rule` per row. */
function run(rule: string, cols: Record<string, Cell[]>): number[] {
  const p: Protocol = {
    ...V,
    criteria: [{ id: "X", kind: "inclusion", label: "X", text: rule, rule }],
  };
  const { compiled, problems } = compileProtocol(p);
  if (!compiled) throw new Error(problems.map((x) => x.message).join("; "));
  return [...evaluateProtocol(compiled, table(p, cols)).truths[0]!];
}

/** The value interval of a registered function at one point. */
function value(
  name: string,
  args: (number | [number, number] | boolean | null)[],
): [number, number] {
  const spec = getFunction(name)!;
  const vecs = args.map((a) =>
    typeof a === "boolean" || a === null
      ? Uint8Array.of(a === null ? UNKNOWN : a ? TRUE : FALSE)
      : ({
          lo: Float64Array.of(typeof a === "number" ? a : a[0]),
          hi: Float64Array.of(typeof a === "number" ? a : a[1]),
        } as NumVec),
  );
  const out = { lo: new Float64Array(1), hi: new Float64Array(1) };
  spec.kernel(vecs, 1, out);
  return [out.lo[0]!, out.hi[0]!];
}

describe("eGFR equations (mL/min/1.73 m²)", () => {
  it.each([
    // creatinine mg/dL, age, female, CKD-EPI 2009, CKD-EPI 2021, MDRD (175)
    [1.0, 50, false, 87, 92, 79],
    [1.0, 50, true, 66, 69, 59],
    [0.6, 40, true, 114, 116, 111],
    [2.5, 70, false, 25, 27, 26],
    [0.8, 30, false, 120, 122, 114],
  ] as const)("Scr %f, age %i, female %s", (scr, age, fem, e09, e21, mdrd) => {
    expect(Math.round(value("ckd_epi_2009", [scr, age, fem])[0])).toBe(e09);
    expect(Math.round(value("ckd_epi_2021", [scr, age, fem])[0])).toBe(e21);
    expect(Math.round(value("mdrd", [scr, age, fem])[0])).toBe(mdrd);
  });

  it("CKD-EPI 2021 creatinine-cystatin C", () => {
    expect(Math.round(value("ckd_epi_2021_cys", [1.0, 1.0, 50, false])[0])).toBe(88);
    expect(Math.round(value("ckd_epi_2021_cys", [0.6, 0.7, 40, true])[0])).toBe(120);
  });

  it("converts creatinine in µmol/L (through 113.12 g/mol) before the equation", () => {
    // 88.4 µmol/L is 1.000 mg/dL: 92 for a man of 50
    expect(
      run("round(ckd_epi_2021(scr_si, age, female)) = 92", {
        scr_si: [88.4],
        age: [50],
        female: [false],
      }),
    ).toEqual([TRUE]);
    expect(
      run("round(ckd_epi_2021(scr, age, female)) = 69", { scr: [1.0], age: [50], female: [true] }),
    ).toEqual([TRUE]);
  });

  it("a censored creatinine bounds the eGFR; an unknown sex gives the hull of both", () => {
    // <0.5 mg/dL: eGFR above its value at 0.5, so >= 90 is decided
    expect(
      run("ckd_epi_2021(scr, age, female) >= 90", {
        scr: ["<0.5", ">4", null],
        age: [50, 50, 50],
        female: [false, false, false],
      }),
    ).toEqual([TRUE, FALSE, UNKNOWN]);
    const [lo, hi] = value("ckd_epi_2021", [1.0, 50, null]);
    expect(lo).toBeCloseTo(value("ckd_epi_2021", [1.0, 50, true])[0], 12);
    expect(hi).toBeCloseTo(value("ckd_epi_2021", [1.0, 50, false])[0], 12);
    // both sexes far below 60: decided even without the sex
    expect(
      run("ckd_epi_2021(scr, age, female) < 60", {
        scr: [3.0, 1.4],
        age: [60, 50],
        female: [null, null],
      }),
    ).toEqual([TRUE, UNKNOWN]);
    // an age interval (monotone: corner to corner)
    const [a, b] = value("ckd_epi_2009", [1.0, [40, 60], false]);
    expect(a).toBeCloseTo(value("ckd_epi_2009", [1.0, 60, false])[0], 12);
    expect(b).toBeCloseTo(value("ckd_epi_2009", [1.0, 40, false])[0], 12);
  });
});

describe("body size and corrected calcium", () => {
  it("BMI: 68 kg and 165 cm is 24.98 kg/m² (CDC's worked example)", () => {
    expect(value("bmi", [68, 165])[0]).toBeCloseTo(24.98, 2);
    expect(run("round(bmi(weight, height), 1) = 25.0", { weight: [68], height: [165] })).toEqual([
      TRUE,
    ]);
  });
  it("BSA: Mosteller √(180 × 80 / 3600) = 2.00 m², DuBois 1.996 m²", () => {
    expect(value("bsa_mosteller", [180, 80])[0]).toBe(2);
    expect(value("bsa_dubois", [180, 80])[0]).toBeCloseTo(1.9964, 4);
    const [lo, hi] = value("bsa_mosteller", [
      [170, 180],
      [70, 80],
    ]);
    expect([lo, hi]).toEqual([Math.sqrt((170 * 70) / 3600), 2]);
  });
  it("corrected calcium: 8.0 mg/dL with albumin 2.0 g/dL is 9.6 mg/dL (2.4 mmol/L)", () => {
    const [c] = value("corrected_calcium", [2.0, 20]); // mmol/L, g/L
    expect(c).toBeCloseTo(2.4, 12);
    expect(
      run("corrected_calcium(ca, alb) >= 9.59 mg/dL and corrected_calcium(ca, alb) <= 9.61 mg/dL", {
        ca: [8.0],
        alb: [2.0],
      }),
    ).toEqual([TRUE]);
  });
  it("a normalised eGFR becomes mL/min only through a body-surface area", () => {
    // 60 mL/min/1.73 m² for a BSA of 2.0 m²: 69.4 mL/min
    expect(value("egfr_absolute", [60, 2.0])[0]).toBeCloseTo(69.364, 3);
    expect(value("egfr_normalised", [69.364, 2.0])[0]).toBeCloseTo(60, 3);
    expect(
      run(
        "egfr_absolute(ckd_epi_2021(scr, age, female), bsa_mosteller(height, weight)) >= 60 mL/min",
        { scr: [1.0], age: [50], female: [false], height: [180], weight: [80] },
      ),
    ).toEqual([TRUE]);
  });
});
