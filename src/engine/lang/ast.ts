/**
 * Syntax tree of the criteria language: a union discriminated on `kind`; every node keeps
 * its source span (offset, length) for error messages.
 */

export interface Span {
  offset: number;
  length: number;
}

export type CompareOp = "<" | "<=" | ">" | ">=" | "=" | "!=";
/** The operator with its sides swapped: `a < b` is `b > a`. */
export const FLIP: Readonly<Record<CompareOp, CompareOp>> = {
  "<": ">",
  "<=": ">=",
  ">": "<",
  ">=": "<=",
  "=": "=",
  "!=": "!=",
};
export type ArithOp = "+" | "-" | "*" | "/" | "^";

export type Node =
  | ({ kind: "number"; value: number; unit?: string; unitSpan?: Span } & Span)
  | ({ kind: "string"; value: string } & Span)
  | ({ kind: "boolean"; value: boolean } & Span)
  | ({ kind: "date"; text: string } & Span)
  | ({ kind: "ident"; name: string } & Span)
  | ({ kind: "call"; name: string; nameSpan: Span; args: Node[] } & Span)
  | ({ kind: "neg"; operand: Node } & Span)
  | ({ kind: "not"; operand: Node } & Span)
  | ({ kind: "arith"; op: ArithOp; left: Node; right: Node } & Span)
  | ({ kind: "compare"; op: CompareOp; left: Node; right: Node } & Span)
  | ({ kind: "logic"; op: "and" | "or"; left: Node; right: Node } & Span)
  | ({ kind: "between"; operand: Node; low: Node; high: Node; negated: boolean } & Span)
  | ({ kind: "in"; operand: Node; items: Node[]; negated: boolean } & Span)
  | ({ kind: "is"; operand: Node; test: "missing" | "present" } & Span)
  | ({
      kind: "within";
      operand: Node;
      amount: Node;
      /** a unit word written after a non-literal amount: `within window months before` */
      unit?: string;
      direction: "before" | "after" | "of";
      anchor: Node;
    } & Span)
  | ({ kind: "error" } & Span);

export type NodeKind = Node["kind"];
export type NodeOf<K extends NodeKind> = Extract<Node, { kind: K }>;
