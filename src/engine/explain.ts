/**
 * Short human explanations of one criterion on one row, for grid tooltips: the values read
 * and the comparisons that decided. Row-at-a-time; uses the compiled closures on a 1-row batch.
 *
 * @example
 * explainRow(cp, table, 3, 17) // "upcr = 0.62 g/g; needs ≥ 1 g/g → not met"
 */
import type { CompiledProtocol } from "./compile-protocol.ts";
import { Binding } from "./lang/binding.ts";
import { formatIsoDate } from "./lang/calendar.ts";
import { Compiler } from "./lang/compile.ts";
import { kindOf, type IR, type IROf } from "./lang/ir.ts";
import { FALSE, TRUE, type CatVec, type NumVec, type Table } from "./types.ts";

const WORD = ["not met", "met", "unknown"] as const;
const OP: Record<string, string> = {
  "<": "<",
  "<=": "≤",
  ">": ">",
  ">=": "≥",
  "=": "=",
  "!=": "≠",
};

/** Explains criterion `criterionIndex` of `cp` on `row` of `table`. */
export function explainRow(
  cp: CompiledProtocol,
  table: Table,
  criterionIndex: number,
  row: number,
): string {
  const c = cp.criteria[criterionIndex];
  if (!c) return "";
  const def = cp.protocol.criteria[criterionIndex];
  if (c.siteAssessed || !c.ir)
    return `site-assessed: ${def?.siteAssessed ?? "not decidable from registry data"}`;
  const binding = new Binding(new Map(cp.protocol.variables.map((v) => [v.name, v])), 1);
  const compiler = new Compiler(binding).prepare(c.ir);
  compiler.bool(c.ir);
  binding.bind(table);
  const ex = new Explainer(compiler, row);
  const truth = ex.truth(c.ir);
  const parts = ex.reasons(c.ir, truth);
  if (parts.length === 1) return `${parts[0]!.text} → ${WORD[truth]}`;
  return `${parts.map((p) => `${p.text} (${WORD[p.truth]})`).join(" · ")} → ${WORD[truth]}`;
}

interface Reason {
  text: string;
  truth: number;
}

class Explainer {
  constructor(
    private readonly c: Compiler,
    private readonly row: number,
  ) {}

  truth(ir: IR): number {
    return this.c.bool(ir)(this.row, 1)[0]!;
  }

  /** The sub-conditions that decided `ir`'s truth (all of them when every one mattered). */
  reasons(ir: IR, truth: number): Reason[] {
    if (ir.k === "ref" && kindOf(ir.x) === "boolean") {
      // a derived condition: show its parts when it combines conditions, else its value
      const x = ir.x;
      const combines =
        x.k === "and" ||
        x.k === "or" ||
        x.k === "not" ||
        (x.k === "call" && (x.spec.name === "any" || x.spec.name === "all"));
      return combines ? this.reasons(x, truth) : [{ text: this.read(ir), truth }];
    }
    if (ir.k === "coalesce" && kindOf(ir) === "boolean") {
      // the first argument that is not unknown decided
      const used = ir.args.find((a) => this.truth(a) !== 2) ?? ir.args[ir.args.length - 1]!;
      return this.reasons(used, this.truth(used));
    }
    if (
      ir.k === "and" ||
      ir.k === "or" ||
      (ir.k === "call" && (ir.spec.name === "any" || ir.spec.name === "all"))
    ) {
      const items = ir.k === "call" ? ir.args : ir.items;
      const isAnd = ir.k === "and" || (ir.k === "call" && ir.spec.name === "all");
      const decisive =
        truth === (isAnd ? FALSE : TRUE) ? truth : truth === (isAnd ? TRUE : FALSE) ? -1 : 2;
      const picked = items.filter((x) => decisive < 0 || this.truth(x) === decisive);
      return picked.flatMap((x) => this.reasons(x, this.truth(x)));
    }
    if (ir.k === "not") {
      return this.reasons(ir.x, this.truth(ir.x)).map((r) => ({
        text: `not (${r.text})`,
        truth: r.truth === 2 ? 2 : 1 - r.truth,
      }));
    }
    return [{ text: this.leaf(ir), truth }];
  }

  private leaf(ir: IR): string {
    switch (ir.k) {
      case "cmp":
      case "cmpDate":
        return this.comparison(ir);
      case "window": {
        const amount = this.value(ir.amount);
        const unit = ir.calendar ? "months" : "days";
        return `${this.read(ir.x)}; needs within ${amount.replace(/ (months|days)$/, "")} ${unit} ${ir.dir} ${this.label(ir.anchor, true)}`;
      }
      case "catIn": {
        const vals = ir.shown ?? ir.values;
        const want =
          vals.length === 1
            ? `${ir.negated ? "not " : ""}${vals[0]}`
            : `${ir.negated ? "none of" : "one of"} ${vals.join(", ")}`;
        return `${this.read(ir.x)}; needs ${want}`;
      }
      case "catEq":
        return `${this.read(ir.l)}, ${this.read(ir.r)}; needs ${ir.negated ? "different" : "equal"}`;
      case "missing":
        return `${this.read(ir.x)}; needs ${ir.present ? "a value" : "missing"}`;
      case "boolVar":
        return this.read(ir);
      case "boolConst":
        return `always ${WORD[ir.v]}`;
      case "call":
        return `${ir.spec.name}(${ir.args.map((a) => (kindOf(a) === "boolean" ? `${this.short(a)} ${WORD[this.truth(a)]}` : this.value(a))).join(", ")})`;
      default:
        return this.read(ir);
    }
  }

  private comparison(ir: IROf<"cmp"> | IROf<"cmpDate">): string {
    const isConst = (x: IR) => x.k === "num" || x.k === "dateConst";
    const [l, r, op] =
      isConst(ir.l) && !isConst(ir.r) ? [ir.r, ir.l, flip(ir.op)] : [ir.l, ir.r, ir.op];
    return `${this.read(l)}; needs ${OP[op]} ${this.label(r, true)}`;
  }

  /** "name = value" for something read from the row. */
  private read(ir: IR): string {
    return `${this.label(ir, false)} = ${this.value(ir)}`;
  }

  /** A name for a node; constants (and parameters) are shown by value. */
  private label(ir: IR, withValue: boolean): string {
    switch (ir.k) {
      case "numVar":
      case "dateVar":
      case "boolVar":
      case "catVar":
      case "ref":
        return withValue ? `${ir.name} (${this.value(ir)})` : ir.name;
      case "num":
      case "dateConst":
      case "boolConst":
        return ir.param !== undefined ? `${this.value(ir)} (${ir.param})` : this.value(ir);
      case "call":
        return withValue ? `${ir.spec.name}(…) (${this.value(ir)})` : `${ir.spec.name}(…)`;
      case "scale":
        return this.label(ir.x, withValue);
      default:
        return withValue ? this.value(ir) : "value";
    }
  }

  private short(ir: IR): string {
    if (ir.k === "ref" || ir.k === "boolVar") return ir.name;
    return ir.k === "catIn"
      ? `${this.label(ir.x, false)} in (${(ir.shown ?? ir.values).join(", ")})`
      : "condition";
  }

  /** The node's value on the row, formatted. */
  value(ir: IR): string {
    const row = this.row;
    switch (kindOf(ir)) {
      case "number": {
        const v = this.c.num(ir)(row, 1) as NumVec;
        const text = formatInterval(v.lo[0]!, v.hi[0]!);
        return text === "missing" ? text : text + unitSuffix(ir);
      }
      case "date": {
        const d = this.c.date(ir)(row, 1)[0]!;
        return d === d ? formatIsoDate(d) : "missing";
      }
      case "boolean":
        return ["no", "yes", "unknown"][this.truth(ir)]!;
      case "category": {
        const v = this.c.cat(ir)(row, 1) as CatVec;
        const code = v.codes[0]!;
        return code < 0 ? "missing" : (v.dict[code] ?? "?");
      }
    }
  }
}

function flip(op: string): string {
  return ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as Record<string, string>)[op] ?? op;
}

function unitSuffix(ir: IR): string {
  if (ir.k === "ref" || ir.k === "scale") return unitSuffix(ir.x);
  let u: string | null = null;
  if (ir.k === "num" || ir.k === "numVar") u = ir.unit;
  else if (ir.k === "call" && ir.ret.type === "number") u = ir.ret.unit;
  else if (
    (ir.k === "coalesce" || ir.k === "ifThen" || ir.k === "lookup") &&
    ir.ty.type === "number"
  )
    u = ir.ty.unit;
  return u ? ` ${u}` : "";
}

const fmt = (x: number) => String(Number(x.toPrecision(6)));

/** "0.62", "< 0.5", "> 3", "1–2", "missing". */
export function formatInterval(lo: number, hi: number): string {
  if (lo !== lo) return "missing";
  if (lo === hi) return fmt(lo);
  if (lo === -Infinity && hi === Infinity) return "unknown";
  if (lo === -Infinity) return `< ${fmt(hi)}`;
  if (hi === Infinity) return `> ${fmt(lo)}`;
  return `${fmt(lo)}–${fmt(hi)}`;
}
