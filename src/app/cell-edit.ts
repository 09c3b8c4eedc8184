/**
 * Raw-value edits for one patient: parse the analyst's text into the column's storage,
 * remember the previous value so the edit can be reverted. The loaded file is never touched;
 * edits write into the in-memory table only.
 */
import type { Problem } from "../engine/protocol/types.ts";
import { FALSE, TRUE, UNKNOWN, type Column } from "../engine/types.ts";
import { appendEntry } from "../engine/packed-dict.ts";
import { setCode } from "../engine/codes.ts";
import { formatStored } from "../engine/stored-text.ts";

export { formatStored };

export type Stored =
  | { kind: "number"; lo: number; hi: number }
  | { kind: "date"; days: number }
  | { kind: "boolean"; value: number }
  | { kind: "category"; code: number };

export interface Edit {
  row: number;
  column: string;
  before: Stored;
  after: Stored;
  text: string;
}

export function readStored(col: Column, row: number): Stored {
  switch (col.kind) {
    case "number":
      return { kind: "number", lo: col.lo[row] ?? NaN, hi: col.hi[row] ?? NaN };
    case "date":
      return { kind: "date", days: col.days[row] ?? NaN };
    case "boolean":
      return { kind: "boolean", value: col.values[row] ?? UNKNOWN };
    case "category":
      return { kind: "category", code: col.codes[row] ?? -1 };
  }
}

export function writeStored(col: Column, row: number, v: Stored): void {
  if (col.kind === "number" && v.kind === "number") {
    // exact-only columns share one buffer for lo and hi; split before storing an interval
    if (col.hi === col.lo && v.lo !== v.hi && !(Number.isNaN(v.lo) && Number.isNaN(v.hi)))
      col.hi = col.lo.slice();
    col.lo[row] = v.lo;
    col.hi[row] = v.hi;
  } else if (col.kind === "date" && v.kind === "date") col.days[row] = v.days;
  else if (col.kind === "boolean" && v.kind === "boolean") col.values[row] = v.value;
  else if (col.kind === "category" && v.kind === "category") setCode(col, row, v.code);
}

const DAY = 86_400_000;

/** Parses edit text for a column; empty text means "missing". */
export function parseEdit(
  col: Column,
  text: string,
  where: string,
): { value?: Stored; problem?: Problem } {
  const t = text.trim();
  const bad = (message: string) => ({ problem: { where, message, severity: "error" as const } });
  switch (col.kind) {
    case "number": {
      if (t === "") return { value: { kind: "number", lo: NaN, hi: NaN } };
      const m = /^([<>]=?)?\s*(-?\d+(?:\.\d*)?(?:e[+-]?\d+)?)$/i.exec(t.replace(",", "."));
      if (!m) return bad(`"${t}" is not a number (examples: 0.62, <0.5, >3)`);
      const x = Number(m[2]);
      const op = m[1];
      if (op === "<")
        return {
          value: {
            kind: "number",
            lo: -Infinity,
            hi: x - Math.abs(x) * Number.EPSILON || -Number.MIN_VALUE,
          },
        };
      if (op === "<=") return { value: { kind: "number", lo: -Infinity, hi: x } };
      if (op === ">")
        return {
          value: {
            kind: "number",
            lo: x + Math.abs(x) * Number.EPSILON || Number.MIN_VALUE,
            hi: Infinity,
          },
        };
      if (op === ">=") return { value: { kind: "number", lo: x, hi: Infinity } };
      return { value: { kind: "number", lo: x, hi: x } };
    }
    case "date": {
      if (t === "") return { value: { kind: "date", days: NaN } };
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
      if (!m) return bad(`"${t}" is not a date; write YYYY-MM-DD`);
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      const d = new Date(ms);
      if (d.getUTCDate() !== Number(m[3])) return bad(`"${t}" is not a calendar date`);
      return { value: { kind: "date", days: Math.round(ms / DAY) } };
    }
    case "boolean": {
      const l = t.toLowerCase();
      if (l === "") return { value: { kind: "boolean", value: UNKNOWN } };
      if (["yes", "y", "true", "1"].includes(l)) return { value: { kind: "boolean", value: TRUE } };
      if (["no", "n", "false", "0"].includes(l))
        return { value: { kind: "boolean", value: FALSE } };
      return bad(`"${t}" is not yes/no`);
    }
    case "category": {
      if (t === "") return { value: { kind: "category", code: -1 } };
      let code = col.dict.findIndex((d) => d.toLowerCase() === t.toLowerCase());
      if (code < 0) code = appendEntry(col, t);
      return { value: { kind: "category", code } };
    }
  }
}

/** Numeric sort key of a stored value (NaN for missing). */
export function sortKey(col: Column, row: number): number | string {
  switch (col.kind) {
    case "number":
      return col.lo[row] ?? NaN;
    case "date":
      return col.days[row] ?? NaN;
    case "boolean":
      return col.values[row] ?? UNKNOWN;
    case "category": {
      const c = col.codes[row] ?? -1;
      return c < 0 ? "" : (col.dict[c] ?? "");
    }
  }
}

/** Display text of a stored value that is not in the table (an edit's previous value). */
export function storedText(col: Column, v: Stored): string {
  const scratch: Column =
    col.kind === "number"
      ? { kind: "number", lo: new Float64Array(1), hi: new Float64Array(1), unit: col.unit }
      : col.kind === "date"
        ? { kind: "date", days: new Float32Array(1) }
        : col.kind === "boolean"
          ? { kind: "boolean", values: new Uint8Array(1) }
          : { kind: "category", codes: new Int32Array(1), dict: col.dict };
  writeStored(scratch, 0, v);
  return formatStored(scratch, 0);
}
