/** Constant folding of logic: parameters are constants, so `and`/`or` often simplify. */
import { TRUE, FALSE, UNKNOWN } from "../types.ts";
import type { Span } from "./ast.ts";
import type { IR } from "./ir.ts";
import { NOT } from "./truth.ts";

export function foldNot(x: IR, at: Span): IR {
  if (x.k === "boolConst") return { k: "boolConst", v: NOT[x.v] as 0 | 1 | 2, at };
  if (x.k === "not") return x.x;
  return { k: "not", x, at };
}

/** Flattens nested and/or and drops constants that cannot change the result. */
export function foldLogic(op: "and" | "or", l: IR, r: IR, at: Span): IR {
  const absorbing = op === "and" ? FALSE : TRUE;
  const neutral = op === "and" ? TRUE : FALSE;
  const items: IR[] = [];
  let sawUnknown = false;
  for (const x of [l, r]) {
    for (const y of x.k === op ? x.items : [x]) {
      if (y.k === "boolConst") {
        if (y.v === absorbing) return { k: "boolConst", v: absorbing, at };
        if (y.v === UNKNOWN) sawUnknown = true;
        if (y.v !== neutral) continue;
        continue;
      }
      items.push(y);
    }
  }
  if (sawUnknown) items.push({ k: "boolConst", v: UNKNOWN, at });
  if (items.length === 0) return { k: "boolConst", v: neutral, at };
  if (items.length === 1) return items[0]!;
  return { k: op, items, at };
}
