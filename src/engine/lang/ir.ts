/**
 * Typed, resolved form of a rule produced by the checker and consumed by the compiler:
 * names are bound (variables to columns, parameters folded to constants, derived inlined),
 * units are converted and types known. A derived expression is one shared subtree.
 */
import type { FunctionSpec } from "../functions/types.ts";
import type { Truth } from "../types.ts";
import type { CompareOp, Span } from "./ast.ts";

export type Ty =
  | { type: "number"; unit: string | null; molarMass?: number }
  | { type: "boolean" }
  | { type: "date" }
  | { type: "category"; values?: readonly string[]; order?: readonly string[] };

export type { Calendar } from "../calendar.ts";
import type { Calendar } from "../calendar.ts";

interface Base {
  at: Span;
}

export type IR = Base &
  (
    | { kind: "num"; lo: number; hi: number; unit: string | null; param?: string }
    | { kind: "dateConst"; days: number; param?: string }
    | { kind: "boolConst"; value: Truth; param?: string }
    | { kind: "numVar"; name: string; unit: string | null }
    | { kind: "dateVar"; name: string }
    | { kind: "boolVar"; name: string }
    | { kind: "catVar"; name: string }
    | { kind: "ref"; name: string; operand: IR }
    | { kind: "scale"; factor: number; operand: IR }
    | { kind: "arith"; op: "+" | "-" | "*" | "/" | "^"; left: IR; right: IR }
    /** three-valued choice: `if(c, a, b)`; an unknown condition gives the hull of both */
    | { kind: "ifThen"; cond: IR; then: IR; else: IR; ty: Ty }
    /** a protocol table read by a category key: `lookup(drug_class, drug)` */
    | {
        kind: "lookup";
        table: string;
        key: IR;
        entries: ReadonlyMap<string, number | string | boolean>;
        /** the value of a recorded key without an entry (absent: unknown) */
        fallback?: number | boolean;
        ty: Ty;
      }
    | { kind: "neg"; operand: IR }
    | { kind: "cmp"; op: CompareOp; left: IR; right: IR }
    | { kind: "cmpDate"; op: CompareOp; left: IR; right: IR }
    | { kind: "boolEq"; negated: boolean; left: IR; right: IR }
    /** category membership: `x = 'a'`, `x in ('a', 'b')`; `known` are the declared values */
    | {
        kind: "catIn";
        operand: IR;
        values: string[];
        known?: string[];
        negated: boolean;
        shown?: string[];
      }
    | { kind: "catEq"; negated: boolean; left: IR; right: IR }
    | { kind: "and" | "or"; items: IR[] }
    | { kind: "not"; operand: IR }
    | { kind: "missing"; operand: IR; present: boolean }
    /** date ± amount; amount in days, or in months when `calendar` is set */
    | { kind: "dateShift"; date: IR; amount: IR; calendar: Calendar; sign: 1 | -1 }
    | { kind: "dateDiff"; left: IR; right: IR }
    | {
        kind: "window";
        operand: IR;
        amount: IR;
        calendar: Calendar;
        dir: "before" | "after" | "of";
        anchor: IR;
      }
    | { kind: "call"; spec: FunctionSpec; args: IR[]; ret: Ty }
    | { kind: "coalesce"; args: IR[]; ty: Ty }
    | { kind: "dateExtreme"; max: boolean; args: IR[] }
  );

export type IRKind = IR["kind"];
export type IROf<K extends IRKind> = Extract<IR, { kind: K }>;

/** Base type of a resolved node (units are tracked by the checker). */
export function kindOf(ir: IR): Ty["type"] {
  switch (ir.kind) {
    case "num":
    case "numVar":
    case "arith":
    case "neg":
    case "scale":
    case "dateDiff":
      return "number";
    case "dateConst":
    case "dateVar":
    case "dateShift":
    case "dateExtreme":
      return "date";
    case "catVar":
      return "category";
    case "ref":
      return kindOf(ir.operand);
    case "call":
      return ir.ret.type;
    case "coalesce":
    case "ifThen":
    case "lookup":
      return ir.ty.type;
    default:
      return "boolean";
  }
}
