/**
 * The spoiled-cells plan of the foreign-export tests: in each target column, cells that held a
 * value in the clean extract are overwritten with a word no rule reads, and the mapped table must
 * count exactly those cells as "not understood", with the word and the physical lines.
 */
import { expect } from "vitest";
import type { QualityReport } from "../../src/ingest/quality/quality.ts";

/** The clean columns spoiled, in order; the t-th gets `t + base` spoiled cells. */
export const SPOILED = ["Sex", "Response", "Hb_g_L", "CD19_flow", "DOB"];

export interface SpoilPlan {
  /** `${row}:${clean column}` → the word written there instead */
  spoil: Map<string, string>;
  /** local column name → the word and the data rows (0-based) it was written in */
  want: Map<string, { value: string; rows: number[] }>;
}

/**
 * Plans the spoiled cells: `words[t]` in the t-th of SPOILED, in `t + base` rows that held a
 * value (not blank or a missing marker), skipping the first t such rows.
 */
export function spoilPlan(
  header: readonly string[],
  body: readonly (readonly string[])[],
  headers: Record<string, string>,
  words: readonly string[],
  base: number,
): SpoilPlan {
  const spoil = new Map<string, string>();
  const want = new Map<string, { value: string; rows: number[] }>();
  SPOILED.forEach((col, t) => {
    const k = header.indexOf(col);
    const rows = body
      .map((row, r) => [row[k]!.trim(), r] as const)
      .filter(([v]) => v !== "" && !["N/A", "ND", "NA", "-"].includes(v))
      .slice(t, t + base + t)
      .map(([, r]) => r);
    const value = words[t]!;
    for (const r of rows) spoil.set(`${r}:${col}`, value);
    want.set(headers[col] ?? col, { value, rows });
  });
  return { spoil, want };
}

/**
 * Every spoiled cell, and no other, is counted as not understood in its column, with its word
 * and its first three lines; data row r stands on line `r + firstLine`.
 */
export function expectSpoiled(quality: QualityReport, plan: SpoilPlan, firstLine: number): void {
  expect(quality.notUnderstood.columns).toBe(plan.want.size);
  expect(quality.notUnderstood.values).toBe(plan.spoil.size);
  for (const [column, w] of plan.want) {
    const q = quality.columns.find((x) => x.column === column)!;
    expect(q.notUnderstood).toEqual({
      count: w.rows.length,
      distinct: 1,
      values: [
        {
          value: w.value,
          count: w.rows.length,
          lines: w.rows.slice(0, 3).map((r) => r + firstLine),
        },
      ],
    });
  }
}
