/**
 * Explanations of one criterion on one row, for grid tooltips and `prescreen explain`, in the
 * words a study coordinator reads: the values that decided, in the units the analyst mapped,
 * rounded as a laboratory reports them, against their thresholds (`UPCR 0.82 g/g < 1 g/g`);
 * an unknown says what is missing and what it is compared with ("24-hour urine protein not
 * recorded (needs ≥ 1 g/24h)"). Never the engine's own wording. Row-at-a-time; uses the
 * compiled closures on a 1-row batch.
 *
 * @example
 * explainRow(cp, table, 3, 17, { units: { upcr: "mg/mmol" } })
 * // "UPCR 72.6 mg/mmol < 113 mg/mmol; 24-hour urine protein not recorded (needs ≥ 1 g/24h)"
 */
import type { CompiledProtocol } from "./compile-protocol.ts";
import { labInterval, labNumber, labPair, words } from "./explain-words.ts";
import { cellTruth, type AnyOfSpec } from "./functions/any-of.ts";
import { drugKey, splitDrugCell } from "./functions/drugs.ts";
import { FLIP } from "./lang/ast.ts";
import { Binding } from "./lang/binding.ts";
import { formatIsoDate } from "./calendar.ts";
import { Compiler } from "./lang/compile.ts";
import { kindOf, type IR, type IROf } from "./lang/ir.ts";
import { FALSE, TRUE, UNKNOWN, type CatVec, type NumVec, type Table } from "./types.ts";
import { convertUnit } from "./units.ts";
import { own } from "./user-keys.ts";

export interface ExplainOptions {
  /** the unit the analyst mapped each variable from (values are shown in it) */
  units?: Readonly<Record<string, string>>;
}

const OP: Record<string, string> = {
  "<": "<",
  "<=": "≤",
  ">": ">",
  ">=": "≥",
  "=": "=",
  "!=": "≠",
};
const NEG: Record<string, string> = {
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
  "=": "!=",
  "!=": "=",
};
const FUNCTION_WORDS: Record<string, string> = {
  cockcroft_gault: "CrCl (Cockcroft-Gault)",
  sledai2k: "SLEDAI-2K",
  acr1997_count: "ACR 1997 criteria met",
  eular_acr_2019: "2019 EULAR/ACR classification",
  bilag_criterion: "BILAG-2004 (1 A or 2 B)",
  age_at: "age",
  age_from: "age",
  at_least: "at least",
  count_true: "count",
};

/** Explains criterion `criterionIndex` of `cp` on `row` of `table`. */
export function explainRow(
  cp: CompiledProtocol,
  table: Table,
  criterionIndex: number,
  row: number,
  options: ExplainOptions = {},
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
  const molar = new Map(cp.protocol.variables.map((v) => [v.name, v.molarMass]));
  const ex = new Explainer(compiler, row, options.units ?? {}, molar);
  const parts = ex.reasons(c.ir, ex.truth(c.ir));
  return [...new Set(parts.map((p) => p.text).filter((t) => t !== ""))].join("; ");
}

interface Reason {
  text: string;
  truth: number;
}

class Explainer {
  constructor(
    private readonly c: Compiler,
    private readonly row: number,
    private readonly units: Readonly<Record<string, string>>,
    private readonly molar: ReadonlyMap<string, number | undefined>,
  ) {}

  truth(ir: IR): number {
    return this.c.bool(ir)(this.row, 1)[0]!;
  }

  /** The sub-conditions that decided `ir`'s truth (all of them when every one mattered). */
  reasons(ir: IR, truth: number): Reason[] {
    switch (ir.kind) {
      case "ref":
        return kindOf(ir.operand) === "boolean"
          ? this.reasons(ir.operand, truth)
          : [this.leaf(ir, truth)];
      case "not":
        // the facts read the same; only the truth flips
        return this.reasons(ir.operand, this.truth(ir.operand)).map((r) => ({
          text: r.text,
          truth: r.truth === UNKNOWN ? UNKNOWN : 1 - r.truth,
        }));
      case "and":
      case "or":
        return this.junction(ir.items, ir.kind === "and", truth);
      case "coalesce":
        if (kindOf(ir) !== "boolean") break;
        return this.coalesce(ir);
      case "call":
        if (ir.spec.name === "any" || ir.spec.name === "all")
          return this.junction(ir.args, ir.spec.name === "all", truth);
        if (ir.spec.name === "unknown_if") return this.unknownIf(ir);
        break;
    }
    return [this.leaf(ir, truth)];
  }

  private junction(items: IR[], isAnd: boolean, truth: number): Reason[] {
    const decisive = isAnd ? FALSE : TRUE;
    let picked: IR[];
    if (truth === decisive) picked = items.filter((x) => this.truth(x) === decisive);
    else if (truth === UNKNOWN) {
      // what is missing, and (for "or") what was checked and did not decide; a part that only
      // makes a known value unusable (`unknown_if(c, false)`) matters once the value is known
      picked = items.filter((x) => {
        const t = this.truth(x);
        return t === UNKNOWN || (!isAnd && t === FALSE);
      });
      if (picked.some((x) => this.truth(x) === UNKNOWN && !onlyUnusable(x)))
        picked = picked.filter((x) => !onlyUnusable(x));
    } else picked = items;
    return picked.flatMap((x) => this.reasons(x, this.truth(x)));
  }

  private coalesce(ir: IROf<"coalesce">): Reason[] {
    const i = ir.args.findIndex((a) => this.truth(a) !== UNKNOWN);
    if (i < 0) return ir.args.flatMap((a) => this.reasons(a, UNKNOWN));
    const used = ir.args[i]!;
    const skipped = ir.args.slice(0, i).flatMap((a) => this.reasons(a, UNKNOWN));
    return [...skipped, ...this.reasons(used, this.truth(used))];
  }

  private unknownIf(ir: IROf<"call">): Reason[] {
    const [cond, value] = ir.args as [IR, IR];
    const ct = this.truth(cond);
    if (ct === FALSE) return this.reasons(value, this.truth(value));
    const why = [
      ...new Set(
        this.reasons(cond, ct)
          .map((r) => r.text)
          .filter(Boolean),
      ),
    ].join(", ");
    const vt = value.kind === "boolConst" ? UNKNOWN : this.truth(value);
    const facts =
      value.kind === "boolConst"
        ? []
        : this.reasons(value, vt)
            .map((r) => r.text)
            .filter(Boolean);
    // a value that is unknown anyway: what is missing, and the date (or cause) beside it
    if (value.kind !== "boolConst" && vt === UNKNOWN)
      return [...facts, why].filter(Boolean).map((text) => ({ text, truth: UNKNOWN }));
    const lead = facts.length ? `${facts.join("; ")}, but ` : "";
    return [{ text: `${lead}cannot be used (${why})`, truth: UNKNOWN }];
  }

  private leaf(ir: IR, truth: number): Reason {
    return { text: this.leafText(ir, truth), truth };
  }

  private leafText(ir: IR, truth: number): string {
    switch (ir.kind) {
      case "cmp":
        return this.comparison(ir, truth);
      case "cmpDate":
        return this.dateComparison(ir, truth);
      case "window":
        return this.window(ir, truth);
      case "catIn": {
        const v = this.category(ir.operand);
        if (v === null) return `${this.label(ir.operand)} not recorded`;
        const vals = ir.shown ?? ir.values;
        if (truth === UNKNOWN) return `${this.label(ir.operand)} '${v}' is not a known value`;
        const inList = (truth === TRUE) !== ir.negated;
        const list = vals.length === 1 ? vals[0] : `one of ${vals.join(", ")}`;
        return inList
          ? `${this.label(ir.operand)} ${v}`
          : `${this.label(ir.operand)} ${v}${ir.negated ? "" : ` (not ${list})`}`;
      }
      case "missing":
        // a recorded value is shown where it is compared; only its absence is news
        return this.recorded(ir.operand) ? "" : `${this.label(ir.operand)} not recorded`;
      case "boolVar":
      case "ref":
        return this.yesNo(ir);
      case "boolConst":
        return ir.param !== undefined ? `${words(ir.param)}: ${YES[ir.value]}` : "";
      case "call":
        if (ir.spec.name === "any_of") return this.anyOf(ir);
        return this.callText(ir);
      default:
        return this.yesNo(ir);
    }
  }

  private yesNo(ir: IR): string {
    const t = this.truth(ir);
    if (ir.kind === "boolVar" || ir.kind === "ref") {
      if (ir.kind === "boolVar" && t === UNKNOWN) return `${words(ir.name)} not recorded`;
      return `${words(ir.name)}: ${YES[t]}`;
    }
    return YES[t]!;
  }

  private comparison(ir: IROf<"cmp">, truth: number): string {
    const isConst = (x: IR) => x.kind === "num";
    const [l, r, op] =
      isConst(ir.left) && !isConst(ir.right)
        ? [ir.right, ir.left, FLIP[ir.op]!]
        : [ir.left, ir.right, ir.op];
    const shown = this.displayUnit(l, this.unitOf(l) ?? this.unitOf(r));
    const a = this.num(l);
    const b = this.num(r);
    // in the analyst's unit: x * factor (+ offset between temperature scales)
    const f = (x: number) => x * shown.factor + shown.offset;
    const u = shown.unit ? ` ${shown.unit}` : "";
    const single = (v: NumVec) => v.lo[0] === v.hi[0];
    const [at, bt] =
      single(a) && single(b) && a.lo[0] === a.lo[0] && b.lo[0] === b.lo[0]
        ? labPair(f(a.lo[0]!), f(b.lo[0]!))
        : [labInterval(f(a.lo[0]!), f(a.hi[0]!)), labInterval(f(b.lo[0]!), f(b.hi[0]!))];
    const threshold = `${bt}${u}${this.formula(r, shown)}`;
    if (a.lo[0] !== a.lo[0])
      return `${this.label(l)} not recorded (threshold ${OP[op]} ${threshold})`;
    if (b.lo[0] !== b.lo[0]) return `${this.label(r)} not recorded (${this.label(l)} ${at}${u})`;
    if (truth === UNKNOWN)
      return `${this.label(l)} ${at}${u}: cannot tell whether ${OP[op]} ${threshold}`;
    const rel = truth === TRUE ? op : NEG[op]!;
    return `${this.label(l)} ${at}${u} ${OP[rel]} ${threshold}`;
  }

  /** " (3 × 40 U/L)" for a threshold that is a product or quotient; "" otherwise. */
  private formula(ir: IR, shown: { unit: string | null; factor: number; offset: number }): string {
    let x = ir;
    while (x.kind === "ref" || x.kind === "scale") x = x.operand;
    if (x.kind !== "arith" || (x.op !== "*" && x.op !== "/")) return "";
    const part = (p: IR) => {
      const v = this.num(p);
      // the side with a unit is shown in the comparison's (the analyst's) unit
      const f = this.unitOf(p) === null ? 1 : shown.factor;
      const o = this.unitOf(p) === null ? 0 : shown.offset;
      const u = this.unitOf(p) !== null && shown.unit ? ` ${shown.unit}` : "";
      return `${labInterval(v.lo[0]! * f + o, v.hi[0]! * f + o)}${u}`;
    };
    return ` (${part(x.left)} ${x.op === "*" ? "×" : "÷"} ${part(x.right)})`;
  }

  private dateComparison(ir: IROf<"cmpDate">, truth: number): string {
    const a = this.date(ir.left);
    const b = this.date(ir.right);
    if (a === null) return `${this.label(ir.left)} not recorded`;
    if (b === null) return `${this.label(ir.right)} not recorded`;
    const rel = truth === TRUE ? ir.op : truth === FALSE ? NEG[ir.op]! : ir.op;
    return `${this.label(ir.left)} ${a} ${OP[rel]} ${b}${this.dateFormula(ir.right)}`;
  }

  private dateFormula(ir: IR): string {
    if (ir.kind !== "dateShift") return "";
    return ` (${this.label(ir.date)} ${ir.sign < 0 ? "−" : "+"} ${this.span(ir.amount, ir.calendar)})`;
  }

  private window(ir: IROf<"window">, truth: number): string {
    const x = this.date(ir.operand);
    const anchor = this.date(ir.anchor);
    const span = `${this.span(ir.amount, ir.calendar)} ${ir.dir === "of" ? "of" : ir.dir}`;
    const where = `${span} the ${this.label(ir.anchor)} (${anchor ?? "not recorded"})`;
    if (x === null) return `${this.label(ir.operand)} not recorded`;
    if (truth === UNKNOWN) return `${this.label(ir.operand)} ${x}: window ${where} unknown`;
    return `${this.label(ir.operand)} ${x}, ${truth === TRUE ? "within" : "not within"} ${where}`;
  }

  private span(amount: IR, calendar: "month" | "year" | null): string {
    const v = this.num(amount).lo[0]!;
    const unit = calendar === "year" ? "years" : calendar === "month" ? "months" : "days";
    if (v !== v) return `? ${unit}`;
    if (calendar === "month" && v % 12 === 0 && v >= 12)
      return `${v / 12} year${v === 12 ? "" : "s"}`;
    return `${labNumber(v, 6)} ${v === 1 ? unit.slice(0, -1) : unit}`;
  }

  private anyOf(ir: IROf<"call">): string {
    const spec = ir.spec as AnyOfSpec;
    const cell = this.category(ir.args[0]!);
    const label = this.label(ir.args[0]!);
    if (cell === null) return `${label} not recorded`;
    const wanted = new Set(spec.wanted);
    const entries = splitDrugCell(cell);
    const t = cellTruth(cell, wanted);
    if (t === TRUE) {
      const hit = entries.filter((e) => cellTruth(e, wanted) === TRUE);
      return `${label} '${cell}' include ${hit.map((e) => drugKey(e) ?? e).join(", ")} (listed)`;
    }
    if (t === FALSE) return `${label} '${cell}' name none of the listed drugs`;
    const odd = entries.filter((e) => drugKey(e) === undefined);
    return `${label} '${cell}': ${odd.length ? `not recognised: ${odd.join(", ")}` : "empty"}`;
  }

  private callText(ir: IROf<"call">): string {
    const name = FUNCTION_WORDS[ir.spec.name] ?? words(ir.spec.name);
    if (ir.spec.name === "at_least") {
      const k = this.num(ir.args[0]!).lo[0]!;
      const conds = ir.args.slice(1);
      const by = (t: number) =>
        conds.filter((c) => this.truth(c) === t).map((c) => this.shortLabel(c));
      const met = by(TRUE);
      const open = by(UNKNOWN);
      return `${met.length} of ${conds.length} met, ${labNumber(k)} needed${met.length ? ` (${met.join(", ")})` : ""}${open.length ? `; not recorded: ${open.join(", ")}` : ""}`;
    }
    if (ir.ret.type !== "boolean") {
      const v = this.num(ir);
      return `${name} ${labInterval(v.lo[0]!, v.hi[0]!)}${ir.ret.type === "number" && ir.ret.unit ? ` ${ir.ret.unit}` : ""}`;
    }
    const args = ir.args.map((a) => this.argText(a)).filter((s) => s !== "");
    return `${name}: ${YES[this.truth(ir)]}${args.length ? ` (${args.join(", ")})` : ""}`;
  }

  private argText(a: IR): string {
    switch (kindOf(a)) {
      case "boolean": {
        const t = this.truth(a);
        return t === TRUE ? this.shortLabel(a) : t === UNKNOWN ? `${this.shortLabel(a)} ?` : "";
      }
      case "category": {
        const v = this.category(a);
        return v === null ? `${this.label(a)} ?` : `${this.label(a)} ${v}`;
      }
      case "number": {
        const v = this.num(a);
        return `${labInterval(v.lo[0]!, v.hi[0]!)}`;
      }
      default:
        return this.date(a) ?? "?";
    }
  }

  private shortLabel(a: IR): string {
    if (a.kind === "boolVar" || a.kind === "ref") return words(a.name);
    if (a.kind === "catIn") return `${this.label(a.operand)} ${(a.shown ?? a.values).join("/")}`;
    if (a.kind === "cmp") return this.comparison(a, this.truth(a));
    return "condition";
  }

  /** A name in words for a value node. */
  private label(ir: IR): string {
    switch (ir.kind) {
      case "numVar":
      case "dateVar":
      case "boolVar":
      case "catVar":
      case "ref":
        return words(ir.name);
      case "num":
      case "dateConst":
      case "boolConst":
        return ir.param !== undefined ? words(ir.param) : "value";
      case "scale":
        return this.label(ir.operand);
      case "coalesce":
        // the argument the value came from
        return this.label(ir.args.find((a) => this.recorded(a)) ?? ir.args[0]!);
      case "call":
        return FUNCTION_WORDS[ir.spec.name] ?? words(ir.spec.name);
      case "dateShift":
        return `${this.label(ir.date)} ${ir.sign < 0 ? "−" : "+"} ${this.span(ir.amount, ir.calendar)}`;
      case "arith":
        return `${this.label(ir.left)} ${ir.op} ${this.label(ir.right)}`;
      default:
        return "value";
    }
  }

  /** The variable a number is read from, its canonical unit and the analyst's unit for it. */
  private displayUnit(
    ir: IR,
    unit: string | null = this.unitOf(ir),
  ): { unit: string | null; factor: number; offset: number } {
    let x = ir;
    while (x.kind === "ref") x = x.operand;
    if (x.kind === "coalesce")
      return this.displayUnit(x.args.find((a) => a.kind !== "num") ?? x.args[0]!, unit);
    if (x.kind === "numVar") {
      const mapped = own(this.units, x.name);
      if (mapped && unit && mapped !== unit) {
        const c = convertUnit(unit, mapped, this.molar.get(x.name));
        if (c !== null) return { unit: mapped, factor: c.scale, offset: c.offset };
      }
    }
    if (x.kind === "arith" && (x.op === "*" || x.op === "/")) {
      // a ULN multiple keeps the unit (and the analyst's unit) of its side with a unit
      const side = this.unitOf(x.left) !== null ? x.left : x.right;
      return this.displayUnit(side, unit);
    }
    return { unit, factor: 1, offset: 0 };
  }

  private unitOf(ir: IR): string | null {
    switch (ir.kind) {
      case "num":
      case "numVar":
        return ir.unit === "1" ? null : ir.unit;
      case "ref":
        return this.unitOf(ir.operand);
      case "scale":
        // converted into the unit of what it meets, which the node does not record
        return null;
      case "call":
        return ir.ret.type === "number" ? (ir.ret.unit ?? null) : null;
      case "coalesce":
        return ir.ty.type === "number" ? ir.ty.unit : null;
      case "arith":
        return ir.op === "*" || ir.op === "/"
          ? (this.unitOf(ir.left) ?? this.unitOf(ir.right))
          : (this.unitOf(ir.left) ?? this.unitOf(ir.right));
      default:
        return null;
    }
  }

  private num(ir: IR): NumVec {
    return this.c.num(ir)(this.row, 1) as NumVec;
  }
  private date(ir: IR): string | null {
    const d = this.c.date(ir)(this.row, 1)[0]!;
    return d === d ? formatIsoDate(d) : null;
  }
  private category(ir: IR): string | null {
    const v = this.c.cat(ir)(this.row, 1) as CatVec;
    const code = v.codes[0]!;
    return code < 0 ? null : (v.dict[code] ?? null);
  }
  private recorded(ir: IR): boolean {
    switch (kindOf(ir)) {
      case "number":
        return this.num(ir).lo[0] === this.num(ir).lo[0];
      case "date":
        return this.date(ir) !== null;
      case "category":
        return this.category(ir) !== null;
      default:
        return this.truth(ir) !== UNKNOWN;
    }
  }
}

const YES = ["no", "yes", "not known"];

/** `unknown_if(c, <constant>)`: a part that can only make a known value unusable. */
function onlyUnusable(ir: IR): boolean {
  let x = ir;
  while (x.kind === "ref") x = x.operand;
  return x.kind === "call" && x.spec.name === "unknown_if" && x.args[1]!.kind === "boolConst";
}

/** "0.62", "< 0.5", "> 3", "1–2", "missing" (six significant digits). */
export function formatInterval(lo: number, hi: number): string {
  return labInterval(lo, hi, 6);
}
