import { describe, expect, it } from "vitest";
import { ACR1997_COUNT } from "../../../src/engine/functions/acr1997.ts";
import { BILAG_CRITERION } from "../../../src/engine/functions/bilag2004.ts";
import { COCKCROFT_GAULT } from "../../../src/engine/functions/cockcroft-gault.ts";
import {
  EULAR2019_ITEMS,
  EULAR_SCORE_SPEC,
  EULAR_SPEC,
} from "../../../src/engine/functions/eular2019.ts";
import { SLEDAI2K, SLEDAI2K_ITEMS } from "../../../src/engine/functions/sledai2k.ts";
import { UNKNOWN_IF } from "../../../src/engine/functions/unknown-if.ts";
import { getFunction } from "../../../src/engine/functions/registry.ts";
import type { AnyVec, FunctionSpec } from "../../../src/engine/functions/types.ts";
import { FALSE, TRUE, UNKNOWN } from "../../../src/engine/types.ts";
import type { NumVec } from "../../../src/engine/types.ts";
import { convertFactor } from "../../../src/engine/units.ts";

type B = true | false | null;
const num = (v: number | [number, number] | null): NumVec => {
  const [lo, hi] = v === null ? [NaN, NaN] : typeof v === "number" ? [v, v] : v;
  return { lo: Float64Array.of(lo), hi: Float64Array.of(hi) };
};
const bool = (v: B): Uint8Array => Uint8Array.of(v === null ? UNKNOWN : v ? TRUE : FALSE);
const cat = (v: string | null) => ({
  codes: Int32Array.of(v === null ? -1 : 0),
  dict: v === null ? [] : [v],
});

function callNum(spec: FunctionSpec, args: AnyVec[]): [number, number] {
  const out = { lo: new Float64Array(1), hi: new Float64Array(1) };
  spec.kernel(args, 1, out);
  return [out.lo[0]!, out.hi[0]!];
}
function callBool(spec: FunctionSpec, args: AnyVec[]): number {
  const out = new Uint8Array(1);
  spec.kernel(args, 1, out);
  return out[0]!;
}
const cg = (age: number, wt: number, female: B, scr: number | [number, number] | null) =>
  callNum(COCKCROFT_GAULT, [num(age), num(wt), bool(female), num(scr)]);

describe("registration", () => {
  it("registers every clinical function in the registry on import", () => {
    for (const name of [
      "cockcroft_gault",
      "acr1997_count",
      "eular_acr_2019",
      "eular_acr_2019_score",
      "sledai2k",
      "bilag_criterion",
      "unknown_if",
    ]) {
      expect(getFunction(name)?.name).toBe(name);
    }
  });
});

describe("cockcroft_gault", () => {
  it("computes (140 - age) x weight / (72 x SCr) for a man", () => {
    expect(cg(60, 72, false, 1.0)).toEqual([80, 80]);
  });
  it("divides by 72 x SCr, not multiplies (known public error)", () => {
    const [lo] = cg(60, 72, false, 2.0);
    expect(lo).toBeCloseTo(40, 10);
    expect(lo).not.toBeCloseTo(((80 * 72) / 72) * 2, 1);
  });
  it("multiplies by 0.85 for a woman", () => {
    const [lo, hi] = cg(40, 70, true, 1.2);
    expect(lo).toBeCloseTo(((100 * 70) / (72 * 1.2)) * 0.85, 9);
    expect(hi).toBe(lo);
  });
  it("gives [x0.85, x1] when sex is unknown", () => {
    const [lo, hi] = cg(60, 72, null, 1.0);
    expect(lo).toBeCloseTo(68, 9);
    expect(hi).toBeCloseTo(80, 9);
  });
  it("matches the µmol/L form x1.23 / SCr for men after conversion via molar mass 113.12", () => {
    const f = convertFactor("umol/L", "mg/dL", 113.12)!;
    const [lo] = cg(50, 80, false, 106 * f);
    expect(lo).toBeCloseTo((90 * 80 * 1.23) / 106, 0);
  });
  it("is missing when any input is missing", () => {
    expect(cg(60, 72, false, null).every(Number.isNaN)).toBe(true);
    expect(
      callNum(COCKCROFT_GAULT, [num(null), num(72), bool(true), num(1)]).every(Number.isNaN),
    ).toBe(true);
  });
  it("bounds the clearance from below for a censored creatinine <0.5", () => {
    const [lo, hi] = cg(60, 72, false, [-Infinity, 0.5]);
    expect(lo).toBeCloseTo(160, 9);
    expect(hi).toBe(Infinity);
  });
});

describe("acr1997_count", () => {
  const flags = (t: number, u: number) =>
    Array.from({ length: 11 }, (_, k) => bool(k < t ? true : k < t + u ? null : false));
  it.each([
    [4, 0, [4, 4]],
    [3, 2, [3, 5]],
    [0, 11, [0, 11]],
    [11, 0, [11, 11]],
  ])("counts %i true and %i unknown as %j", (t, u, want) => {
    expect(callNum(ACR1997_COUNT, flags(t, u))).toEqual(want);
  });
});

describe("sledai2k", () => {
  const only = (present: string[], unknown: string[] = []) =>
    callNum(
      SLEDAI2K,
      SLEDAI2K_ITEMS.map(([n]) =>
        bool(present.includes(n) ? true : unknown.includes(n) ? null : false),
      ),
    );
  it.each([
    [["seizure"], 8],
    [["arthritis"], 4],
    [["low_complement"], 2],
    [["fever"], 1],
    [["proteinuria", "low_complement"], 6],
    [["haematuria", "rash"], 6],
    [SLEDAI2K_ITEMS.map(([n]) => n), 105],
  ] as [string[], number][])("scores %j as %i", (present, total) => {
    expect(only(present)).toEqual([total, total]);
  });
  it("widens the interval by the weight of each unknown descriptor", () => {
    expect(only(["proteinuria"], ["seizure", "fever"])).toEqual([4, 13]);
  });
});

describe("eular_acr_2019", () => {
  const row = (ana: B, present: string[], unknown: string[] = []) => [
    bool(ana),
    ...EULAR2019_ITEMS.map(([n]) =>
      bool(present.includes(n) ? true : unknown.includes(n) ? null : false),
    ),
  ];
  const score = (present: string[], unknown: string[] = []) =>
    callNum(EULAR_SCORE_SPEC, row(true, present, unknown));
  const cls = (ana: B, present: string[], unknown: string[] = []) =>
    callBool(EULAR_SPEC, row(ana, present, unknown));
  it("weights seizure 5, not 4 (known public error)", () => {
    expect(score(["seizure"])).toEqual([5, 5]);
    expect(cls(true, ["seizure", "low_c3", "antiphospholipid_antibodies"])).toBe(TRUE); // 5 + 3 + 2 = 10
  });
  it("counts only the highest weight per domain", () => {
    expect(score(["alopecia", "oral_ulcers", "acute_cutaneous_lupus"])).toEqual([6, 6]);
    expect(score(["proteinuria", "biopsy_class_iii_or_iv"])).toEqual([10, 10]);
    expect(score(["delirium", "psychosis", "seizure"])).toEqual([5, 5]);
  });
  it("scores complement 3 for one low and 4 for both", () => {
    expect(score(["low_c4"])).toEqual([3, 3]);
    expect(score(["low_c3", "low_c4"])).toEqual([4, 4]);
    expect(score(["low_c3"], ["low_c4"])).toEqual([3, 4]);
  });
  it("classifies the worked case: ANA+, class IV nephritis, anti-dsDNA, low C3 and C4", () => {
    expect(
      score(["biopsy_class_iii_or_iv", "anti_dsdna_or_anti_smith", "low_c3", "low_c4"]),
    ).toEqual([20, 20]);
    expect(
      cls(true, ["biopsy_class_iii_or_iv", "anti_dsdna_or_anti_smith", "low_c3", "low_c4"]),
    ).toBe(TRUE);
  });
  it("needs at least one clinical criterion even with >= 10 points", () => {
    expect(cls(true, ["anti_dsdna_or_anti_smith", "low_c3", "low_c4"])).toBe(FALSE);
    expect(cls(true, ["anti_dsdna_or_anti_smith", "low_c3", "low_c4"], ["fever"])).toBe(UNKNOWN);
  });
  it("is false without the ANA entry criterion and unknown when it is missing", () => {
    const all = ["biopsy_class_iii_or_iv", "anti_dsdna_or_anti_smith"];
    expect(cls(false, all)).toBe(FALSE);
    expect(cls(null, all)).toBe(UNKNOWN);
  });
  it("is 9 points, not classified, one short", () => {
    expect(cls(true, ["joint_involvement", "low_c3"])).toBe(FALSE);
    expect(cls(true, ["joint_involvement", "low_c3"], ["antiphospholipid_antibodies"])).toBe(
      UNKNOWN,
    );
  });
  it("decides despite unknowns when they cannot change the outcome", () => {
    expect(cls(true, ["biopsy_class_iii_or_iv"], ["fever", "seizure"])).toBe(TRUE);
    expect(cls(true, ["fever"], ["alopecia"])).toBe(FALSE); // 2 + at most 2
  });
});

describe("bilag_criterion", () => {
  const grades = (...g: (string | null)[]) => callBool(BILAG_CRITERION, g.map(cat));
  it.each([
    [["A", "E", "E", "E", "E", "E", "E", "E", "E"], TRUE],
    [["B", "E", "E", "E", "E", "E", "E", "B", "E"], TRUE],
    [["B", "E", "E", "E", "E", "E", "E", "C", "E"], FALSE],
    [["D", "D", "C", "E", "E", "E", "E", "E", "E"], FALSE],
    [["B", null, "E", "E", "E", "E", "E", "E", "E"], UNKNOWN],
    [["a", null, null, "E", "E", "E", "E", "E", "E"], TRUE],
    [[" b", "E", "E", "E", "E", "E", "E", "b ", "E"], TRUE],
    [["C", "C", "C", "C", "C", "C", "C", "C", "nd"], UNKNOWN],
  ] as [(string | null)[], number][])("grades %j -> %i", (g, want) => {
    expect(grades(...g)).toBe(want);
  });
});

describe("unknown_if", () => {
  it.each([
    [false, true, TRUE],
    [false, false, FALSE],
    [false, null, UNKNOWN],
    [true, true, UNKNOWN],
    [true, false, UNKNOWN],
    [null, false, UNKNOWN],
  ] as [B, B, number][])("condition %s value %s -> %i", (c, v, want) => {
    expect(callBool(UNKNOWN_IF, [bool(c), bool(v)])).toBe(want);
  });
});
