/** Checks of function calls against registry signatures (arity, types, unit conversion). */
import type { ArgType } from "../functions/types.ts";
import { getFunction } from "../functions/registry.ts";
import type { NodeOf, Span } from "./ast.ts";
import type { Checker, Typed } from "./check.ts";
import { article } from "./type-words.ts";
import type { IR, Ty } from "./ir.ts";
import { checkAnyOf } from "./check-any-of.ts";
import { scaled, unify } from "./check-ops.ts";
import { checkLookup } from "./check-lookup.ts";
import { canonUnit, unitFactor, whyIncompatible } from "./units-check.ts";

const GENERIC = new Set(["coalesce", "min", "max", "abs"]);

/** Calls the checker handles itself (not registry kernels), for autocomplete and colouring. */
export const SPECIAL_FUNCTIONS: readonly { name: string; signature: string; doc: string }[] = [
  {
    name: "if",
    signature: "if(condition, then, else)",
    doc: "then where the condition holds, else where not; unknown: both (hull of numbers)",
  },
  {
    name: "lookup",
    signature: "lookup(table, key)",
    doc: "the entry of a protocol table for a category value",
  },
];

export function checkCall(c: Checker, node: NodeOf<"call">, at: Span): Typed | null {
  const name = node.name.toLowerCase();
  if (GENERIC.has(name)) return generic(c, node, name, at);
  if (name === "any_of") return checkAnyOf(c, node, at);
  if (name === "if") return checkIf(c, node, at);
  if (name === "lookup") return checkLookup(c, node, at);
  const spec = c.functionOrError(node);
  const args = node.args.map((a) => (a.kind === "string" ? null : c.check(a)));
  if (!spec) return null;
  const min = spec.params.length + (spec.variadic?.min ?? 0);
  const max = spec.params.length + (spec.variadic ? (spec.variadic.max ?? Infinity) : 0);
  const names = [
    ...spec.params.map((p) => p.name),
    ...(spec.variadic ? [`${spec.variadic.name}…`] : []),
  ].join(", ");
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : args.length < min ? `at least ${min}` : `at most ${max}`;
    return c.error(
      at,
      `${spec.name} takes ${want} argument${min === 1 && max === 1 ? "" : "s"} (${names}), got ${args.length}`,
    );
  }
  const out: IR[] = [];
  let ok = true;
  args.forEach((t, i) => {
    const p = i < spec.params.length ? spec.params[i]! : spec.variadic!;
    const argNode = node.args[i]!;
    if (!t) {
      if (argNode.kind === "string")
        c.error(argNode, `argument '${p.name}' of ${spec.name} cannot be a text value`);
      ok = false;
      return;
    }
    const conv = convertArg(c, t, p, spec.name, argNode);
    if (conv) out.push(conv.ir);
    else ok = false;
  });
  if (!ok) return null;
  const first = args[0]?.ty;
  const r = spec.returns;
  const ret: Ty =
    r.type === "number"
      ? {
          type: "number",
          unit: spec.keepsUnit && first?.type === "number" ? first.unit : canonUnit(r.unit),
          ...(r.molarMass !== undefined ? { molarMass: r.molarMass } : {}),
        }
      : { type: r.type };
  return { ir: { kind: "call", spec, args: out, ret, at }, ty: ret };
}

function convertArg(
  c: Checker,
  t: Typed,
  p: ArgType & { name: string },
  fn: string,
  at: Span,
): Typed | null {
  if (t.ty.type !== p.type) {
    return c.error(
      at,
      `argument '${p.name}' of ${fn} must be ${p.type === "boolean" ? "a condition" : `a ${p.type}`}, but this is ${article(t.ty)}`,
    );
  }
  if (p.type !== "number" || t.ty.type !== "number") return t;
  const want = canonUnit(p.unit);
  const have = t.ty.unit;
  if (p.plain && have !== null)
    return c.error(
      at,
      `argument '${p.name}' of ${fn} must be a plain number, but this is a number in ${have}: divide it by a value in ${have} first, e.g. ${fn}(x / 1 ${have})`,
    );
  if (want === null || have === null || want === have) return t;
  const f = unitFactor(have, want, t.ty.molarMass ?? p.molarMass);
  if (f === null)
    return c.error(
      at,
      `argument '${p.name}' of ${fn} needs ${want}; cannot convert ${have}${whyIncompatible(have, want)}`,
    );
  return scaled(t, f, want, at);
}

function generic(c: Checker, node: NodeOf<"call">, name: string, at: Span): Typed | null {
  const args = node.args.map((a) => c.check(a));
  if (args.some((a) => !a)) return null;
  const ts = args as Typed[];
  const arity = name === "abs" ? 1 : 0;
  if (ts.length === 0 || (arity === 1 && ts.length !== 1)) {
    return c.error(
      at,
      name === "abs"
        ? "abs takes 1 argument (x), got " + ts.length
        : `${name} takes at least 1 argument, got 0`,
    );
  }
  const first = ts[0]!;
  const type = first.ty.type;
  for (const t of ts) {
    if (t.ty.type !== type)
      return c.error(
        t.ir.at,
        `all arguments of ${name} must be of one type: ${article(first.ty)} and ${article(t.ty)}`,
      );
  }
  if (name !== "coalesce" && type !== "number" && !(type === "date" && name !== "abs")) {
    return c.error(
      first.ir.at,
      `${name} needs numbers${name === "abs" ? "" : " or dates"}, but this is ${article(first.ty)}`,
    );
  }
  let unified = ts;
  let ty: Ty = first.ty;
  if (type === "number") {
    // one target unit: the first non-constant argument's, so columns are not rescaled
    const unitOf = (t: Typed) => (t.ty as { unit: string | null }).unit;
    const pick =
      ts.find((t) => t.ir.kind !== "num" && unitOf(t) !== null) ??
      ts.find((t) => unitOf(t) !== null);
    const unit = pick ? unitOf(pick) : null;
    unified = [];
    for (const t of ts) {
      const u = unit === null || unitOf(t) === null ? t : toUnit(c, t, unit, name);
      if (!u) return null;
      unified.push(u);
    }
    ty = { type: "number", unit };
  } else if (type === "category") {
    const values = new Set<string>();
    let all = true;
    for (const t of ts) {
      if (t.ty.type === "category" && t.ty.values) t.ty.values.forEach((v) => values.add(v));
      else all = false;
    }
    ty = all ? { type: "category", values: [...values] } : { type: "category" };
  }
  const irs = unified.map((t) => t.ir);
  if (name === "coalesce") return { ir: { kind: "coalesce", args: irs, ty, at }, ty };
  if (type === "date")
    return { ir: { kind: "dateExtreme", max: name === "max", args: irs, at }, ty };
  const spec = getFunction(name)!;
  return { ir: { kind: "call", spec, args: irs, ret: ty, at }, ty };
}

function toUnit(c: Checker, t: Typed, unit: string, fn: string): Typed | null {
  const have = (t.ty as { unit: string }).unit;
  const f = unitFactor(have, unit, (t.ty as { molarMass?: number }).molarMass);
  if (f === null)
    return c.error(
      t.ir.at,
      `cannot combine ${have} with ${unit} in ${fn}${whyIncompatible(have, unit)}`,
    );
  return scaled(t, f, unit, t.ir.at);
}

/**
 * `if(condition, then, else)`: both branches of one type (numbers brought to one unit). Where
 * the condition is unknown a number is the hull of both branches and a condition or date is
 * decided only when both branches agree.
 */
function checkIf(c: Checker, node: NodeOf<"call">, at: Span): Typed | null {
  if (node.args.length !== 3)
    return c.error(at, `if takes 3 arguments (condition, then, else), got ${node.args.length}`);
  const [cond, a, b] = node.args.map((x) => (x.kind === "string" ? null : c.check(x)));
  node.args.forEach((x) => {
    if (x.kind === "string") c.error(x, "the branches of if cannot be text values");
  });
  if (!cond || !a || !b) return null;
  if (cond.ty.type !== "boolean")
    return c.error(
      cond.ir.at,
      `the first argument of if must be a condition, but this is ${article(cond.ty)}`,
    );
  if (a.ty.type !== b.ty.type)
    return c.error(
      at,
      `both branches of if must be of one type: ${article(a.ty)} and ${article(b.ty)}`,
    );
  if (a.ty.type === "category")
    return c.error(at, "if chooses between numbers, dates or conditions, not categories");
  let A = a;
  let B = b;
  let ty: Ty = a.ty;
  if (a.ty.type === "number") {
    const u = unify(c, a, b, "choose between", at);
    if (!u) return null;
    [A, B] = u;
    ty = { type: "number", unit: u[2] };
  }
  if (cond.ir.kind === "boolConst" && cond.ir.value !== 2)
    return { ir: (cond.ir.value === 1 ? A : B).ir, ty };
  return { ir: { kind: "ifThen", cond: cond.ir, then: A.ir, else: B.ir, ty, at }, ty };
}
