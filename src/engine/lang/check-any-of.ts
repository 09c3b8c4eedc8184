/**
 * Checks `any_of(cell, 'drug', …)`: a category variable (a multi-valued cell) and one or more
 * text values, each a drug or class the vocabulary knows (src/engine/functions/drugs.ts).
 * The list becomes part of the call's kernel.
 */
import { anyOfSpec } from "../functions/any-of.ts";
import { drugKey, drugNames } from "../functions/drugs.ts";
import { closest, didYouMean } from "../suggest.ts";
import type { NodeOf, Span } from "./ast.ts";
import type { Checker, Typed } from "./check.ts";
import { article } from "./type-words.ts";

export function checkAnyOf(c: Checker, node: NodeOf<"call">, at: Span): Typed | null {
  const [first, ...rest] = node.args;
  if (!first || rest.length === 0)
    return c.error(at, "any_of takes a cell and at least one drug name: any_of(cell, 'drug', …)");
  const cell = first.kind === "string" ? null : c.check(first);
  if (first.kind === "string")
    c.error(first, "the first argument of any_of is a column, not a text");
  else if (cell && cell.ty.type !== "category")
    c.error(
      first,
      `the first argument of any_of must be a category, but this is ${article(cell.ty)}`,
    );
  const wanted: string[] = [];
  let ok = !!cell && cell.ty.type === "category";
  for (const a of rest) {
    if (a.kind !== "string") {
      c.error(a, "the drugs of any_of are written as text: 'tacrolimus'");
      ok = false;
      continue;
    }
    const name = drugKey(a.value);
    if (name === undefined) {
      c.error(
        a,
        `'${a.value}' is not a drug or class any_of knows${didYouMean(closest(a.value, drugNames(), 1))}`,
      );
      ok = false;
    } else if (!wanted.includes(name)) wanted.push(name);
  }
  if (!ok || !cell) return null;
  const spec = anyOfSpec(wanted);
  return {
    ir: { kind: "call", spec, args: [cell.ir], ret: { type: "boolean" }, at },
    ty: { type: "boolean" },
  };
}
