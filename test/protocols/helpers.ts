/**
 * Tiny hand-built tables for criterion boundary tests: each row is an object of variable
 * values (numbers in the variable's canonical unit unless given as [value, unit], dates as
 * ISO text, booleans, category text; null or absent = missing), evaluated through
 * compileProtocol / evaluateProtocol on the seed protocol.
 */
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { parseIsoDate } from "../../src/engine/calendar.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { Column, Table } from "../../src/engine/types.ts";
import { VERDICT_WORDS } from "../../src/engine/types.ts";
import { convertFactor } from "../../src/engine/units.ts";
import { getBuiltin } from "../../src/protocols/index.ts";

export const SEED = getBuiltin("ln-cd19-cd70")!;
export type Cell = number | string | boolean | null | [number, string] | { lo: number; hi: number };
export type Row = Record<string, Cell>;

/** Builds a table with a column for every variable (missing where a row does not give it). */
export function tableOf(rows: Row[], protocol: Protocol = SEED): Table {
  const n = rows.length;
  const columns: Record<string, Column> = {};
  for (const v of protocol.variables) {
    const get = (i: number): Cell => rows[i]![v.name] ?? null;
    if (v.type === "number") {
      const lo = new Float64Array(n).fill(NaN);
      const hi = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {
        const x = get(i);
        if (x === null) continue;
        if (Array.isArray(x)) {
          const f = convertFactor(x[1], v.unit ?? "1", v.molarMass);
          if (f === null) throw new Error(`cannot convert ${x[1]} to ${v.unit} for ${v.name}`);
          lo[i] = hi[i] = x[0] * f;
        } else if (typeof x === "object") {
          lo[i] = x.lo;
          hi[i] = x.hi;
        } else lo[i] = hi[i] = Number(x);
      }
      columns[v.name] = { kind: "number", lo, hi, unit: v.unit ?? "1" };
    } else if (v.type === "date") {
      const days = new Float32Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {
        const x = get(i);
        if (x !== null) days[i] = parseIsoDate(String(x));
      }
      columns[v.name] = { kind: "date", days };
    } else if (v.type === "boolean") {
      const values = new Uint8Array(n).fill(2);
      for (let i = 0; i < n; i++) {
        const x = get(i);
        if (x !== null) values[i] = x === true ? 1 : 0;
      }
      columns[v.name] = { kind: "boolean", values };
    } else {
      const dict: string[] = [];
      const codes = new Int32Array(n).fill(-1);
      for (let i = 0; i < n; i++) {
        const x = get(i);
        if (x === null) continue;
        const s = String(x);
        let c = dict.indexOf(s);
        if (c < 0) c = dict.push(s) - 1;
        codes[i] = c;
      }
      columns[v.name] = { kind: "category", codes, dict };
    }
  }
  return { nRows: n, columns };
}

/** Verdict words of one criterion for each row. */
export function verdictsOf(
  id: string,
  rows: Row[],
  overrides: Record<string, number | string | boolean> = {},
): string[] {
  const { compiled, problems } = compileProtocol(SEED, overrides);
  if (!compiled) throw new Error(problems.map((p) => `${p.where}: ${p.message}`).join("\n"));
  const k = compiled.criteria.findIndex((c) => c.id === id);
  if (k < 0) throw new Error(`no criterion ${id}`);
  const { verdicts } = evaluateProtocol(compiled, tableOf(rows));
  return [...verdicts[k]!].map((v) => VERDICT_WORDS[v]!);
}
