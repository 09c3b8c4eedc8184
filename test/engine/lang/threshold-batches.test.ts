/**
 * Comparisons with a constant over several batches: batches with values within the tolerance
 * of the threshold, batches without, censored bounds next to the threshold, exact columns
 * (lo and hi one array) and columns with intervals. Every row must agree with the reference.
 */
import { describe, expect, it } from "vitest";
import {
  BATCH_SIZE,
  compileProtocol,
  evaluateProtocol,
} from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import type { Table } from "../../../src/engine/types.ts";
import { Reference, type Row } from "../reference.ts";
import { above, below } from "./helpers.ts";

const THRESHOLDS = [1, 60, 0.8, 113.12];
const OPS = ["<", "<=", ">", ">=", "=", "!="];
const N = 3 * BATCH_SIZE + 77;

/** Deterministic rows: near-threshold values only in batches 0 and 2 (batch 1 has none). */
function cells(t: number): { lo: number[]; hi: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  let s = 12345;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < N; i++) {
    const batch = Math.floor(i / BATCH_SIZE);
    const k = r();
    let a = Math.round(r() * t * 200) / 100;
    let b = a;
    if (k < 0.1) a = b = NaN;
    else if (k < 0.15) [a, b] = [-Infinity, below(t)];
    else if (k < 0.18) [a, b] = [above(t), Infinity];
    else if (k < 0.2) [a, b] = [t, Infinity];
    else if (batch !== 1 && k < 0.26) {
      const near = [t * (1 - 5e-10), t * (1 + 5e-10), below(t), above(t), t, t * (1 - 3e-9)];
      a = b = near[Math.floor(r() * near.length)]!;
    }
    lo.push(a);
    hi.push(b);
  }
  return { lo, hi };
}

describe("comparison with a constant over several batches", () => {
  it.each(THRESHOLDS)("agrees with the reference on every row (threshold %d)", (t) => {
    const { lo, hi } = cells(t);
    const exact = Float64Array.from(lo, (x, i) => (x === hi[i] ? x : NaN));
    const table: Table = {
      nRows: N,
      columns: {
        // intervals and exact values mixed
        x: { kind: "number", lo: Float64Array.from(lo), hi: Float64Array.from(hi), unit: "g/L" },
        // an exact column: lo and hi are one array
        y: { kind: "number", lo: exact, hi: exact, unit: "g/L" },
      },
    };
    const rules = ["x", "y"].flatMap((v) =>
      OPS.flatMap((op) => [`${v} ${op} ${t} g/L`, `${t} g/L ${op} ${v}`]),
    );
    const protocol: Protocol = {
      id: "t",
      title: "t",
      version: "1",
      parameters: [],
      variables: [
        { name: "x", type: "number", unit: "g/L", description: "" },
        { name: "y", type: "number", unit: "g/L", description: "" },
      ],
      criteria: rules.map((rule, i) => ({
        id: `C${i}`,
        kind: "inclusion",
        label: "",
        text: rule,
        rule,
      })),
    };
    const { compiled, problems } = compileProtocol(protocol);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    const { truths } = evaluateProtocol(compiled!, table);
    const ref = new Reference(protocol);
    let nearRows = 0;
    for (let i = 0; i < N; i++) {
      const row: Row = {
        x: lo[i] !== lo[i] ? null : [lo[i]!, hi[i]!],
        y: exact[i] !== exact[i] ? null : [exact[i]!, exact[i]!],
      };
      if (lo[i] === hi[i] && lo[i] !== t && Math.abs(lo[i]! - t) <= 1e-9 * t) nearRows++;
      rules.forEach((rule, j) => {
        const want = ref.truth(rule, row);
        if (truths[j]![i] !== want)
          throw new Error(
            `row ${i} (${lo[i]}, ${hi[i]}): ${rule} gave ${truths[j]![i]}, want ${want}`,
          );
      });
    }
    // the table does exercise the tolerance: exact values near (not at) the threshold
    expect(nearRows).toBeGreaterThan(20);
  });
});
