/**
 * A value exactly at a threshold compares as at it whatever unit the data and the threshold
 * are written in, and so does a product of values (docs/criteria-language.md, "Exact
 * thresholds"): every unit pair of the registry, every operator.
 */
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { convertFactor, lookupUnit, unitNames } from "../../../src/engine/units.ts";
import { column } from "./helpers.ts";

const M = 113.12; // creatinine: lets mass and molar units convert
const SYMBOLS = [...new Set(unitNames().map((n) => lookupUnit(n)!.symbol))].filter(
  (s) => s !== "1" && s !== "x ULN",
);
const PAIRS = SYMBOLS.flatMap((u) =>
  SYMBOLS.filter((b) => convertFactor(b, u, M) !== null).map((b) => [u, b] as const),
);
const THRESHOLDS = [0.03, 0.1, 0.8, 1, 1.5, 3, 21, 30, 60, 113.12, 250];
const OPS = [
  [">=", 1],
  [">", 0],
  ["<=", 1],
  ["<", 0],
  ["=", 1],
  ["!=", 0],
] as const;

/** The threshold as a lab would write it in unit `b` (12 significant digits). */
const inUnit = (t: number, u: string, b: string) =>
  Number((t * convertFactor(u, b, M)!).toPrecision(12));

function truths(u: string, rules: string[], cells: number[], colUnit: string): number[][] {
  const p: Protocol = {
    id: "t",
    title: "t",
    version: "1",
    parameters: [],
    variables: [{ name: "x", type: "number", unit: u, molarMass: M, description: "" }],
    criteria: rules.map((rule, i) => ({
      id: `C${i}`,
      kind: "exclusion",
      label: "",
      text: "",
      rule,
    })),
  };
  const { compiled, problems } = compileProtocol(p);
  if (!compiled) throw new Error(problems.map((q) => q.message).join("; "));
  const table = {
    nRows: cells.length,
    columns: { x: column({ type: "number", unit: u }, cells, colUnit) },
  };
  // exclusion verdicts are the rule's truth: fail = met (1), pass = not met (0), unknown (2)
  return evaluateProtocol(compiled, table).verdicts.map((v) => [...v]);
}

describe("a value exactly at a threshold", () => {
  it("covers every unit pair the registry converts", () => {
    expect(PAIRS.length).toBeGreaterThan(60);
  });

  it.each(PAIRS)("data in %2$s, threshold in %1$s: at it for every operator", (u, b) => {
    const rules = THRESHOLDS.flatMap((t) => OPS.map(([op]) => `x ${op} ${t} ${u}`));
    const cells = THRESHOLDS.map((t) => inUnit(t, u, b));
    const got = truths(u, rules, cells, b);
    THRESHOLDS.forEach((t, ti) =>
      OPS.forEach(([op, want], oi) => {
        const verdicts = got[ti * OPS.length + oi]!;
        expect(verdicts[ti], `${cells[ti]} ${b} ${op} ${t} ${u}`).toBe(want);
      }),
    );
  });

  it.each(PAIRS)("data in %1$s, threshold written in %2$s: at it for every operator", (u, b) => {
    const rules = THRESHOLDS.flatMap((t) => OPS.map(([op]) => `x ${op} ${inUnit(t, u, b)} ${b}`));
    const got = truths(u, rules, THRESHOLDS, u);
    THRESHOLDS.forEach((t, ti) =>
      OPS.forEach(([op, want], oi) => {
        expect(got[ti * OPS.length + oi]![ti], `${t} ${u} ${op} ${inUnit(t, u, b)} ${b}`).toBe(
          want,
        );
      }),
    );
  });

  it("UPCR 0.11312 g/mmol (0.9999999999999999 g/g) meets >= 1.0 g/g", () => {
    expect(0.11312 * convertFactor("g/mmol", "g/g", M)!).toBeLessThan(1);
    expect(truths("g/g", ["x >= 1.0 g/g"], [0.11312], "g/mmol")).toEqual([[1]]);
  });

  it("a product of values: INR 1.8 is not above 1.5 x 1.2 (1.7999999999999998)", () => {
    expect(1.5 * 1.2).toBeLessThan(1.8);
    expect(truths("1", ["x > 1.5 * 1.2", "x >= 1.5 * 1.2", "x = 1.5 * 1.2"], [1.8], "1")).toEqual([
      [0],
      [1],
      [1],
    ]);
  });

  it("values a lab would call different still differ, and censored bounds stay strict", () => {
    expect(truths("g/g", ["x >= 1.0 g/g", "x < 1.0 g/g"], [0.999999, 1.000001], "g/g")).toEqual([
      [0, 1],
      [1, 0],
    ]);
    // `<1` is held as the largest double below 1: below 1, not at it
    expect(truths("g/g", ["x >= 1 g/g", "x < 1 g/g"], ["<1" as unknown as number], "g/g")).toEqual([
      [0],
      [1],
    ]);
  });
});
