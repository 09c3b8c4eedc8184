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
    | { k: "num"; lo: number; hi: number; unit: string | null; param?: string }
    | { k: "dateConst"; days: number; param?: string }
    | { k: "boolConst"; v: Truth; param?: string }
    | { k: "numVar"; name: string; unit: string | null }
    | { k: "dateVar"; name: string }
    | { k: "boolVar"; name: string }
    | { k: "catVar"; name: string }
    | { k: "ref"; name: string; x: IR }
    | { k: "scale"; factor: number; x: IR }
    | { k: "arith"; op: "+" | "-" | "*" | "/" | "^"; l: IR; r: IR }
    /** three-valued choice: `if(c, a, b)`; an unknown condition gives the hull of both */
    | { k: "ifThen"; c: IR; a: IR; b: IR; ty: Ty }
    /** a protocol table read by a category key: `lookup(drug_class, drug)` */
    | {
        k: "lookup";
        table: string;
        key: IR;
        entries: ReadonlyMap<string, number | string | boolean>;
        /** the value of a recorded key without an entry (absent: unknown) */
        fallback?: number | boolean;
        ty: Ty;
      }
    | { k: "neg"; x: IR }
    | { k: "cmp"; op: CompareOp; l: IR; r: IR }
    | { k: "cmpDate"; op: CompareOp; l: IR; r: IR }
    | { k: "boolEq"; negated: boolean; l: IR; r: IR }
    /** category membership: `x = 'a'`, `x in ('a', 'b')`; `known` are the declared values */
    | { k: "catIn"; x: IR; values: string[]; known?: string[]; negated: boolean; shown?: string[] }
    | { k: "catEq"; negated: boolean; l: IR; r: IR }
    | { k: "and" | "or"; items: IR[] }
    | { k: "not"; x: IR }
    | { k: "missing"; x: IR; present: boolean }
    /** date ± amount; amount in days, or in months when `calendar` is set */
    | { k: "dateShift"; date: IR; amount: IR; calendar: Calendar; sign: 1 | -1 }
    | { k: "dateDiff"; l: IR; r: IR }
    | {
        k: "window";
        x: IR;
        amount: IR;
        calendar: Calendar;
        dir: "before" | "after" | "of";
        anchor: IR;
      }
    | { k: "call"; spec: FunctionSpec; args: IR[]; ret: Ty }
    | { k: "coalesce"; args: IR[]; ty: Ty }
    | { k: "dateExtreme"; max: boolean; args: IR[] }
  );

export type IRKind = IR["k"];
export type IROf<K extends IRKind> = Extract<IR, { k: K }>;

/** Base type of a resolved node (units are tracked by the checker). */
export function kindOf(ir: IR): Ty["type"] {
  switch (ir.k) {
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
      return kindOf(ir.x);
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
