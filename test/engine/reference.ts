/**
 * Row-at-a-time reference evaluator of the criteria language over the parsed tree, with plain
 * JS values (null = missing) and its own date arithmetic (JS Date), for property tests against
 * the compiled engine. Deliberately simple: no folding, no batches, no typed arrays.
 */
import type { Node } from "../../src/engine/lang/ast.ts";
import { parse } from "../../src/engine/lang/parse.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { convertFactor, lookupUnit } from "../../src/engine/units.ts";
import { getFunction } from "../../src/engine/functions/registry.ts";
import type { AnyVec } from "../../src/engine/functions/types.ts";
import {
  addMonthsRef,
  ageRef,
  and,
  cmpNum,
  isDate,
  isNum,
  not,
  or,
  toDay,
  unitOf,
} from "./lang/reference-values.ts";

import type { Num } from "./lang/reference-values.ts";
export type { Num };
export type Val = Num | number | boolean | string | null | { date: number } | { text: string };
/** One row: variable name -> plain value (numbers as [lo, hi], dates as 'YYYY-MM-DD'). */
export type Row = Record<string, [number, number] | number | string | boolean | null>;

export class Reference {
  private readonly vars;
  private readonly params;
  private readonly derived;
  private readonly trees = new Map<string, Node>();

  constructor(
    readonly protocol: Protocol,
    params: Record<string, number | string | boolean> = {},
  ) {
    this.vars = new Map(protocol.variables.map((v) => [v.name, v]));
    this.params = new Map(
      protocol.parameters.map((p) => [p.name, { def: p, value: params[p.name] ?? p.default }]),
    );
    this.derived = new Map((protocol.derived ?? []).map((d) => [d.name, d.expr]));
  }

  /** Truth of a rule on one row: 1 true, 0 false, 2 unknown. */
  truth(rule: string, row: Row): number {
    const v = this.eval(this.tree(rule), row);
    return v === true ? 1 : v === false ? 0 : 2;
  }

  private tree(src: string): Node {
    let t = this.trees.get(src);
    if (!t) {
      const r = parse(src);
      if (!r.ast || r.problems.length)
        throw new Error(`reference cannot parse ${src}: ${r.problems[0]?.message}`);
      this.trees.set(src, (t = r.ast));
    }
    return t;
  }

  private num(v: Val): Num {
    if (v === null) return { lo: NaN, hi: NaN, unit: null };
    if (!isNum(v)) throw new Error(`not a number: ${JSON.stringify(v)}`);
    return v;
  }
  private bool(v: Val): boolean | null {
    return v === null ? null : (v as boolean);
  }
  private day(v: Val): number | null {
    return v === null
      ? null
      : isDate(v)
        ? v.date
        : (() => {
            throw new Error("not a date");
          })();
  }

  /** Converts b into a's unit (a plain side adopts the other's unit). */
  private align(a: Num, b: Num): [Num, Num] {
    if (a.unit === null || b.unit === null || a.unit === b.unit) return [a, b];
    const f = convertFactor(b.unit, a.unit, a.mm ?? b.mm);
    if (f === null) throw new Error(`reference: ${b.unit} -> ${a.unit}`);
    return [a, { ...b, lo: b.lo * f, hi: b.hi * f, unit: a.unit }];
  }

  private category(name: string): string[] | undefined {
    return this.vars.get(name)?.values?.map((s) => s.trim().toLowerCase());
  }

  eval(n: Node, row: Row): Val {
    switch (n.kind) {
      case "number":
        return { lo: n.value, hi: n.value, unit: unitOf(n.unit) };
      case "string":
        return { text: n.value };
      case "boolean":
        return n.value;
      case "date":
        return { date: toDay(n.text) };
      case "ident":
        return this.ident(n.name, row);
      case "neg": {
        const x = this.num(this.eval(n.operand, row));
        return { ...x, lo: -x.hi, hi: -x.lo };
      }
      case "not":
        return not(this.bool(this.eval(n.operand, row)));
      case "logic": {
        const a = this.bool(this.eval(n.left, row));
        const b = this.bool(this.eval(n.right, row));
        return n.op === "and" ? and(a, b) : or(a, b);
      }
      case "arith":
        return this.arith(n.op, this.eval(n.left, row), this.eval(n.right, row));
      case "compare":
        return this.compare(n.op, n.left, n.right, row);
      case "between": {
        const r = and(
          this.compare(">=", n.operand, n.low, row),
          this.compare("<=", n.operand, n.high, row),
        );
        return n.negated ? not(r) : r;
      }
      case "in": {
        let r: boolean | null = false;
        for (const it of n.items) r = or(r, this.compare("=", n.operand, it, row));
        return n.negated ? not(r) : r;
      }
      case "is": {
        const v = this.eval(n.operand, row);
        const missing = v === null || (isNum(v) && Number.isNaN(v.lo));
        return n.test === "missing" ? missing : !missing;
      }
      case "within":
        return this.within(n, row);
      case "call":
        return this.call(
          n.name,
          n.args.map((a) => this.eval(a, row)),
          n.args,
        );
      case "error":
        throw new Error("error node");
    }
  }

  private ident(name: string, row: Row): Val {
    const v = this.vars.get(name);
    if (v) {
      const x = row[name] ?? null;
      if (x === null)
        return v.type === "number" ? { lo: NaN, hi: NaN, unit: unitOf(v.unit) } : null;
      if (v.type === "number") {
        const [lo, hi] = typeof x === "number" ? [x, x] : (x as [number, number]);
        return { lo, hi, unit: unitOf(v.unit), ...(v.molarMass ? { mm: v.molarMass } : {}) };
      }
      if (v.type === "date") return { date: toDay(String(x)) };
      return x as boolean | string;
    }
    const p = this.params.get(name);
    if (p) {
      if (p.def.type === "number")
        return { lo: Number(p.value), hi: Number(p.value), unit: unitOf(p.def.unit) };
      if (p.def.type === "date") return { date: toDay(String(p.value)) };
      return p.value as boolean;
    }
    const d = this.derived.get(name);
    if (d !== undefined) return this.eval(this.tree(d), row);
    throw new Error(`reference: unknown name ${name}`);
  }

  private arith(op: string, a: Val, b: Val): Val {
    // numbers are never null (missing is NaN): a null operand is a missing date
    if (isDate(a) || isDate(b) || a === null || b === null) return this.dateArith(op, a, b);
    let x = this.num(a);
    let y = this.num(b);
    if (op === "+" || op === "-") {
      [x, y] = this.align(x, y);
      const unit = x.unit ?? y.unit;
      return op === "+"
        ? { lo: x.lo + y.lo, hi: x.hi + y.hi, unit }
        : { lo: x.lo - y.hi, hi: x.hi - y.lo, unit };
    }
    let unit: string | null = null;
    if (op === "/" && x.unit && y.unit && convertFactor(y.unit, x.unit, x.mm ?? y.mm) !== null)
      [x, y] = this.align(x, y);
    else if (op === "/") unit = y.unit === null ? x.unit : "compound";
    else
      unit =
        x.unit === null || x.unit === "x ULN"
          ? y.unit
          : y.unit === null || y.unit === "x ULN"
            ? x.unit
            : "compound";
    if (Number.isNaN(x.lo) || Number.isNaN(y.lo)) return { lo: NaN, hi: NaN, unit };
    let [blo, bhi] = [y.lo, y.hi];
    if (op === "/") {
      if (blo === 0 && bhi === 0) return { lo: NaN, hi: NaN, unit };
      if (blo <= 0 && bhi >= 0) return { lo: -Infinity, hi: Infinity, unit };
      [blo, bhi] = [1 / bhi, 1 / blo];
    }
    const m = (p: number, q: number) => (p === 0 || q === 0 ? 0 : p * q);
    const ps = [m(x.lo, blo), m(x.lo, bhi), m(x.hi, blo), m(x.hi, bhi)];
    return { lo: Math.min(...ps), hi: Math.max(...ps), unit };
  }

  /** A time span in days, or in months for calendar units. */
  private span(v: Num): { days?: number; months?: number } | null {
    if (Number.isNaN(v.lo) || v.lo !== v.hi) return null;
    const u = lookupUnit(v.unit ?? "")!;
    if (u.calendar === "month") return { months: v.lo };
    if (u.calendar === "year") return { months: v.lo * 12 };
    return { days: v.lo * u.factor };
  }
  private shift(day: number, s: { days?: number; months?: number }, sign: number): number {
    if (s.days !== undefined) return day + sign * s.days;
    const k = s.months! * sign;
    return Number.isInteger(k) ? addMonthsRef(day, k) : day + k * 30.4375;
  }

  private dateArith(op: string, a: Val, b: Val): Val {
    if (op === "-" && (isDate(a) || a === null) && (isDate(b) || b === null)) {
      const x = this.day(a);
      const y = this.day(b);
      return x === null || y === null
        ? { lo: NaN, hi: NaN, unit: "days" }
        : { lo: x - y, hi: x - y, unit: "days" };
    }
    const [d, amount, sign] = isNum(a) ? [b, a, 1] : [a, b, op === "-" ? -1 : 1];
    const day = this.day(d);
    const s = amount === null ? null : this.span(this.num(amount));
    return day === null || s === null ? null : { date: this.shift(day, s, sign) };
  }

  private compare(op: string, l: Node, r: Node, row: Row): boolean | null {
    const a = this.eval(l, row);
    const b = this.eval(r, row);
    const text = (v: Val) =>
      typeof v === "object" && v !== null && "text" in v ? v.text : undefined;
    const ta = text(a);
    const tb = text(b);
    if (ta !== undefined || tb !== undefined) {
      const [lit, other, node] = ta !== undefined ? [ta, b, r] : [tb!, a, l];
      if (other === null) return null;
      const v = String(other).trim().toLowerCase();
      const known = node.kind === "ident" ? this.category(node.name) : undefined;
      const r2 = v === lit.trim().toLowerCase() ? true : known && !known.includes(v) ? null : false;
      return op === "=" ? r2 : not(r2);
    }
    if (isNum(a) || isNum(b)) {
      const [x, y] = this.align(this.num(a), this.num(b));
      return cmpNum(op, x, y);
    }
    if (isDate(a) || isDate(b)) {
      const x = this.day(a);
      const y = this.day(b);
      if (x === null || y === null) return null;
      return cmpNum(op, { lo: x, hi: x, unit: null }, { lo: y, hi: y, unit: null });
    }
    if (a === null || b === null) return null;
    if (typeof a === "string") {
      const eq = a.trim().toLowerCase() === String(b).trim().toLowerCase();
      return op === "=" ? eq : !eq;
    }
    return op === "=" ? a === b : a !== b;
  }

  private within(n: Extract<Node, { kind: "within" }>, row: Row): boolean | null {
    const x = this.day(this.eval(n.operand, row));
    const anchor = this.day(this.eval(n.anchor, row));
    let amount = this.num(this.eval(n.amount, row));
    if (n.unit) amount = { ...amount, unit: unitOf(n.unit) };
    const s = this.span(amount);
    if (anchor === null || s === null || x === null) return null;
    const from = n.direction === "after" ? anchor : this.shift(anchor, s, -1);
    const to = n.direction === "before" ? anchor : this.shift(anchor, s, 1);
    return x >= from && x <= to;
  }

  private call(name: string, args: Val[], nodes: Node[]): Val {
    const bools = () => args.map((a) => this.bool(a));
    switch (name.toLowerCase()) {
      case "at_least": {
        const k = this.num(args[0]!);
        const bs = bools().slice(1);
        const t = bs.filter((b) => b === true).length;
        const u = bs.filter((b) => b === null).length;
        if (Number.isNaN(k.lo)) return null;
        return t >= k.hi ? true : t + u < k.lo ? false : null;
      }
      case "count_true": {
        const bs = bools();
        const t = bs.filter((b) => b === true).length;
        return { lo: t, hi: t + bs.filter((b) => b === null).length, unit: null };
      }
      case "any":
        return bools().reduce((p, q) => or(p, q));
      case "all":
        return bools().reduce((p, q) => and(p, q));
      case "coalesce": {
        const present = args.find((a) => a !== null && !(isNum(a) && Number.isNaN(a.lo)));
        if (present === undefined) return args[0] ?? null;
        if (isNum(present) && isNum(args[0]!)) return this.align(args[0], present)[1];
        return present;
      }
      case "min":
      case "max": {
        if (isDate(args[0]!) || args.every((a) => a === null || isDate(a))) {
          const ds = args.map((a) => this.day(a));
          if (ds.some((d) => d === null)) return null;
          return {
            date: name === "min" ? Math.min(...(ds as number[])) : Math.max(...(ds as number[])),
          };
        }
        const first =
          args.find(
            (a) => isNum(a) && a.unit !== null && nodes[args.indexOf(a)]!.kind !== "number",
          ) ??
          args.find((a) => isNum(a) && a.unit !== null) ??
          args[0]!;
        const ns = args.map((a) => this.align(this.num(first), this.num(a))[1]);
        if (ns.some((x) => Number.isNaN(x.lo)))
          return { lo: NaN, hi: NaN, unit: this.num(first).unit };
        const f = name === "min" ? Math.min : Math.max;
        return {
          lo: f(...ns.map((x) => x.lo)),
          hi: f(...ns.map((x) => x.hi)),
          unit: this.num(first).unit,
        };
      }
      case "abs": {
        const x = this.num(args[0]!);
        if (Number.isNaN(x.lo) || x.lo >= 0) return x;
        if (x.hi <= 0) return { ...x, lo: -x.hi, hi: -x.lo };
        return { ...x, lo: 0, hi: Math.max(-x.lo, x.hi) };
      }
      case "days_between": {
        const a = this.day(args[0]!);
        const b = this.day(args[1]!);
        return a === null || b === null
          ? { lo: NaN, hi: NaN, unit: "days" }
          : { lo: b - a, hi: b - a, unit: "days" };
      }
      case "age_at": {
        const a = this.day(args[0]!);
        const b = this.day(args[1]!);
        return a === null || b === null
          ? { lo: NaN, hi: NaN, unit: "years" }
          : { lo: ageRef(a, b), hi: ageRef(a, b), unit: "years" };
      }
      default:
        return this.kernelCall(name, args);
    }
  }

  /** Other registered functions: run their kernel on a one-row batch. */
  private kernelCall(name: string, args: Val[]): Val {
    const spec = getFunction(name);
    if (!spec) throw new Error(`reference: unknown function ${name}`);
    const vecs: AnyVec[] = args.map((a, i) => {
      const p = i < spec.params.length ? spec.params[i]! : spec.variadic!;
      if (p.type === "number") {
        let x = this.num(a);
        if (p.unit && x.unit && x.unit !== unitOf(p.unit)) {
          const f = convertFactor(x.unit, p.unit, x.mm)!;
          x = { ...x, lo: x.lo * f, hi: x.hi * f };
        }
        return { lo: Float64Array.of(x.lo), hi: Float64Array.of(x.hi) };
      }
      if (p.type === "boolean") return Uint8Array.of(a === true ? 1 : a === false ? 0 : 2);
      if (p.type === "date") return Float64Array.of(this.day(a) ?? NaN);
      return { codes: Int32Array.of(a === null ? -1 : 0), dict: a === null ? [] : [String(a)] };
    });
    const r = spec.returns;
    if (r.type === "number") {
      const out = { lo: new Float64Array(1), hi: new Float64Array(1) };
      spec.kernel(vecs, 1, out);
      return { lo: out.lo[0]!, hi: out.hi[0]!, unit: unitOf(r.unit) };
    }
    if (r.type === "boolean") {
      const out = new Uint8Array(1);
      spec.kernel(vecs, 1, out);
      return out[0] === 1 ? true : out[0] === 0 ? false : null;
    }
    const out = new Float64Array(1);
    spec.kernel(vecs, 1, out);
    return Number.isNaN(out[0]) ? null : { date: out[0]! };
  }
}
