/**
 * Property test: random tables (missing and censored values) and random well-typed rules;
 * the compiled engine must agree with the row-at-a-time reference on every row.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import type { Column } from "../../../src/engine/types.ts";
import { Reference, type Row } from "../reference.ts";
import { column, type Cell } from "./helpers.ts";

const PR: Protocol = {
  id: "prop",
  title: "prop",
  version: "1",
  parameters: [
    { name: "pg", type: "number", unit: "g/L", default: 50 },
    { name: "pz", type: "number", default: 3 },
    { name: "pm", type: "number", unit: "months", default: 6 },
    { name: "pdate", type: "date", default: "2024-06-15" },
    { name: "pb", type: "boolean", default: true },
  ],
  variables: [
    { name: "x", type: "number", unit: "g/L", description: "" },
    { name: "y", type: "number", unit: "g/L", description: "" },
    { name: "z", type: "number", description: "" },
    { name: "w", type: "number", description: "" },
    { name: "d1", type: "date", description: "" },
    { name: "d2", type: "date", description: "" },
    { name: "b1", type: "boolean", description: "" },
    { name: "b2", type: "boolean", description: "" },
    { name: "b3", type: "boolean", description: "" },
    { name: "c", type: "category", values: ["A", "B", "C"], description: "" },
  ],
  derived: [
    { name: "dz", expr: "z * 2 - w" },
    { name: "dok", expr: "b1 or x > pg" },
  ],
  criteria: [],
};

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const op = pick("<", "<=", ">", ">=", "=", "!=");
const D = { depthIdentifier: "expr", maxDepth: 3 } as const;

const { bool } = fc.letrec<{ bool: string; numG: string; numP: string; date: string }>((tie) => ({
  numG: fc.oneof(
    D,
    pick("x", "y", "pg"),
    fc.integer({ min: 0, max: 100 }).map((k) => `${k} g/L`),
    fc.integer({ min: 0, max: 10 }).map((k) => `${k} g/dL`),
    fc.tuple(tie("numG"), pick("+", "-"), tie("numG")).map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(tie("numG"), tie("numP")).map(([a, b]) => `(${a} * ${b})`),
    fc.tuple(tie("numG"), tie("numP")).map(([a, b]) => `(${a} / ${b})`),
    tie("numG").map((a) => `abs(${a})`),
    tie("numG").map((a) => `-${a}`),
    pick("coalesce(x, y)", "coalesce(x, pg)", "min(x, y)", "max(x, y)", "max(x, 40 g/L)"),
  ),
  numP: fc.oneof(
    D,
    pick("z", "w", "pz", "dz"),
    fc.integer({ min: -3, max: 12 }).map(String),
    fc
      .tuple(tie("numP"), pick("+", "-", "*", "/"), tie("numP"))
      .map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(tie("numG"), tie("numG")).map(([a, b]) => `(${a} / ${b})`),
    fc
      .array(tie("bool"), { minLength: 1, maxLength: 4 })
      .map((bs) => `count_true(${bs.join(", ")})`),
    // day counts and ages carry units: divided by one unit they are plain numbers
    fc.tuple(tie("date"), tie("date")).map(([a, b]) => `(days_between(${a}, ${b}) / 1 days)`),
    fc.tuple(tie("date"), tie("date")).map(([a, b]) => `((${a} - ${b}) / 1 weeks)`),
    pick(
      "(age_at(d1, d2) / 1 years)",
      "(age_at(d1, pdate) / 12 months)",
      "coalesce(z, w)",
      "min(z, w, 5)",
      "abs(z)",
    ),
  ),
  date: fc.oneof(
    D,
    pick("d1", "d2", "pdate", "date '2024-02-29'", "date '2023-12-31'"),
    fc
      .tuple(
        tie("date"),
        pick("+", "-"),
        fc.integer({ min: 0, max: 40 }),
        pick("days", "weeks", "months", "years"),
      )
      .map(([d, o, k, u]) => `(${d} ${o} ${k} ${u})`),
    pick("coalesce(d1, d2)", "max(d1, d2)", "min(d1, pdate)"),
  ),
  bool: fc.oneof(
    D,
    pick("b1", "b2", "b3", "true", "false", "pb", "dok"),
    fc.tuple(tie("numG"), op, tie("numG")).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie("numP"), op, tie("numP")).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(tie("date"), op, tie("date")).map(([a, o, b]) => `${a} ${o} ${b}`),
    pick("c = 'a'", "c != 'B'", "c in ('A', 'c')", "c not in ('b')", "'C' = c"),
    pick(
      "x is missing",
      "z is present",
      "d1 is missing",
      "b1 is not missing",
      "c is missing",
      "(x + y) is missing",
    ),
    fc
      .tuple(tie("numP"), tie("numP"), tie("numP"), fc.boolean())
      .map(([a, lo, hi, n]) => `${a} ${n ? "not " : ""}between ${lo} and ${hi}`),
    fc
      .tuple(tie("numP"), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }))
      .map(([a, ks]) => `${a} in (${ks.join(", ")})`),
    fc
      .tuple(
        tie("date"),
        fc.integer({ min: 0, max: 14 }),
        pick("days", "weeks", "months", "years"),
        pick("before", "after", "of"),
        tie("date"),
      )
      .map(([x, k, u, dir, a]) => `${x} within ${k} ${u} ${dir} ${a}`),
    fc
      .tuple(tie("date"), pick("before", "after", "of"), tie("date"))
      .map(([x, dir, a]) => `${x} within pm ${dir} ${a}`),
    pick("d1 within z days before d2", "d1 within pz months of d2"),
    fc.tuple(tie("bool"), pick("and", "or"), tie("bool")).map(([a, o, b]) => `(${a} ${o} ${b})`),
    tie("bool").map((a) => `not (${a})`),
    fc
      .tuple(fc.integer({ min: 0, max: 4 }), fc.array(tie("bool"), { minLength: 1, maxLength: 4 }))
      .map(([k, bs]) => `at_least(${k}, ${bs.join(", ")})`),
    fc
      .tuple(pick("any", "all"), fc.array(tie("bool"), { minLength: 1, maxLength: 3 }))
      .map(([f, bs]) => `${f}(${bs.join(", ")})`),
    fc.tuple(tie("bool"), tie("bool")).map(([a, b]) => `coalesce(${a}, ${b})`),
    fc.tuple(tie("bool"), pick("=", "!="), tie("bool")).map(([a, o, b]) => `(${a}) ${o} (${b})`),
  ),
}));

const base = Date.UTC(2024, 5, 15) / 86400000;
const iso = (day: number) => new Date(day * 86400000).toISOString().slice(0, 10);
const numCell = (max: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max }) },
    { weight: 1, arbitrary: fc.integer({ min: -2, max: 3 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(pick("<", ">", "<=", ">="), fc.integer({ min: 0, max }))
        .map(([o, k]) => `${o}${k}`),
    },
    { weight: 2, arbitrary: fc.constant(null) },
  );
const dateCell = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -420, max: 420 }).map((k) => iso(base + k)) },
  {
    weight: 2,
    arbitrary: pick(
      "2024-02-29",
      "2023-12-31",
      "2024-01-31",
      "2024-12-15",
      "2023-06-15",
      "2000-02-29",
    ),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);
const boolCell = pick<Cell>(true, false, null);
const rowArb = fc.record({
  x: numCell(100),
  y: numCell(100),
  z: numCell(10),
  w: numCell(10),
  d1: dateCell,
  d2: dateCell,
  b1: boolCell,
  b2: boolCell,
  b3: boolCell,
  c: pick<Cell>("A", "b", " C ", "a", "Z", null),
});

function referenceRow(cols: Record<string, Column>, r: Record<string, Cell>, i: number): Row {
  const row: Row = {};
  for (const v of PR.variables) {
    const col = cols[v.name]!;
    if (col.kind === "number")
      row[v.name] = Number.isNaN(col.lo[i]) ? null : [col.lo[i]!, col.hi[i]!];
    else row[v.name] = r[v.name] as Row[string];
  }
  return row;
}

describe("compiled engine = reference evaluator", () => {
  it("agrees on every row for random rules and tables", () => {
    const ref = new Reference(PR);
    fc.assert(
      fc.property(bool, fc.array(rowArb, { minLength: 1, maxLength: 30 }), (rule, rows) => {
        const proto: Protocol = {
          ...PR,
          criteria: [{ id: "R", kind: "inclusion", label: "", text: rule, rule }],
        };
        const { compiled, problems } = compileProtocol(proto);
        if (!compiled) throw new Error(`${rule}: ${problems.map((p) => p.message).join("; ")}`);
        const columns: Record<string, Column> = {};
        for (const v of PR.variables)
          columns[v.name] = column(
            v,
            rows.map((r) => r[v.name as keyof typeof r] as Cell),
          );
        const got = evaluateProtocol(compiled, { nRows: rows.length, columns }).truths[0]!;
        rows.forEach((r, i) => {
          const want = ref.truth(rule, referenceRow(columns, r, i));
          if (got[i] !== want)
            throw new Error(
              `${rule}\nrow ${JSON.stringify(r)}\nengine ${got[i]} reference ${want}`,
            );
        });
      }),
      {
        numRuns: Number(process.env.PROP_RUNS ?? 400),
        seed: Number(process.env.PROP_SEED ?? 20261125),
      },
    );
    expect(true).toBe(true);
  });
});
