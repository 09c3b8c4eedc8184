/**
 * `or` of tests on one date column against constants (`d is missing or d within 14 days before
 * screening_date or d within 28 days after screening_date`, the recency of a lab value): one
 * pass over the dates instead of one per test and one per `or`. For a date that is there, the
 * result is whether it lies in any window (or TRUE when `d is present` is one of the tests);
 * for a missing date it is the `or` of the tests' own answers (TRUE from `is missing`,
 * else UNKNOWN from a window, FALSE from `is present`), decided once.
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import { windowBounds, type BoolEv, type Compiler } from "./compile.ts";
import { kindOf, type IR } from "./ir.ts";
import { OR } from "./truth.ts";

interface DateTests {
  date: IR;
  windows: [number, number][];
  /** answer for a missing date */
  whenMissing: number;
  /** some test (`is present`) holds for every date that is there */
  always: boolean;
  count: number;
}

/** The date column a test reads and what it asks of it, or null when it is another test. */
function dateTest(
  ir: IR,
): { name: string; date: IR; window?: [number, number]; present?: boolean } | null {
  if (ir.kind === "window" && ir.operand.kind === "dateVar") {
    if (ir.anchor.kind !== "dateConst" || ir.amount.kind !== "num") return null;
    const w = windowBounds(ir, ir.anchor.days, ir.amount.lo, ir.amount.hi);
    if (w[0] !== w[0] || w[1] !== w[1]) return null;
    return { name: ir.operand.name, date: ir.operand, window: w };
  }
  if (ir.kind === "missing" && ir.operand.kind === "dateVar" && kindOf(ir.operand) === "date")
    return { name: ir.operand.name, date: ir.operand, present: ir.present };
  return null;
}

/**
 * Splits the items of an `or` into fused evaluators (two or more tests on one date column)
 * and the items left as they are.
 */
export function fuseDateTests(c: Compiler, items: IR[]): { fused: BoolEv[]; rest: IR[] } {
  const groups = new Map<string, DateTests>();
  const rest: IR[] = [];
  const tests = items.map(dateTest);
  const counts = new Map<string, number>();
  for (const t of tests) if (t) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  items.forEach((item, j) => {
    const t = tests[j];
    if (!t || counts.get(t.name)! < 2) {
      rest.push(item);
      return;
    }
    let g = groups.get(t.name);
    if (!g)
      groups.set(
        t.name,
        (g = { date: t.date, windows: [], whenMissing: FALSE, always: false, count: 0 }),
      );
    g.count++;
    const atMissing = t.window ? UNKNOWN : t.present ? FALSE : TRUE;
    g.whenMissing = OR[g.whenMissing * 3 + atMissing]!;
    if (t.window) g.windows.push(t.window);
    else if (t.present) g.always = true;
  });
  return { fused: [...groups.values()].map((g) => fused(c, g)), rest };
}

/** Overlapping windows merged, in order. */
function merge(windows: [number, number][]): [number, number][] {
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

function fused(c: Compiler, g: DateTests): BoolEv {
  const x = c.date(g.date);
  const out = new Uint8Array(c.b.size);
  const nanT = g.whenMissing;
  const alw = g.always ? TRUE : FALSE;
  const w = merge(g.windows);
  if (w.length <= 1) {
    // no window: a date that is there answers `alw`; an empty window holds for no date
    const [from, to] = w[0] ?? [Infinity, -Infinity];
    return (start, n) => {
      const v = x(start, n);
      for (let i = 0; i < n; i++) {
        const d = v[i]!;
        const inside = (+(d >= from) & +(d <= to)) | alw;
        out[i] = inside + +(d !== d) * (nanT - inside);
      }
      return out;
    };
  }
  const froms = Float64Array.from(w, (p) => p[0]);
  const tos = Float64Array.from(w, (p) => p[1]);
  const k = w.length;
  return (start, n) => {
    const v = x(start, n);
    for (let i = 0; i < n; i++) {
      const d = v[i]!;
      let inside = alw;
      for (let j = 0; j < k; j++) inside |= +(d >= froms[j]!) & +(d <= tos[j]!);
      out[i] = inside + +(d !== d) * (nanT - inside);
    }
    return out;
  };
}
