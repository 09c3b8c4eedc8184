/**
 * `or` of several tests on one date column (`d is missing or d within 14 days before s or d
 * within 28 days after s`) is evaluated in one pass: every row agrees with the reference,
 * around each window's ends, for missing dates, and mixed with other conditions.
 */
import { describe, expect, it } from "vitest";
import {
  BATCH_SIZE,
  compileProtocol,
  evaluateProtocol,
} from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { Reference, type Row } from "../reference.ts";
import { column } from "./helpers.ts";

const S = Date.UTC(2024, 2, 31) / 86400000; // 2024-03-31: month ends move
const iso = (d: number) => new Date(d * 86400000).toISOString().slice(0, 10);
const N = BATCH_SIZE + 500;

const protocol: Protocol = {
  id: "t",
  title: "t",
  version: "1",
  parameters: [
    { name: "s", type: "date", default: iso(S) },
    { name: "lab_window", type: "number", unit: "days", default: 14 },
    { name: "period", type: "number", unit: "days", default: 28 },
    { name: "months", type: "number", unit: "months", default: 1 },
  ],
  variables: [
    { name: "d", type: "date", description: "" },
    { name: "e", type: "date", description: "" },
    { name: "b", type: "boolean", description: "" },
  ],
  criteria: [],
};

const RULES = [
  "d is missing or d within lab_window before s or d within period after s",
  "d within lab_window before s or d within period after s",
  "d is present or d within lab_window before s",
  "d is missing or d is present",
  "d within 3 days before s or d within 3 days after s - 20 days",
  // two days apart: not one window
  "d within 2 days before s - 4 days or d within 1 days before s",
  "d within months before s or d within 2 months after s or d within 5 days of s - 60 days",
  "b or d is missing or d within lab_window before s or e within period after s",
  "(d is missing or d within lab_window before s) and e is present",
  "d is missing or e is missing or d within 1 years before s or e within 10 days after s",
];

describe("or of tests on one date column", () => {
  it("agrees with the reference on every row", () => {
    let seed = 7;
    const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const cells = (p: number) =>
      Array.from({ length: N }, () => (r() < p ? null : iso(S - 90 + Math.floor(r() * 150))));
    const d = cells(0.15);
    const e = cells(0.3);
    const b = Array.from({ length: N }, () => (r() < 0.2 ? null : r() < 0.3));
    const table = {
      nRows: N,
      columns: {
        d: column({ type: "date" }, d),
        e: column({ type: "date" }, e),
        b: column({ type: "boolean" }, b),
      },
    };
    const p = {
      ...protocol,
      criteria: RULES.map((rule, i) => ({
        id: `C${i}`,
        kind: "inclusion" as const,
        label: "",
        text: rule,
        rule,
      })),
    };
    const { compiled, problems } = compileProtocol(p);
    expect(problems.filter((q) => q.severity === "error")).toEqual([]);
    const { truths } = evaluateProtocol(compiled!, table);
    const ref = new Reference(p);
    const seen = new Set<string>();
    for (let i = 0; i < N; i++) {
      const row: Row = { d: d[i]!, e: e[i]!, b: b[i]! };
      RULES.forEach((rule, j) => {
        const want = ref.truth(rule, row);
        seen.add(`${j}:${want}`);
        if (truths[j]![i] !== want)
          throw new Error(
            `row ${i} ${JSON.stringify(row)}: ${rule} gave ${truths[j]![i]}, want ${want}`,
          );
      });
    }
    // the windows' insides and outsides and missing dates are all met
    for (const j of [0, 1, 4, 5, 6]) expect(seen.has(`${j}:1`) && seen.has(`${j}:0`)).toBe(true);
    expect(seen.has("1:2")).toBe(true);
  });
});
