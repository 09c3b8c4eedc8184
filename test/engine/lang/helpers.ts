/** Tiny inline tables and protocols for language tests. */
import type { Protocol, ProtocolVariable } from "../../../src/engine/protocol/types.ts";
import type { Column, Table } from "../../../src/engine/types.ts";
import { parseIsoDate } from "../../../src/engine/calendar.ts";
import { canonUnit } from "../../../src/engine/lang/units-check.ts";
import {
  checkRule,
  compileProtocol,
  evaluateProtocol,
} from "../../../src/engine/compile-protocol.ts";

export type Cell = number | string | boolean | null;

/** Largest double below x (for censored `<x`). */
export function below(x: number): number {
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  if (x === 0) return -Number.MIN_VALUE;
  b[0]! += x > 0 ? -1n : 1n;
  return f[0]!;
}
export function above(x: number): number {
  return -below(-x);
}

/** Builds a column of a variable's type from plain cells; numbers accept "<0.5", ">3", "<=2". */
export function column(
  v: Pick<ProtocolVariable, "type" | "unit">,
  cells: Cell[],
  unit?: string,
): Column {
  const n = cells.length;
  switch (v.type) {
    case "number": {
      const lo = new Float64Array(n);
      const hi = new Float64Array(n);
      cells.forEach((c, i) => {
        if (c === null || c === "") lo[i] = hi[i] = NaN;
        else if (typeof c === "number") lo[i] = hi[i] = c;
        else {
          const m = /^(<=|>=|<|>)\s*(.+)$/.exec(String(c));
          const x = Number(m ? m[2] : c);
          const op = m?.[1];
          lo[i] = op === "<" || op === "<=" ? -Infinity : op === ">" ? above(x) : x;
          hi[i] = op === ">" || op === ">=" ? Infinity : op === "<" ? below(x) : x;
        }
      });
      return { kind: "number", lo, hi, unit: unit ?? canonUnit(v.unit) ?? "1" };
    }
    case "date":
      return {
        kind: "date",
        days: Float32Array.from(cells, (c) => (c === null ? NaN : parseIsoDate(String(c)))),
      };
    case "boolean":
      return {
        kind: "boolean",
        values: Uint8Array.from(cells, (c) =>
          c === null ? 2 : c === true || c === "true" ? 1 : 0,
        ),
      };
    case "category": {
      const dict: string[] = [];
      const codes = Int32Array.from(cells, (c) => {
        if (c === null) return -1;
        const s = String(c);
        let k = dict.indexOf(s);
        if (k < 0) k = dict.push(s) - 1;
        return k;
      });
      return { kind: "category", codes, dict };
    }
  }
}

/** A table from named cell lists, typed by the protocol's variables. */
export function table(protocol: Protocol, cols: Record<string, Cell[]>): Table {
  const columns: Record<string, Column> = {};
  let nRows = 0;
  for (const [name, cells] of Object.entries(cols)) {
    const v = protocol.variables.find((x) => x.name === name);
    if (!v) throw new Error(`no variable ${name}`);
    columns[name] = column(v, cells);
    nRows = cells.length;
  }
  return { nRows, columns };
}

/** A small protocol used across the language tests. */
export const P: Protocol = {
  id: "test",
  title: "test",
  version: "1",
  parameters: [
    { name: "screening_date", type: "date", default: "2026-11-25" },
    { name: "upcr_min", type: "number", unit: "g/g", default: 1.0 },
    { name: "min_age", type: "number", unit: "years", default: 18 },
    { name: "max_age", type: "number", unit: "years", default: 65 },
    { name: "biopsy_window", type: "number", unit: "months", default: 12 },
    { name: "alt_uln", type: "number", unit: "U/L", default: 40 },
    { name: "alt_mult", type: "number", default: 3 },
    { name: "strict", type: "boolean", default: true },
  ],
  variables: [
    {
      name: "upcr",
      type: "number",
      unit: "g/g",
      altUnits: ["mg/mmol"],
      molarMass: 113.12,
      description: "",
    },
    { name: "protein_24h", type: "number", unit: "g/24h", description: "" },
    { name: "creatinine", type: "number", unit: "umol/L", molarMass: 113.12, description: "" },
    { name: "hb", type: "number", unit: "g/L", description: "" },
    { name: "anc", type: "number", unit: "x10^9/L", description: "" },
    { name: "alt", type: "number", unit: "U/L", description: "" },
    { name: "egfr", type: "number", unit: "mL/min/1.73m2", description: "" },
    { name: "sledai", type: "number", description: "" },
    { name: "birth_date", type: "date", description: "" },
    { name: "biopsy_date", type: "date", description: "" },
    {
      name: "biopsy_class",
      type: "category",
      values: ["II", "III", "IV", "V", "VI"],
      description: "",
    },
    { name: "sex", type: "category", values: ["female", "male"], description: "" },
    { name: "pregnant", type: "boolean", description: "" },
    { name: "gcsf", type: "boolean", description: "" },
    { name: "a", type: "boolean", description: "" },
    { name: "b", type: "boolean", description: "" },
    { name: "c", type: "boolean", description: "" },
  ],
  derived: [{ name: "age", expr: "age_at(birth_date, screening_date)" }],
  criteria: [],
};

/** Truth codes of one rule over a table built from cells (throws with the problems if it does not compile). */
export function truths(
  rule: string,
  cols: Record<string, Cell[]>,
  overrides: Record<string, number | string | boolean> = {},
): number[] {
  const proto: Protocol = {
    ...P,
    criteria: [{ id: "X", kind: "inclusion", label: "X", text: rule, rule }],
  };
  const { compiled, problems } = compileProtocol(proto, overrides);
  if (!compiled) throw new Error(problems.map((p) => p.message).join("; "));
  return [...evaluateProtocol(compiled, table(proto, cols)).truths[0]!];
}

/** Messages (with 1-based column) of checking a rule against P. */
export function errors(rule: string): string[] {
  return checkRule(P, rule).map((p) => `${p.column}: ${p.message}`);
}
