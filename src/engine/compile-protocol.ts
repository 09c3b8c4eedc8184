/**
 * Compiles a protocol's criteria into batch evaluators over a column table, and turns truths
 * into verdicts. Problems (syntax, names, types, units, cycles) come back as data.
 *
 * @example
 * const { compiled, problems } = compileProtocol(protocol, { upcr_min: 0.5 });
 * if (compiled) {
 *   const { verdicts } = evaluateProtocol(compiled, table);
 * }
 */
// clinical scores register themselves on import: rules may call them wherever this API is used
import type { Problem, Protocol } from "./protocol/types.ts";
import { FAIL, FALSE, PASS, SITE, TRUE, UNDECIDED, UNKNOWN, type Table } from "./types.ts";
import { Binding } from "./lang/binding.ts";
import { Checker, type Checked, type CheckScope } from "./lang/check.ts";
import { Compiler } from "./lang/compile.ts";
import { toProblems } from "./lang/diagnostics.ts";
import { notWord, words } from "./lang/swar.ts";
import type { IR } from "./lang/ir.ts";
import { resolveParams, validateProtocol } from "./lang/scope.ts";

export type ParamValue = number | string | boolean;

export interface CompiledCriterion {
  id: string;
  kind: "inclusion" | "exclusion";
  siteAssessed: boolean;
  /** variables and parameters this criterion reads (derived expanded), for what-if invalidation */
  variables: string[];
  parameters: string[];
  /** writes the rule's truth (TRUE/FALSE/UNKNOWN) for rows [start, end) into out[0 .. end-start) */
  evaluate(table: Table, start: number, end: number, out: Uint8Array): void;
  /** the checked rule (absent for site-assessed criteria); used by explain.ts */
  readonly ir?: IR;
  /** internal: the batch closure and its column binding, for batch-major evaluateProtocol */
  readonly batch?: { binding: Binding; run: (start: number, n: number) => Uint8Array };
}

export interface CompiledProtocol {
  protocol: Protocol;
  params: Record<string, ParamValue>;
  criteria: CompiledCriterion[];
}

/** Rows per batch: buffers of this size are allocated once per compiled criterion. */
export const BATCH_SIZE = 2048;

/**
 * Checks and compiles every criterion; `compiled` is absent when any error was found.
 * @example compileProtocol(protocol).problems.map((p) => `${p.where} ${p.line}:${p.column} ${p.message}`)
 */
export function compileProtocol(
  protocol: Protocol,
  overrides: Record<string, ParamValue> = {},
): { compiled?: CompiledProtocol; problems: Problem[] } {
  const problems = validateProtocol(protocol);
  const resolved = resolveParams(protocol, {}, overrides);
  problems.push(...resolved.problems);
  const built = build(protocol, resolved.params, problems);
  return finish(built, problems);
}

function finish<T>(value: T, problems: Problem[]): { compiled?: T; problems: Problem[] } {
  return problems.some((p) => p.severity === "error")
    ? { problems }
    : { compiled: value, problems };
}

function build(
  protocol: Protocol,
  params: Record<string, ParamValue>,
  problems: Problem[],
  reuse?: { cp: CompiledProtocol; changed: Set<string>; recompiled: number[] },
): CompiledProtocol {
  const checker = new Checker(scopeOf(protocol, params));
  if (!reuse) {
    (protocol.derived ?? []).forEach((d, j) => {
      problems.push(
        ...toProblems(d.expr, `/derived/${j}/expr`, checker.checkDerived(d.name).problems),
      );
    });
  }
  // criteria compiled together share one binding and compiler: a derived value used by
  // several criteria is computed once per batch when evaluated batch-major
  const binding = new Binding(checker.scope.variables, BATCH_SIZE);
  const compiler = new Compiler(binding);
  const staged = protocol.criteria.map((crit, i): CompiledCriterion | Checked => {
    const old = reuse?.cp.criteria[i];
    if (old && reuse && !old.parameters.some((p) => reuse.changed.has(p))) return old;
    reuse?.recompiled.push(i);
    if (crit.siteAssessed !== undefined && crit.siteAssessed !== "")
      return siteCriterion(crit.id, crit.kind);
    if (!crit.rule) {
      problems.push({
        where: `/criteria/${i}`,
        message: `criterion ${crit.id} needs a 'rule' or a 'siteAssessed' reason`,
        severity: "error",
      });
      return siteCriterion(crit.id, crit.kind);
    }
    const { checked, problems: diags } = checker.checkRule(crit.rule);
    problems.push(...toProblems(crit.rule, `/criteria/${i}/rule`, diags));
    if (!checked) return siteCriterion(crit.id, crit.kind);
    compiler.prepare(checked.ir);
    return checked;
  });
  const criteria = staged.map((x, i) => {
    if (!("ty" in x)) return x;
    const crit = protocol.criteria[i]!;
    return ruleCriterion(crit.id, crit.kind, x, compiler, binding);
  });
  return { protocol, params, criteria };
}

/** Name lookup tables of a protocol with parameter values. */
export function scopeOf(protocol: Protocol, params: Record<string, ParamValue>): CheckScope {
  return {
    variables: new Map(protocol.variables.map((v) => [v.name, v])),
    params: new Map(
      protocol.parameters.map((p) => [
        p.name,
        {
          def: p,
          value: (Object.hasOwn(params, p.name) ? params[p.name] : undefined) ?? p.default,
        },
      ]),
    ),
    derived: new Map((protocol.derived ?? []).map((d) => [d.name, d])),
    tables: new Map((protocol.tables ?? []).map((t) => [t.name, t])),
  };
}

function siteCriterion(id: string, kind: "inclusion" | "exclusion"): CompiledCriterion {
  return {
    id,
    kind,
    siteAssessed: true,
    variables: [],
    parameters: [],
    evaluate: (_table, start, end, out) => void out.fill(UNKNOWN, 0, end - start),
  };
}

function ruleCriterion(
  id: string,
  kind: "inclusion" | "exclusion",
  checked: Checked,
  compiler: Compiler,
  binding: Binding,
): CompiledCriterion {
  const run = compiler.bool(checked.ir);
  return {
    id,
    kind,
    siteAssessed: false,
    variables: [...checked.variables].sort(),
    parameters: [...checked.parameters].sort(),
    ir: checked.ir,
    batch: { binding, run },
    evaluate(table, start, end, out) {
      binding.bind(table);
      for (let s = start; s < end; s += BATCH_SIZE) {
        const n = Math.min(BATCH_SIZE, end - s);
        out.set(run(s, n).subarray(0, n), s - start);
      }
    },
  };
}

/**
 * Verdicts from the patient's side: inclusion TRUE->PASS FALSE->FAIL; exclusion TRUE->FAIL
 * FALSE->PASS; UNKNOWN->UNDECIDED; site-assessed -> SITE.
 */
export function truthToVerdict(
  kind: "inclusion" | "exclusion",
  siteAssessed: boolean,
  truth: Uint8Array,
  out: Uint8Array,
): void {
  if (siteAssessed) {
    out.fill(SITE, 0, truth.length);
    return;
  }
  // branch-free, from the code values: exclusion verdict = truth (TRUE->FAIL=1, FALSE->PASS=0,
  // UNKNOWN->UNDECIDED=2); inclusion swaps 0 and 1 and keeps 2
  if (TRUE !== FAIL || FALSE !== PASS || UNKNOWN !== UNDECIDED)
    throw new Error("code values changed");
  if (kind === "exclusion") {
    out.set(truth.subarray(0, Math.min(truth.length, out.length)));
    return;
  }
  const n = Math.min(truth.length, out.length);
  const tw = words(truth, n);
  const ow = words(out, n);
  let i = 0;
  if (tw && ow) {
    for (let w = 0; w < tw.length; w++) ow[w] = notWord(tw[w]!);
    i = tw.length << 2;
  }
  for (; i < n; i++) {
    const t = truth[i]!;
    out[i] = t ^ (1 - (t >> 1));
  }
}

/** Evaluates all criteria over rows [start, end). */
export function evaluateProtocol(
  cp: CompiledProtocol,
  table: Table,
  start = 0,
  end = table.nRows,
): { truths: Uint8Array[]; verdicts: Uint8Array[] } {
  const n = Math.max(0, end - start);
  const truths: Uint8Array[] = [];
  const verdicts: Uint8Array[] = [];
  // one allocation for all: views into a shared buffer (transferable as a whole)
  const k = cp.criteria.length;
  const all = new Uint8Array(2 * k * n);
  for (let j = 0; j < k; j++) truths.push(all.subarray(j * n, (j + 1) * n));
  // batch-major: every criterion on one batch before the next, so the batch's column data
  // stays in cache and shared derived values are computed once per batch
  const bindings = new Set<Binding>();
  cp.criteria.forEach((c, j) => {
    if (c.batch) bindings.add(c.batch.binding);
    else c.evaluate(table, start, end, truths[j]!);
  });
  for (const b of bindings) b.bind(table);
  for (let s = start; s < end; s += BATCH_SIZE) {
    const m = Math.min(BATCH_SIZE, end - s);
    for (let j = 0; j < k; j++) {
      const b = cp.criteria[j]!.batch;
      if (b) truths[j]!.set(b.run(s, m).subarray(0, m), s - start);
    }
  }
  cp.criteria.forEach((c, j) => {
    const v = all.subarray((k + j) * n, (k + j + 1) * n);
    truthToVerdict(c.kind, c.siteAssessed, truths[j]!, v);
    verdicts.push(v);
  });
  return { truths, verdicts };
}

/**
 * Applies parameter overrides on top of `cp.params`, recompiling only the criteria that read a
 * changed parameter (others are reused as they are). `changed` lists recompiled indices.
 */
export function recompileForParams(
  cp: CompiledProtocol,
  overrides: Record<string, ParamValue>,
): { compiled?: CompiledProtocol; changed: number[]; problems: Problem[] } {
  const resolved = resolveParams(cp.protocol, cp.params, overrides);
  const problems = resolved.problems;
  const changed = new Set(
    Object.keys(resolved.params).filter((k) => resolved.params[k] !== cp.params[k]),
  );
  if (changed.size === 0) return { ...finish(cp, problems), changed: [] };
  const recompiled: number[] = [];
  const next = build(cp.protocol, resolved.params, problems, { cp, changed, recompiled });
  return { ...finish(next, problems), changed: recompiled };
}

/** All problems of one rule text in the context of a protocol (for the editor). */
export function checkRule(protocol: Protocol, rule: string): Problem[] {
  const { params } = resolveParams(protocol, {}, {});
  const checker = new Checker(scopeOf(protocol, params));
  return toProblems(rule, "rule", checker.checkRule(rule).problems);
}
