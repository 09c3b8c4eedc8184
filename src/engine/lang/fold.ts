/** Constant folding of logic: parameters are constants, so `and`/`or` often simplify. */
import { TRUE, FALSE, UNKNOWN } from "../types.ts";
import type { Span } from "./ast.ts";
import type { IR } from "./ir.ts";
import { NOT } from "./truth.ts";

export function foldNot(x: IR, at: Span): IR {
  if (x.kind === "boolConst") return { kind: "boolConst", value: NOT[x.value] as 0 | 1 | 2, at };
  if (x.kind === "not") return x.operand;
  return { kind: "not", operand: x, at };
}

/** Flattens nested and/or and drops constants that cannot change the result. */
export function foldLogic(op: "and" | "or", l: IR, r: IR, at: Span): IR {
  const absorbing = op === "and" ? FALSE : TRUE;
  const neutral = op === "and" ? TRUE : FALSE;
  const items: IR[] = [];
  let sawUnknown = false;
  for (const x of [l, r]) {
    for (const y of x.kind === op ? x.items : [x]) {
      if (y.kind === "boolConst") {
        if (y.value === absorbing) return { kind: "boolConst", value: absorbing, at };
        if (y.value === UNKNOWN) sawUnknown = true;
        if (y.value !== neutral) continue;
        continue;
      }
      items.push(y);
    }
  }
  if (sawUnknown) items.push({ kind: "boolConst", value: UNKNOWN, at });
  if (items.length === 0) return { kind: "boolConst", value: neutral, at };
  if (items.length === 1) return items[0]!;
  return { kind: op, items, at };
}
