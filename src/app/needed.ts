/**
 * Which unmapped variables the mapping step should raise as an alarm: a variable is needed
 * only if some criterion's verdict can depend on it, given the variables that are mapped.
 *
 * The rule is deliberately simple (it reads the rules' syntax, not the data):
 * - a criterion's rule, and every derived value it names (recursively), read their variables;
 * - in `coalesce(a, b, …)` the first argument whose variables are all mapped decides: the
 *   arguments after it are not needed (a mapped `sledai2k_total` makes its components
 *   fallbacks; they would only fill rows where the total is blank);
 * - in `age_from(birth_date, birth_year, age, age_on, on_date)` a mapped birth date decides the
 *   age: the year of birth, the age and its date are not needed;
 * - everything else reads all its arguments.
 * A variable no criterion reads (directly or through a derived value) is not needed either.
 */
import type { Node } from "../engine/lang/ast.ts";
import { parse } from "../engine/lang/parse.ts";
import type { Protocol } from "../engine/protocol/types.ts";
import { own } from "../engine/user-keys.ts";

/** An unmapped variable that needs no column: the mapped variables deciding in its place. */
export interface NotNeeded {
  /** mapped variables whose values decide where this one would be read (empty: none reads it) */
  decidedBy: string[];
}

const parsed = new WeakMap<Protocol, { rules: Node[]; derived: Map<string, Node> }>();

function trees(protocol: Protocol) {
  let t = parsed.get(protocol);
  if (!t) {
    const rules: Node[] = [];
    for (const c of protocol.criteria) {
      const ast = c.rule ? parse(c.rule).ast : undefined;
      if (ast) rules.push(ast);
    }
    const derived = new Map<string, Node>();
    for (const d of protocol.derived ?? []) {
      const ast = parse(d.expr).ast;
      if (ast) derived.set(d.name, ast);
    }
    t = { rules, derived };
    parsed.set(protocol, t);
  }
  return t;
}

/** Arguments skipped when argument 0 is available, per function (see the file's comment). */
const FIRST_DECIDES: Record<string, number[]> = { age_from: [1, 2, 3] };

/**
 * The protocol's variables that are unmapped but not needed, each with what decides instead.
 * `mapped` holds the variables that have a column.
 */
export function notNeeded(protocol: Protocol, mapped: ReadonlySet<string>): Map<string, NotNeeded> {
  const { rules, derived } = trees(protocol);
  const variables = new Set(protocol.variables.map((v) => v.name));
  const needed = new Set<string>();
  const skipped = new Map<string, Set<string>>();
  // variables a node reads on every path (no short cut), through derived values
  const allMemo = new Map<string, Set<string>>();
  const all = (n: Node, into: Set<string>, seen = new Set<string>()): Set<string> => {
    visit(n, (x) => {
      if (x.kind !== "ident") return;
      if (variables.has(x.name)) into.add(x.name);
      const d = derived.get(x.name);
      if (d && !seen.has(x.name)) {
        seen.add(x.name);
        let m = allMemo.get(x.name);
        if (!m) allMemo.set(x.name, (m = all(d, new Set(), seen)));
        for (const v of m) into.add(v);
      }
    });
    return into;
  };
  // variables a node needs given what is mapped (short cuts taken)
  const needMemo = new Map<string, Set<string>>();
  const need = (n: Node, into: Set<string>, seen: Set<string>): Set<string> => {
    const skip = (args: Node[], decider: Node) => {
      const by = [...all(decider, new Set())];
      for (const a of args)
        for (const v of all(a, new Set())) {
          let s = skipped.get(v);
          if (!s) skipped.set(v, (s = new Set()));
          for (const b of by) s.add(b);
        }
    };
    const available = (a: Node) => [...need(a, new Set(), seen)].every((v) => mapped.has(v));
    if (n.kind === "ident") {
      if (variables.has(n.name)) into.add(n.name);
      const d = derived.get(n.name);
      if (d && !seen.has(n.name)) {
        let m = needMemo.get(n.name);
        if (!m) {
          seen.add(n.name);
          needMemo.set(n.name, (m = need(d, new Set(), seen)));
          seen.delete(n.name);
        }
        for (const v of m) into.add(v);
      }
      return into;
    }
    if (n.kind === "call" && n.name === "coalesce") {
      for (let i = 0; i < n.args.length; i++) {
        need(n.args[i]!, into, seen);
        if (available(n.args[i]!)) {
          skip(n.args.slice(i + 1), n.args[i]!);
          break;
        }
      }
      return into;
    }
    const later = n.kind === "call" ? own(FIRST_DECIDES, n.name) : undefined;
    if (n.kind === "call" && later && n.args[0] && available(n.args[0])) {
      n.args.forEach((a, i) => {
        if (!later.includes(i)) need(a, into, seen);
      });
      skip(
        n.args.filter((_, i) => later.includes(i)),
        n.args[0],
      );
      return into;
    }
    for (const c of children(n)) need(c, into, seen);
    return into;
  };
  for (const r of rules) need(r, needed, new Set());
  const out = new Map<string, NotNeeded>();
  for (const v of protocol.variables) {
    if (mapped.has(v.name) || needed.has(v.name) || v.name === protocol.idVariable) continue;
    out.set(v.name, { decidedBy: [...(skipped.get(v.name) ?? [])].filter((b) => mapped.has(b)) });
  }
  return out;
}

/** `notNeeded` for the mapping step's choices (none without a protocol). */
export function notNeededFor(
  protocol: Protocol | undefined,
  choices: readonly { variable: string; column: string | null }[],
): ReadonlyMap<string, NotNeeded> {
  if (!protocol) return new Map();
  return notNeeded(protocol, new Set(choices.filter((c) => c.column).map((c) => c.variable)));
}

function children(n: Node): Node[] {
  switch (n.kind) {
    case "call":
      return n.args;
    case "neg":
    case "not":
      return [n.operand];
    case "arith":
    case "compare":
    case "logic":
      return [n.left, n.right];
    case "between":
      return [n.operand, n.low, n.high];
    case "in":
      return [n.operand, ...n.items];
    case "is":
      return [n.operand];
    case "within":
      return [n.operand, n.amount, n.anchor];
    default:
      return [];
  }
}

function visit(n: Node, f: (n: Node) => void): void {
  f(n);
  for (const c of children(n)) visit(c, f);
}
