import { describe, expect, it } from "vitest";
import type { Node } from "../../../src/engine/lang/ast.ts";
import { parse } from "../../../src/engine/lang/parse.ts";

/** Compact S-expression of a tree, to compare shapes. */
function sx(n: Node): string {
  switch (n.kind) {
    case "number":
      return n.unit ? `${n.value}${n.unit}` : String(n.value);
    case "string":
      return `'${n.value}'`;
    case "boolean":
      return String(n.value);
    case "date":
      return `date'${n.text}'`;
    case "ident":
      return n.name;
    case "call":
      return `${n.name}(${n.args.map(sx).join(" ")})`;
    case "neg":
      return `(- ${sx(n.operand)})`;
    case "not":
      return `(not ${sx(n.operand)})`;
    case "arith":
    case "compare":
    case "logic":
      return `(${n.op} ${sx(n.left)} ${sx(n.right)})`;
    case "between":
      return `(${n.negated ? "not-" : ""}between ${sx(n.operand)} ${sx(n.low)} ${sx(n.high)})`;
    case "in":
      return `(${n.negated ? "not-" : ""}in ${sx(n.operand)} ${n.items.map(sx).join(" ")})`;
    case "is":
      return `(is-${n.test} ${sx(n.operand)})`;
    case "within":
      return `(within-${n.direction} ${sx(n.operand)} ${sx(n.amount)}${n.unit ? n.unit : ""} ${sx(n.anchor)})`;
    case "error":
      return "?";
  }
}

const tree = (src: string) => {
  const r = parse(src);
  expect(r.problems).toEqual([]);
  return sx(r.ast!);
};

describe("parse", () => {
  it.each([
    ["a or b and c", "(or a (and b c))"],
    ["not a and b", "(and (not a) b)"],
    ["not x > 1", "(not (> x 1))"],
    ["a + b * c - d", "(- (+ a (* b c)) d)"],
    ["-x * 2", "(* (- x) 2)"],
    ["(a or b) and c", "(and (or a b) c)"],
    ["x between 1 and 2 and y", "(and (between x 1 2) y)"],
    ["x not between lo and hi", "(not-between x lo hi)"],
    ["c in ('III', 'IV')", "(in c 'III' 'IV')"],
    ["c not in ('V')", "(not-in c 'V')"],
    ["x is missing", "(is-missing x)"],
    ["x is not missing", "(is-present x)"],
    ["x is present", "(is-present x)"],
    ["x is not present", "(is-missing x)"],
    ["d within 12 months before s", "(within-before d 12months s)"],
    ["d within w months after s + 1 days", "(within-after d wmonths (+ s 1days))"],
    ["d within 7 days of date '2024-01-31'", "(within-of d 7days date'2024-01-31')"],
    ["at_least(2, a, b = 'A', x >= 1)", "at_least(2 a (= b 'A') (>= x 1))"],
    ["f()", "f()"],
    ["A AND NOT B", "(and A (not B))"],
    ["x >= 1.0 g/g or y >= 1 g/24h", "(or (>= x 1g/g) (>= y 1g/24h))"],
    ["flag = true", "(= flag true)"],
  ])("parses %s", (src, want) => {
    expect(tree(src)).toBe(want);
  });

  it("records source spans", () => {
    const ast = parse("age >= 18 and upcr >= 1 g/g").ast!;
    expect(ast.kind).toBe("logic");
    if (ast.kind !== "logic") return;
    expect([ast.left.offset, ast.left.length]).toEqual([0, 9]);
    expect([ast.right.offset, ast.right.length]).toEqual([14, 13]);
  });

  it.each([
    ["at_least(2, a, b", "expected ')' after arguments of at_least, found end of rule", 16],
    ["x between 1 2", "expected 'and' between the bounds of 'between', found '2'", 12],
    ["x in 'a'", "expected '(' after 'in', found string 'a'", 5],
    ["x is empty", "expected 'missing' or 'present' after 'is', found 'empty'", 5],
    ["(a or b", "expected ')' to close the '(', found end of rule", 7],
    ["a b", "unexpected 'b' after a complete expression — missing 'and' or 'or'?", 2],
    ["x >= ", "expected a value, a name or '(' but found end of rule", 5],
    [
      "d within 6 months s",
      "expected 'before', 'after' or 'of' after the time span, found 's'",
      18,
    ],
    ["", "the rule is empty", 0],
  ])("reports %j", (src, message, offset) => {
    const { ast, problems } = parse(src);
    expect(ast).toBeUndefined();
    expect(problems.map((p) => [p.message, p.offset])).toEqual([[message, offset]]);
  });
});
