/**
 * Problems found in rule text, kept as source offsets while compiling and turned into
 * `Problem`s (1-based line and column) at the edge.
 */
import type { Problem } from "../protocol/types.ts";

export interface Diagnostic {
  offset: number;
  length: number;
  message: string;
  severity?: "error" | "warning";
}

/** 1-based line and column of a source offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Diagnostics as `Problem`s located in `text`. */
export function toProblems(text: string, where: string, diags: readonly Diagnostic[]): Problem[] {
  return [...diags]
    .sort((a, b) => a.offset - b.offset)
    .map((d) => ({
      where,
      ...lineColumn(text, d.offset),
      length: Math.max(1, d.length),
      message: d.message,
      severity: d.severity ?? "error",
    }));
}
