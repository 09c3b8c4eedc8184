import { describe, expect, it } from "vitest";
import {
  compatible,
  convertFactor,
  lookupUnit,
  suggestUnits,
  withUnit,
} from "../../src/engine/units.ts";

describe("convertFactor", () => {
  it.each([
    // published unit facts (shared/clinical/scores.md)
    ["mg/dL", "umol/L", 113.12, 88.4, 0.05], // creatinine
    ["mg/dL", "umol/L", 584.66, 17.1, 0.01], // bilirubin
    ["g/g", "mg/mmol", 113.12, 113.12, 1e-9], // UPCR
    ["g/L", "mmol/L", 16114.5, 0.06206, 1e-5], // haemoglobin
    ["g/dL", "g/L", undefined, 10, 1e-12],
    ["x10^9/L", "/uL", undefined, 1000, 1e-9],
    ["/mm3", "x10^9/L", undefined, 0.001, 1e-12],
    ["weeks", "days", undefined, 7, 0],
    ["mm", "cm", undefined, 0.1, 1e-15], // lesion sizes side by side
    ["s", "days", undefined, 1 / 86400, 1e-18], // aPTT, PT
    ["cGy", "Gy", undefined, 0.01, 1e-15],
    ["ng/L", "pg/mL", undefined, 1, 1e-12], // NT-proBNP, troponin
    ["pg/mL", "ng/mL", undefined, 0.001, 1e-15],
    ["mg/dL", "mmol/L", 40.078, 0.2495, 1e-4], // calcium
    // UCUM codes (LOINC, FHIR, OMOP)
    ["10*9/L", "x10^9/L", undefined, 1, 0],
    ["10*3/uL", "x10^9/L", undefined, 1, 0],
    ["mm[Hg]", "mmHg", undefined, 1, 0],
    ["[iU]/L", "U/L", undefined, 1, 0],
    ["mL/min/{1.73_m2}", "mL/min/1.73m2", undefined, 1, 0],
  ] as const)("converts %s to %s", (from, to, mm, expected, tol) => {
    expect(Math.abs(convertFactor(from, to, mm)! - expected)).toBeLessThanOrEqual(tol);
  });

  it("refuses incompatible units and mass/molar without a molar mass", () => {
    expect(convertFactor("g/L", "mL/min")).toBeNull();
    expect(convertFactor("mg/dL", "umol/L")).toBeNull();
    expect(convertFactor("cm", "g/g")).toBeNull();
    expect(compatible("mg/dL", "umol/L")).toBe(true);
    expect(compatible("U/L", "x10^9/L")).toBe(false);
    // an absolute clearance and one normalised to body surface are different quantities
    expect(convertFactor("mL/min/1.73m2", "mL/min")).toBeNull();
    expect(convertFactor("mEq/L", "mmol/L")).toBeNull();
    expect(convertFactor("mmHg", "1")).toBeNull();
    expect(convertFactor("Gy", "cm")).toBeNull();
    expect(convertFactor("mm", "1")).toBeNull();
  });

  it("finds aliases in any case and suggests close spellings", () => {
    expect(lookupUnit("µmol/l")?.symbol).toBe("umol/L");
    expect(lookupUnit("MG/DL")?.symbol).toBe("mg/dL");
    expect(suggestUnits("mg/mol")).toContain("mg/mmol");
  });
});

describe("withUnit", () => {
  it("writes a time unit in the singular for 1 and in the plural otherwise", () => {
    expect(withUnit(1, "months")).toBe("1 month");
    expect(withUnit(1, "years")).toBe("1 year");
    expect(withUnit("1", "days")).toBe("1 day");
    expect(withUnit(1, "weeks")).toBe("1 week");
    expect(withUnit(6, "months")).toBe("6 months");
    expect(withUnit(0.5, "years")).toBe("0.5 years");
    expect(withUnit(0, "days")).toBe("0 days");
  });
  it("leaves other units as they are, and adds nothing for none or a plain number", () => {
    expect(withUnit(1, "g/g")).toBe("1 g/g");
    expect(withUnit(1, "mg/week")).toBe("1 mg/week");
    expect(withUnit(2.5, undefined)).toBe("2.5");
    expect(withUnit(3, "1")).toBe("3");
    expect(withUnit("2024-01-31", undefined)).toBe("2024-01-31");
  });
});
