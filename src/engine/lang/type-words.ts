import type { Ty } from "./ir.ts";

/** "a number in g/g", "a date", ... for messages. */
export function article(ty: Ty): string {
  if (ty.type === "number") return ty.unit ? `a number in ${ty.unit}` : "a number";
  return ty.type === "date" ? "a date" : ty.type === "boolean" ? "a condition" : "a category";
}
