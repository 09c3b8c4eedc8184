/**
 * Checker: resolves names (variables, parameters, derived, functions) once, infers types and
 * units, converts units, folds parameters into constants, and reports every problem it can.
 *
 * @example
 * const c = new Checker(scopeOf(protocol, params));
 * const { checked, problems } = c.checkRule("upcr >= 1.0 g/g");
 */
import type { FunctionSpec } from "../functions/types.ts";
import { getFunction, suggestFunctions } from "../functions/registry.ts";
import type {
  ProtocolDerived,
  ProtocolParameter,
  ProtocolTable,
  ProtocolVariable,
} from "../protocol/types.ts";
import type { Node, NodeOf, Span } from "./ast.ts";
import { parseIsoDate } from "../calendar.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { closest, didYouMean } from "../suggest.ts";
import type { IR, Ty } from "./ir.ts";
import { article } from "./type-words.ts";
import { parse } from "./parse.ts";
import { canonUnit } from "./units-check.ts";
import { checkCall } from "./check-calls.ts";
import { checkCompare, checkArith, checkWithin, checkBetween, checkIn } from "./check-ops.ts";
import { foldLogic, foldNot } from "./fold.ts";

export interface CheckScope {
  variables: ReadonlyMap<string, ProtocolVariable>;
  params: ReadonlyMap<string, { def: ProtocolParameter; value: number | string | boolean }>;
  derived: ReadonlyMap<string, ProtocolDerived>;
  /** lookup tables by name (absent: none) */
  tables?: ReadonlyMap<string, ProtocolTable>;
}

/** A checked expression: its resolved tree, type, and the names it reads (derived expanded). */
export interface Typed {
  ir: IR;
  ty: Ty;
}
export interface Checked extends Typed {
  variables: Set<string>;
  parameters: Set<string>;
}

interface DerivedEntry {
  checked?: Checked;
  problems: Diagnostic[];
}

export class Checker {
  private readonly derivedDone = new Map<string, DerivedEntry>();
  private readonly stack: string[] = [];
  /** diagnostics and usage of the expression being checked */
  diags: Diagnostic[] = [];
  private vars = new Set<string>();
  private params = new Set<string>();

  constructor(readonly scope: CheckScope) {}

  /** Checks rule text that must be a condition. */
  checkRule(src: string): { checked?: Checked; problems: Diagnostic[] } {
    return this.checkText(src, "boolean");
  }

  /** Checks a derived expression by name (cached; cycles reported). */
  checkDerived(name: string): DerivedEntry {
    const done = this.derivedDone.get(name);
    if (done) return done;
    const def = this.scope.derived.get(name);
    if (!def) return { problems: [{ offset: 0, length: 0, message: `unknown derived '${name}'` }] };
    const at = this.stack.indexOf(name);
    if (at >= 0) {
      const cycle = [...this.stack.slice(at), name].join(" → ");
      return {
        problems: [
          {
            offset: 0,
            length: def.expr.length,
            message: `derived '${name}' depends on itself: ${cycle}`,
          },
        ],
      };
    }
    this.stack.push(name);
    const entry = this.checkText(def.expr);
    this.stack.pop();
    if (!this.derivedDone.has(name)) this.derivedDone.set(name, entry);
    return this.derivedDone.get(name)!;
  }

  private checkText(src: string, want?: "boolean"): { checked?: Checked; problems: Diagnostic[] } {
    const saved = [this.diags, this.vars, this.params] as const;
    this.diags = [];
    this.vars = new Set();
    this.params = new Set();
    try {
      const { ast, problems, fragments } = parse(src);
      this.diags.push(...problems);
      if (!ast) {
        for (const f of fragments ?? []) this.check(f); // more errors from the clauses that parsed
        return { problems: this.diags };
      }
      const t = this.check(ast);
      if (t && want === "boolean" && t.ty.type !== "boolean") {
        this.error(
          ast,
          `the rule must be a condition (true/false), but this is ${article(t.ty)} — compare it with something`,
        );
      }
      if (!t || this.diags.some((d) => (d.severity ?? "error") === "error"))
        return { problems: this.diags };
      return {
        checked: { ...t, variables: this.vars, parameters: this.params },
        problems: this.diags,
      };
    } finally {
      [this.diags, this.vars, this.params] = saved;
    }
  }

  error(at: Span, message: string): null {
    this.diags.push({ offset: at.offset, length: at.length, message });
    return null;
  }

  /** Checks a node; null when it has errors (already reported). */
  check(node: Node): Typed | null {
    const at: Span = { offset: node.offset, length: node.length };
    switch (node.kind) {
      case "number":
        return {
          ir: { kind: "num", lo: node.value, hi: node.value, unit: canonUnit(node.unit), at },
          ty: { type: "number", unit: canonUnit(node.unit) },
        };
      case "string":
        return this.error(
          node,
          `a text value like '${node.value}' can only be compared with a category (= or in)`,
        );
      case "boolean":
        return {
          ir: { kind: "boolConst", value: node.value ? 1 : 0, at },
          ty: { type: "boolean" },
        };
      case "date": {
        const days = parseIsoDate(node.text);
        if (days !== days)
          return this.error(node, `invalid date '${node.text}': write date 'YYYY-MM-DD'`);
        return { ir: { kind: "dateConst", days, at }, ty: { type: "date" } };
      }
      case "ident":
        return this.ident(node);
      case "call":
        return checkCall(this, node, at);
      case "neg": {
        const x = this.check(node.operand);
        if (!x) return null;
        if (x.ty.type !== "number") return this.error(node, `cannot negate ${article(x.ty)}`);
        if (x.ir.kind === "num")
          return { ir: { ...x.ir, lo: -x.ir.hi, hi: -x.ir.lo, at }, ty: x.ty };
        return { ir: { kind: "neg", operand: x.ir, at }, ty: x.ty };
      }
      case "not": {
        const x = this.check(node.operand);
        if (!x) return null;
        if (x.ty.type !== "boolean")
          return this.error(node.operand, `'not' needs a condition, but this is ${article(x.ty)}`);
        return { ir: foldNot(x.ir, at), ty: x.ty };
      }
      case "logic": {
        const l = this.check(node.left);
        const r = this.check(node.right);
        for (const [side, t] of [
          [node.left, l],
          [node.right, r],
        ] as const) {
          if (t && t.ty.type !== "boolean")
            this.error(side, `'${node.op}' joins conditions, but this is ${article(t.ty)}`);
        }
        if (!l || !r || l.ty.type !== "boolean" || r.ty.type !== "boolean") return null;
        return { ir: foldLogic(node.op, l.ir, r.ir, at), ty: { type: "boolean" } };
      }
      case "arith":
        return checkArith(this, node, at);
      case "compare":
        return checkCompare(this, node, at);
      case "between":
        return checkBetween(this, node, at);
      case "in":
        return checkIn(this, node, at);
      case "is": {
        const x = node.operand.kind === "string" ? null : this.check(node.operand);
        if (!x)
          return node.operand.kind === "string"
            ? this.error(node.operand, "a text value is never missing")
            : null;
        return {
          ir: { kind: "missing", operand: x.ir, present: node.test === "present", at },
          ty: { type: "boolean" },
        };
      }
      case "within":
        return checkWithin(this, node, at);
      case "error":
        return null;
    }
  }

  private ident(node: NodeOf<"ident">): Typed | null {
    const at: Span = { offset: node.offset, length: node.length };
    const name = node.name;
    const v = this.scope.variables.get(name);
    if (v) {
      this.vars.add(name);
      return variableRef(v, at);
    }
    const p = this.scope.params.get(name);
    if (p) {
      this.params.add(name);
      return paramConst(p.def, p.value, at, this);
    }
    if (this.scope.derived.has(name)) {
      const d = this.checkDerived(name);
      if (!d.checked)
        return this.error(
          node,
          `derived '${name}' has errors: ${d.problems[0]?.message ?? "see its definition"}`,
        );
      for (const x of d.checked.variables) this.vars.add(x);
      for (const x of d.checked.parameters) this.params.add(x);
      return { ir: { kind: "ref", name, operand: d.checked.ir, at }, ty: d.checked.ty };
    }
    if (getFunction(name))
      return this.error(node, `'${name}' is a function: call it as ${name}(…)`);
    if (this.scope.tables?.has(name))
      return this.error(node, `'${name}' is a table: read it as lookup(${name}, key)`);
    const names = [
      ...this.scope.variables.keys(),
      ...this.scope.params.keys(),
      ...this.scope.derived.keys(),
    ];
    return this.error(node, `unknown variable '${name}'${didYouMean(closest(name, names))}`);
  }

  functionOrError(node: NodeOf<"call">): FunctionSpec | null {
    const spec = getFunction(node.name);
    if (spec) return spec;
    this.error(
      node.nameSpan,
      `unknown function '${node.name}'${didYouMean(suggestFunctions(node.name, 2))}`,
    );
    return null;
  }
}

function variableRef(v: ProtocolVariable, at: Span): Typed {
  const name = v.name;
  switch (v.type) {
    case "number": {
      const unit = canonUnit(v.unit);
      const ty: Ty =
        v.molarMass !== undefined
          ? { type: "number", unit, molarMass: v.molarMass }
          : { type: "number", unit };
      return { ir: { kind: "numVar", name, unit, at }, ty };
    }
    case "date":
      return { ir: { kind: "dateVar", name, at }, ty: { type: "date" } };
    case "boolean":
      return { ir: { kind: "boolVar", name, at }, ty: { type: "boolean" } };
    case "category":
      return {
        ir: { kind: "catVar", name, at },
        ty: categoryTy(v),
      };
  }
}

function categoryTy(v: ProtocolVariable): Ty {
  const values = v.values ?? v.order;
  if (!values) return { type: "category" };
  return v.order ? { type: "category", values, order: v.order } : { type: "category", values };
}

function paramConst(
  def: ProtocolParameter,
  value: number | string | boolean,
  at: Span,
  c: Checker,
): Typed | null {
  const param = def.name;
  if (def.type === "number") {
    const x = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(x))
      return c.error(at, `parameter '${param}' is not a number: ${String(value)}`);
    const unit = canonUnit(def.unit);
    return { ir: { kind: "num", lo: x, hi: x, unit, param, at }, ty: { type: "number", unit } };
  }
  if (def.type === "date") {
    const days = typeof value === "string" ? parseIsoDate(value) : NaN;
    if (days !== days)
      return c.error(at, `parameter '${param}' is not a date 'YYYY-MM-DD': ${String(value)}`);
    return { ir: { kind: "dateConst", days, param, at }, ty: { type: "date" } };
  }
  const b = value === true || value === "true" ? 1 : value === false || value === "false" ? 0 : -1;
  if (b < 0) return c.error(at, `parameter '${param}' is not true or false: ${String(value)}`);
  return { ir: { kind: "boolConst", value: b as 0 | 1, param, at }, ty: { type: "boolean" } };
}
