import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { FALSE, TRUE } from "../../../src/engine/types.ts";

/** A one-criterion protocol whose creatinine is stored in µmol/L: the checker converts it for the function. */
const P: Protocol = {
  id: "cg-umol",
  title: "Cockcroft-Gault with creatinine in µmol/L",
  version: "1",
  parameters: [{ name: "crcl_min", type: "number", unit: "mL/min", default: 30 }],
  variables: [
    { name: "age", type: "number", unit: "years", description: "age" },
    { name: "weight", type: "number", unit: "kg", description: "weight" },
    { name: "sex", type: "category", values: ["female", "male"], description: "sex" },
    {
      name: "creatinine",
      type: "number",
      unit: "umol/L",
      molarMass: 113.12,
      description: "serum creatinine",
    },
  ],
  criteria: [
    {
      id: "E1",
      kind: "exclusion",
      label: "CrCl",
      text: "CrCl < 30",
      rule: "cockcroft_gault(age, weight, sex = 'female', creatinine) < crcl_min",
    },
  ],
};

describe("cockcroft_gault inside a protocol", () => {
  it("converts creatinine from µmol/L to mg/dL through the variable's molar mass", () => {
    const { compiled, problems } = compileProtocol(P);
    if (!compiled) throw new Error(JSON.stringify(problems));
    const f = (v: number[]) => ({
      kind: "number" as const,
      lo: Float64Array.from(v),
      hi: Float64Array.from(v),
      unit: "1",
    });
    // man of 60, 54 kg: CrCl = 60 / SCr[mg/dL]; 176.8 µmol/L = 2.0 mg/dL -> 30.0; 177.4 -> 29.9
    const table = {
      nRows: 3,
      columns: {
        age: { ...f([60, 60, 60]), unit: "years" },
        weight: { ...f([54, 54, 54]), unit: "kg" },
        sex: { kind: "category" as const, codes: Int32Array.of(0, 0, -1), dict: ["male"] },
        creatinine: { ...f([176.8, 177.4, 150]), unit: "umol/L" },
      },
    };
    const { truths } = evaluateProtocol(compiled, table);
    expect([...truths[0]!]).toEqual([FALSE, TRUE, FALSE]);
    expect(problems).toEqual([]);
  });
});
