/** Checks of operators: arithmetic, comparisons, between, in, windows (types and units). */
import { FLIP, type CompareOp, type NodeOf, type Span } from "./ast.ts";
import type { Checker, Typed } from "./check.ts";
import { article } from "./type-words.ts";
import { closest, didYouMean } from "../suggest.ts";
import { shiftDays } from "../calendar.ts";
import { foldLogic, foldNot } from "./fold.ts";
import type { Calendar, IR, Ty } from "./ir.ts";
import { compareIntervals, divInterval, mulInterval } from "./truth.ts";
import { combineUnits, timeUnit, tidy, unitFactor, whyIncompatible } from "./units-check.ts";
import { powInterval } from "./interval-math.ts";

type NumTy = Extract<Ty, { type: "number" }>;
const num = (t: Typed) => t.ty as NumTy;
const isConst = (t: Typed) => t.ir.kind === "num";

/** Multiplies a number by a positive factor (folded for constants). */
export function scaled(t: Typed, factor: number, unit: string | null, at: Span): Typed {
  const mm = num(t).molarMass;
  const ty: Ty =
    mm !== undefined ? { type: "number", unit, molarMass: mm } : { type: "number", unit };
  if (factor === 1) return { ir: t.ir, ty };
  if (t.ir.kind === "num") {
    const { param } = t.ir;
    const ir: IR = {
      kind: "num",
      lo: tidy(t.ir.lo * factor),
      hi: tidy(t.ir.hi * factor),
      unit,
      at: t.ir.at,
    };
    if (param !== undefined) ir.param = param;
    return { ir, ty };
  }
  return { ir: { kind: "scale", factor, operand: t.ir, at }, ty };
}

/** Brings two numbers to one unit (a plain number takes the other's unit); null after an error. */
export function unify(
  c: Checker,
  l: Typed,
  r: Typed,
  verb: string,
  at: Span,
): [Typed, Typed, string | null] | null {
  const lu = num(l).unit;
  const ru = num(r).unit;
  if (lu === null || ru === null || lu === ru) return [l, r, lu ?? ru];
  const mm = num(l).molarMass ?? num(r).molarMass;
  if (isConst(l) && !isConst(r)) {
    const f = unitFactor(lu, ru, mm);
    if (f !== null) return [scaled(l, f, ru, at), r, ru];
  } else {
    const f = unitFactor(ru, lu, mm);
    if (f !== null) return [l, scaled(r, f, lu, at), lu];
  }
  return c.error(at, `cannot ${verb} ${lu} with ${ru}${whyIncompatible(lu, ru)}`) as null;
}

export function checkArith(c: Checker, node: NodeOf<"arith">, at: Span): Typed | null {
  const l = c.check(node.left);
  const r = c.check(node.right);
  if (!l || !r) return null;
  const lt = l.ty.type;
  const rt = r.ty.type;
  if (lt === "date" || rt === "date") return dateArith(c, node, l, r, at);
  if (lt !== "number" || rt !== "number") {
    const bad = lt !== "number" ? l : r;
    return c.error(bad.ir.at, `'${node.op}' needs numbers, but this is ${article(bad.ty)}`);
  }
  if (node.op === "^") return checkPower(c, l, r, at);
  let unit: string | null;
  let L = l;
  let R = r;
  if (node.op === "+" || node.op === "-") {
    const u = unify(c, l, r, node.op === "+" ? "add" : "subtract", at);
    if (!u) return null;
    [L, R, unit] = u;
  } else if (node.op === "/" && num(l).unit !== null && num(r).unit !== null) {
    const f = unitFactor(num(r).unit!, num(l).unit!, num(l).molarMass ?? num(r).molarMass);
    if (f !== null) {
      R = scaled(r, f, num(l).unit, at);
      unit = null;
    } else unit = combineUnits("/", num(l).unit, num(r).unit);
  } else unit = combineUnits(node.op, num(l).unit, num(r).unit);
  const mm = num(l).molarMass ?? num(r).molarMass;
  const ty: Ty =
    mm !== undefined && unit !== null
      ? { type: "number", unit, molarMass: mm }
      : { type: "number", unit };
  if (L.ir.kind === "num" && R.ir.kind === "num") {
    const out = new Float64Array(2);
    const a = L.ir;
    const b = R.ir;
    if (node.op === "+") out.set([a.lo + b.lo, a.hi + b.hi]);
    else if (node.op === "-") out.set([a.lo - b.hi, a.hi - b.lo]);
    else if (node.op === "*") mulInterval(a.lo, a.hi, b.lo, b.hi, out);
    else divInterval(a.lo, a.hi, b.lo, b.hi, out);
    // folded constants (parameter products such as 1.5 x ULN) are tidied like converted ones,
    // so 1.5 * 1.2 is the threshold 1.8 and not 1.7999999999999998
    return { ir: { kind: "num", lo: tidy(out[0]!), hi: tidy(out[1]!), unit, at }, ty };
  }
  return { ir: { kind: "arith", op: node.op, left: L.ir, right: R.ir, at }, ty };
}

/**
 * `x ^ y`: the exponent is a plain number; a base with a unit gets the opaque unit `(u)^y`
 * (compares only with plain numbers), so equations are written over plain ratios:
 * `(creatinine / 0.7 mg/dL) ^ -0.329`.
 */
function checkPower(c: Checker, l: Typed, r: Typed, at: Span): Typed | null {
  const ru = num(r).unit;
  if (ru !== null)
    return c.error(
      r.ir.at,
      `the exponent of '^' must be a plain number, but this is a number in ${ru}`,
    );
  const lu = num(l).unit;
  let unit: string | null = null;
  if (lu !== null) {
    if (r.ir.kind !== "num" || r.ir.lo !== r.ir.hi)
      return c.error(
        l.ir.at,
        `a number in ${lu} can only be raised to a fixed power: divide it by a value in ${lu} first, e.g. (x / 1 ${lu}) ^ y`,
      );
    unit = r.ir.lo === 1 ? lu : `(${lu})^${r.ir.lo}`;
  }
  const ty: Ty = { type: "number", unit };
  if (l.ir.kind === "num" && r.ir.kind === "num") {
    const out = new Float64Array(2);
    powInterval(l.ir.lo, l.ir.hi, r.ir.lo, r.ir.hi, out);
    return { ir: { kind: "num", lo: out[0]!, hi: out[1]!, unit, at }, ty };
  }
  return { ir: { kind: "arith", op: "^", left: l.ir, right: r.ir, at }, ty };
}

/** The amount of a window or date shift, as days or calendar months. */
function timeAmount(
  c: Checker,
  t: Typed,
  unitWord: string | undefined,
  at: Span,
): { amount: IR; calendar: Calendar } | null {
  if (t.ty.type !== "number")
    return c.error(
      t.ir.at,
      `a time span is needed here (like '12 months'), but this is ${article(t.ty)}`,
    );
  let unit = num(t).unit;
  if (unitWord !== undefined) {
    if (unit !== null)
      return c.error(at, `the amount already has a unit (${unit}); remove '${unitWord}'`);
    unit = unitWord;
  }
  if (unit === null)
    return c.error(t.ir.at, "give the time span a unit, e.g. '7 days' or '12 months'");
  const tu = timeUnit(unit);
  if (!tu) return c.error(t.ir.at, `a time span is needed here, but this is a number in ${unit}`);
  if ("months" in tu) return { amount: scaled(t, tu.months, "months", at).ir, calendar: "month" };
  return { amount: scaled(t, tu.days, "days", at).ir, calendar: null };
}

function dateArith(c: Checker, node: NodeOf<"arith">, l: Typed, r: Typed, at: Span): Typed | null {
  const lt = l.ty.type;
  const rt = r.ty.type;
  if (node.op === "-" && lt === "date" && rt === "date") {
    return {
      ir: { kind: "dateDiff", left: l.ir, right: r.ir, at },
      ty: { type: "number", unit: "days" },
    };
  }
  if ((node.op === "+" || node.op === "-") && lt === "date" && rt === "number") {
    const a = timeAmount(c, r, undefined, at);
    if (!a) return null;
    return {
      ir: shift(l.ir, a.amount, a.calendar, node.op === "+" ? 1 : -1, at),
      ty: { type: "date" },
    };
  }
  if (node.op === "+" && lt === "number" && rt === "date") {
    const a = timeAmount(c, l, undefined, at);
    if (!a) return null;
    return { ir: shift(r.ir, a.amount, a.calendar, 1, at), ty: { type: "date" } };
  }
  return c.error(
    at,
    `cannot ${verbOf(node.op)} ${article(l.ty)} and ${article(r.ty)}: dates take '+ 7 days', '- 6 months' or 'date - date'`,
  );
}

const verbOf = (op: string) =>
  ({ "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "^": "raise" })[op] ?? op;

function shift(date: IR, amount: IR, calendar: Calendar, sign: 1 | -1, at: Span): IR {
  if (date.kind === "dateConst" && amount.kind === "num") {
    const n = amount.lo === amount.hi ? amount.lo * sign : NaN;
    return { kind: "dateConst", days: shiftDays(date.days, n, calendar), at };
  }
  return { kind: "dateShift", date, amount, calendar, sign, at };
}

export function checkCompare(c: Checker, node: NodeOf<"compare">, at: Span): Typed | null {
  const op = node.op;
  if (node.left.kind === "string" || node.right.kind === "string") {
    const [strNode, other] =
      node.left.kind === "string" ? [node.left, node.right] : [node.right, node.left];
    const x = c.check(other);
    if (!x) return null;
    if (x.ty.type !== "category") {
      const hint =
        x.ty.type === "date"
          ? ": write dates as date 'YYYY-MM-DD'"
          : x.ty.type === "boolean"
            ? ": use the condition itself (flag, not flag) or compare with true / false"
            : "";
      return c.error(
        strNode,
        `cannot compare ${article(x.ty)} with the text '${strNode.kind === "string" ? strNode.value : ""}'${hint}`,
      );
    }
    if (op !== "=" && op !== "!=") {
      if (x.ty.order && strNode.kind === "string") {
        const flipped = strNode === node.left ? FLIP[op] : op;
        return ordinal(c, x, flipped, [strNode.value, strNode], null, at);
      }
      return c.error(
        at,
        `categories compare only with =, != or in, not '${op}' (unless the variable declares an "order")`,
      );
    }
    return category(c, x, [strNode], op === "!=", at);
  }
  const l = c.check(node.left);
  const r = c.check(node.right);
  if (!l || !r) return null;
  // an ordered category against a plain number literal: `ecog <= 1`
  for (const [cat, lit, o] of [
    [l, node.right, op],
    [r, node.left, FLIP[op]],
  ] as const) {
    if (cat.ty.type === "category" && cat.ty.order && lit.kind === "number" && !lit.unit)
      return ordinal(c, cat, o, [String(lit.value), lit], null, at);
  }
  return compareTyped(c, op, l, r, at);
}

/** An order value named by a text or number literal: its index, or null after an error. */
function orderIndex(
  c: Checker,
  x: Typed,
  order: readonly string[],
  text: string,
  at: Span,
): number | null {
  const want = text.trim().toLowerCase();
  const k = order.findIndex((v) => v.trim().toLowerCase() === want);
  if (k >= 0) return k;
  const name = x.ir.kind === "catVar" || x.ir.kind === "ref" ? ` of ${x.ir.name}` : "";
  c.error(
    at,
    `'${text}' is not a value${name} (in order: ${order.join(" < ")})${didYouMean(closest(text, order, 2))}`,
  );
  return null;
}

/**
 * `x op v` (or `x between lo and hi`, with `upper`) on an ordered category, as membership in
 * the values on the right side of the order. A recorded value outside the order is unknown.
 */
function ordinal(
  c: Checker,
  x: Typed,
  op: CompareOp,
  lit: readonly [string, Span],
  upper: readonly [string, Span] | null,
  at: Span,
): Typed | null {
  const order = (x.ty as { order: readonly string[] }).order;
  const k = orderIndex(c, x, order, lit[0], lit[1]);
  const k2 = upper ? orderIndex(c, x, order, upper[0], upper[1]) : null;
  if (k === null || (upper && k2 === null)) return null;
  const keep = (j: number): boolean => {
    if (k2 !== null) return j >= k && j <= k2;
    switch (op) {
      case "<":
        return j < k;
      case "<=":
        return j <= k;
      case ">":
        return j > k;
      case ">=":
        return j >= k;
      case "=":
        return j === k;
      case "!=":
        return j !== k;
    }
  };
  const chosen = order.filter((_, j) => keep(j));
  const ir: IR = {
    kind: "catIn",
    operand: x.ir,
    values: chosen.map((v) => v.trim().toLowerCase()),
    known: order.map((v) => v.trim().toLowerCase()),
    negated: false,
    shown: chosen,
    at,
  };
  return { ir, ty: { type: "boolean" } };
}

function compareTyped(c: Checker, op: CompareOp, l: Typed, r: Typed, at: Span): Typed | null {
  const B: Ty = { type: "boolean" };
  const lt = l.ty.type;
  const rt = r.ty.type;
  if (lt === "number" && rt === "number") {
    const u = unify(c, l, r, "compare", at);
    if (!u) return null;
    const [L, R] = u;
    if (L.ir.kind === "num" && R.ir.kind === "num") {
      return {
        ir: {
          kind: "boolConst",
          value: compareIntervals(op, L.ir.lo, L.ir.hi, R.ir.lo, R.ir.hi),
          at,
        },
        ty: B,
      };
    }
    return { ir: { kind: "cmp", op, left: L.ir, right: R.ir, at }, ty: B };
  }
  if (lt === "date" && rt === "date") {
    if (l.ir.kind === "dateConst" && r.ir.kind === "dateConst") {
      return {
        ir: {
          kind: "boolConst",
          value: compareIntervals(op, l.ir.days, l.ir.days, r.ir.days, r.ir.days),
          at,
        },
        ty: B,
      };
    }
    return { ir: { kind: "cmpDate", op, left: l.ir, right: r.ir, at }, ty: B };
  }
  if (lt === rt && (lt === "boolean" || lt === "category")) {
    if (op !== "=" && op !== "!=")
      return c.error(
        at,
        `${lt === "boolean" ? "conditions" : "categories"} compare only with = or !=, not '${op}'`,
      );
    return {
      ir: {
        kind: lt === "boolean" ? "boolEq" : "catEq",
        negated: op === "!=",
        left: l.ir,
        right: r.ir,
        at,
      },
      ty: B,
    };
  }
  const quote =
    (lt === "category" && r.ir.kind === "num") || (rt === "category" && l.ir.kind === "num");
  const hint = quote ? ": category values are written in quotes, like '3'" : "";
  return c.error(at, `cannot compare ${article(l.ty)} with ${article(r.ty)}${hint}`);
}

/** `x = 'a'` / `x in ('a', 'b')` against a category; literals must be declared values. */
function category(
  c: Checker,
  x: Typed,
  items: NodeOf<"string">[] | readonly { kind: string }[],
  negated: boolean,
  at: Span,
): Typed | null {
  const known = x.ty.type === "category" ? x.ty.values : undefined;
  const lower = known?.map((v) => v.trim().toLowerCase());
  const values: string[] = [];
  let ok = true;
  for (const it of items as NodeOf<"string">[]) {
    if (it.kind !== "string") {
      c.error(it, "a category is compared with quoted values, like 'III'");
      ok = false;
      continue;
    }
    const v = it.value.trim().toLowerCase();
    if (lower && !lower.includes(v)) {
      const name = x.ir.kind === "catVar" || x.ir.kind === "ref" ? ` of ${x.ir.name}` : "";
      c.error(it, `'${it.value}' is not a value${name}${didYouMean(closest(it.value, known!, 2))}`);
      ok = false;
    }
    values.push(v);
  }
  if (!ok) return null;
  const shown = (items as NodeOf<"string">[]).map((it) => it.value);
  const ir: IR = { kind: "catIn", operand: x.ir, values, negated, shown, at };
  if (lower) ir.known = lower;
  return { ir, ty: { type: "boolean" } };
}

export function checkBetween(c: Checker, node: NodeOf<"between">, at: Span): Typed | null {
  const x = c.check(node.operand);
  if (x?.ty.type === "category" && x.ty.order) {
    const lit = (n: typeof node.low): [string, Span] | null =>
      n.kind === "string"
        ? [n.value, n]
        : n.kind === "number" && !n.unit
          ? [String(n.value), n]
          : null;
    const lo = lit(node.low);
    const hi = lit(node.high);
    if (!lo || !hi)
      return c.error(
        at,
        "the bounds of 'between' on an ordered category are values, like 'II' and 'III'",
      );
    const r = ordinal(c, x, "<=", lo, hi, at);
    return r && node.negated ? { ir: foldNot(r.ir, at), ty: r.ty } : r;
  }
  const lo = c.check(node.low);
  const hi = c.check(node.high);
  if (!x || !lo || !hi) return null;
  if (x.ty.type !== "number" && x.ty.type !== "date")
    return c.error(
      node.operand,
      `'between' needs a number or a date, but this is ${article(x.ty)}`,
    );
  const a = compareTyped(c, ">=", x, lo, at);
  const b = compareTyped(c, "<=", x, hi, at);
  if (!a || !b) return null;
  const both = foldLogic("and", a.ir, b.ir, at);
  return { ir: node.negated ? foldNot(both, at) : both, ty: { type: "boolean" } };
}

export function checkIn(c: Checker, node: NodeOf<"in">, at: Span): Typed | null {
  const x = c.check(node.operand);
  if (!x) return null;
  if (x.ty.type === "category") return category(c, x, node.items, node.negated, at);
  let acc: IR | null = null;
  for (const it of node.items) {
    const t = c.check(it);
    if (!t) return null;
    const eq = compareTyped(c, "=", x, t, it);
    if (!eq) return null;
    acc = acc ? foldLogic("or", acc, eq.ir, at) : eq.ir;
  }
  return { ir: node.negated ? foldNot(acc!, at) : acc!, ty: { type: "boolean" } };
}

export function checkWithin(c: Checker, node: NodeOf<"within">, at: Span): Typed | null {
  const x = c.check(node.operand);
  const amount = c.check(node.amount);
  const anchor = c.check(node.anchor);
  if (!x || !amount || !anchor) return null;
  if (x.ty.type !== "date")
    return c.error(node.operand, `'within' needs a date on the left, but this is ${article(x.ty)}`);
  if (anchor.ty.type !== "date")
    return c.error(
      node.anchor,
      `'within … ${node.direction}' needs a date, but this is ${article(anchor.ty)}`,
    );
  const a = timeAmount(c, amount, node.unit, {
    offset: node.amount.offset,
    length: node.amount.length,
  });
  if (!a) return null;
  return {
    ir: {
      kind: "window",
      operand: x.ir,
      amount: a.amount,
      calendar: a.calendar,
      dir: node.direction,
      anchor: anchor.ir,
      at,
    },
    ty: { type: "boolean" },
  };
}
