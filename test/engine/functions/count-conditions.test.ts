/**
 * `at_least`, `count_true`, `any` and `all` count four rows per step: over several batches,
 * a row count that is not a multiple of 4, condition columns read at an odd byte offset (no
 * word view) and more conditions than a byte counts, every row agrees with the reference.
 */
import { describe, expect, it } from "vitest";
import {
  BATCH_SIZE,
  compileProtocol,
  evaluateProtocol,
} from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import type { Column } from "../../../src/engine/types.ts";
import { Reference, type Row } from "../reference.ts";

const N = 2 * BATCH_SIZE + 7;
const NAMES = ["b0", "b1", "b2", "b3", "b4", "b5"];

function codes(seed: number, offset: number): Uint8Array {
  let s = seed;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  // a view at `offset` into a larger buffer: odd offsets leave no 32-bit view
  const buf = new Uint8Array(N + offset);
  for (let i = 0; i < N; i++) buf[offset + i] = Math.floor(r() * 3);
  return buf.subarray(offset, offset + N);
}

describe("counting conditions four rows at a time", () => {
  const columns: Record<string, Column> = {};
  NAMES.forEach((name, j) => {
    columns[name] = { kind: "boolean", values: codes(101 + j, j === 2 ? 1 : j === 4 ? 3 : 0) };
  });
  const many = Array.from({ length: 300 }, (_, j) => NAMES[j % NAMES.length]).join(", ");
  const rules = [
    "at_least(2, b0, b1, b2, b3, b4)",
    "at_least(3, b0, b1, b3, b5)",
    "at_least(1, b2)",
    "at_least(4, b0, b1 and b2, b3 or b4, not b5, b0)",
    "count_true(b0, b1, b2, b3) >= 2",
    "count_true(b0, b1, b3, b5) < 3",
    "any(b0, b1, b2)",
    "any(b1, b3, b5)",
    "all(b0, b1, b3)",
    "all(b2, b4, b5)",
    // 300 conditions: counts above 255 per row are possible
    `at_least(260, ${many})`,
    `count_true(${many}) >= 100`,
  ];
  const protocol: Protocol = {
    id: "t",
    title: "t",
    version: "1",
    parameters: [],
    variables: NAMES.map((name) => ({ name, type: "boolean", description: "" })),
    criteria: rules.map((rule, i) => ({
      id: `C${i}`,
      kind: "inclusion",
      label: "",
      text: rule,
      rule,
    })),
  };

  it("agrees with the reference on every row", () => {
    const { compiled, problems } = compileProtocol(protocol);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    const { truths } = evaluateProtocol(compiled!, { nRows: N, columns });
    const ref = new Reference(protocol);
    const seen = new Set<string>();
    for (let i = 0; i < N; i++) {
      const row: Row = {};
      for (const name of NAMES) {
        const v = (columns[name] as { values: Uint8Array }).values[i];
        row[name] = v === 2 ? null : v === 1;
      }
      rules.forEach((rule, j) => {
        const want = ref.truth(rule, row);
        seen.add(`${j}:${want}`);
        if (truths[j]![i] !== want)
          throw new Error(`row ${i}: ${rule} gave ${truths[j]![i]}, want ${want}`);
      });
    }
    // each of the short rules meets all three outcomes somewhere in the table
    for (let j = 0; j < 10; j++)
      for (const t of [0, 1, 2]) expect(seen.has(`${j}:${t}`)).toBe(true);
  });
});
