/**
 * Shared pieces of the fuzz suite (and of `npm run fuzz`): the built-in protocols, a random
 * table for any protocol, rule mutations, problem-position checks and a per-case time budget.
 */
import type { Problem, Protocol } from "../../src/engine/protocol/types.ts";
import type { Column, Table } from "../../src/engine/types.ts";
import { canonUnit } from "../../src/engine/lang/units-check.ts";
import { listFunctions } from "../../src/engine/functions/registry.ts";
import { KEYWORDS } from "../../src/engine/lang/tokenize.ts";
import { builtinProtocols } from "../../src/protocols/index.ts";

export const PROTOCOLS: readonly Protocol[] = builtinProtocols;
export const SEED = PROTOCOLS[0]!;

/** Number of runs: FUZZ_RUNS overrides the suite's default (the long run sets it high). */
export function runs(dflt: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? n : dflt;
}
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261125);

/** One case may take at most this long (a hang or a quadratic blow-up is a failure). */
export const CASE_BUDGET_MS = Number(process.env.FUZZ_CASE_MS ?? 2000);

/** Runs `f` and fails if it took longer than the per-case budget. */
export function timed<T>(what: string, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  const ms = performance.now() - t0;
  if (ms > CASE_BUDGET_MS)
    throw new Error(`${what} took ${ms.toFixed(0)} ms (budget ${CASE_BUDGET_MS})`);
  return out;
}

/** Small deterministic PRNG (mulberry32) for tables built inside a property. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A table with one column per protocol variable, about a quarter of cells missing. */
export function randomTable(p: Protocol, n: number, seed: number): Table {
  const r = rng(seed);
  const miss = () => r() < 0.25;
  const columns: Record<string, Column> = {};
  for (const v of p.variables) {
    if (v.type === "number") {
      const lo = new Float64Array(n);
      const hi = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = miss() ? NaN : Math.round((r() * 300 - 20) * 100) / 100;
        lo[i] = x;
        // some censored values: `<x` and `>x`
        hi[i] = r() < 0.1 ? Infinity : x;
        if (r() < 0.05) lo[i] = -Infinity;
      }
      columns[v.name] = { kind: "number", lo, hi, unit: canonUnit(v.unit) ?? "1" };
    } else if (v.type === "date") {
      columns[v.name] = {
        kind: "date",
        days: Float32Array.from({ length: n }, () => (miss() ? NaN : Math.floor(r() * 25000))),
      };
    } else if (v.type === "boolean") {
      columns[v.name] = {
        kind: "boolean",
        values: Uint8Array.from({ length: n }, () => (miss() ? 2 : r() < 0.5 ? 1 : 0)),
      };
    } else {
      const dict = [...(v.values ?? []), "other"];
      columns[v.name] = {
        kind: "category",
        dict,
        codes: Int32Array.from({ length: n }, () => (miss() ? -1 : Math.floor(r() * dict.length))),
      };
    }
  }
  return { nRows: n, columns };
}

/** Every rule and derived expression of the built-in protocols, with where it came from. */
export const REAL_RULES: { protocol: Protocol; where: string; text: string; criterion: boolean }[] =
  PROTOCOLS.flatMap((protocol) => [
    ...protocol.criteria.flatMap((c) =>
      c.rule ? [{ protocol, where: `${protocol.id} ${c.id}`, text: c.rule, criterion: true }] : [],
    ),
    ...(protocol.derived ?? []).map((d) => ({
      protocol,
      where: `${protocol.id} ${d.name}`,
      text: d.expr,
      criterion: false,
    })),
  ]);

/** Words of the language: names from the protocols, keywords, functions, operators, literals. */
export const ALPHABET: readonly string[] = [
  ...new Set([
    ...PROTOCOLS.flatMap((p) => [
      ...p.variables.map((v) => v.name),
      ...p.parameters.map((v) => v.name),
      ...(p.derived ?? []).map((v) => v.name),
      ...p.variables.flatMap((v) => v.values ?? []).map((s) => `'${s}'`),
    ]),
    ...KEYWORDS,
    ...listFunctions().map((f) => f.name),
    ...["(", ")", ",", "<", "<=", ">", ">=", "=", "!=", "<>", "==", "≤", "≥", "≠", "×"],
    ...["+", "-", "*", "/", "1", "0", "0.5", "1e308", "1e999", "-3", "12.", ".5", "007"],
    ...["1.0 g/g", "113 mg/mmol", "6 months", "2 years", "7 days", "3 x ULN", "60 mL/min/1.73 m2"],
    ...["5 mgg/dL", "'III'", "'x", '"IV"', "'2024-01-31'", "date '2024-02-30'", "date 'x'"],
    ...[
      "#",
      "\n",
      "\t",
      "'",
      '"',
      "é",
      "漢",
      "\u0000",
      "\ufeff",
      "🙂",
      "\ud800",
      "NaN",
      "Infinity",
    ],
    ...["__proto__", "constructor", "toString", "hasOwnProperty"],
  ]),
];

/** A problem is well placed: 1-based line/column inside `text`, span inside it, a message. */
export function placementError(text: string, p: Problem): string | null {
  const lines = text.split("\n");
  const line = p.line ?? 1;
  const col = p.column ?? 1;
  const len = p.length ?? 1;
  const l = lines[line - 1];
  if (!Number.isInteger(line) || l === undefined) return `line ${line} outside 1..${lines.length}`;
  if (!Number.isInteger(col) || col < 1 || col > l.length + 1)
    return `column ${col} outside 1..${l.length + 1} on line ${line}`;
  let offset = col - 1;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  if (!Number.isInteger(len) || len < 1 || offset + len > Math.max(text.length, offset + 1))
    return `span ${offset}+${len} beyond the text (${text.length})`;
  if (typeof p.message !== "string" || p.message.trim() === "") return "empty message";
  if (p.severity !== "error" && p.severity !== "warning") return `severity ${String(p.severity)}`;
  return null;
}

/* ---- rule mutations ---- */

const TOKEN = /\s+|<=|>=|!=|[()<>=,+\-*/]|'[^']*'|"[^"]*"|[^\s()<>=!,+\-*/'"]+|./gu;

export function tokens(s: string): string[] {
  return s.match(TOKEN) ?? [];
}

export type Mutation =
  | { op: "delTok" | "dupTok"; at: number }
  | { op: "insTok" | "repTok"; at: number; word: number }
  | { op: "swapTok"; at: number; to: number }
  | { op: "delChar" | "swapChar"; at: number }
  | { op: "insChar" | "repChar"; at: number; ch: string };

/** Applies mutations in order (positions taken modulo the current length). */
export function mutate(text: string, ms: readonly Mutation[]): string {
  let s = text;
  for (const m of ms) {
    if (m.op.endsWith("Tok")) {
      const t = tokens(s);
      if (t.length === 0) continue;
      const i = m.at % t.length;
      if (m.op === "delTok") t.splice(i, 1);
      else if (m.op === "dupTok") t.splice(i, 0, t[i]!);
      else if (m.op === "insTok" && "word" in m)
        t.splice(i, 0, ` ${ALPHABET[m.word % ALPHABET.length]!} `);
      else if (m.op === "repTok" && "word" in m) t[i] = ALPHABET[m.word % ALPHABET.length]!;
      else if (m.op === "swapTok" && "to" in m) {
        const j = m.to % t.length;
        [t[i], t[j]] = [t[j]!, t[i]!];
      }
      s = t.join("");
    } else {
      const i = s.length === 0 ? 0 : m.at % s.length;
      if (m.op === "delChar") s = s.slice(0, i) + s.slice(i + 1);
      else if (m.op === "swapChar")
        s = s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
      else if ("ch" in m) s = s.slice(0, i) + m.ch + s.slice(m.op === "repChar" ? i + 1 : i);
    }
  }
  return s;
}
