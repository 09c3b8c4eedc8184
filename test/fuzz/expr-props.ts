/**
 * Properties of the criteria language under arbitrary text, shared by the test suite
 * (expressions.test.ts) and the long run (scripts/fuzz-long.ts).
 */
import fc from "fast-check";
import { checkRule, compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { Table } from "../../src/engine/types.ts";
import {
  ALPHABET,
  PROTOCOLS,
  REAL_RULES,
  mutate,
  placementError,
  randomTable,
  timed,
  type Mutation,
} from "./helpers.ts";

/** One small random table per built-in protocol, made once. */
const TABLES = new Map<Protocol, Table>(PROTOCOLS.map((p, k) => [p, randomTable(p, 40, 7 + k)]));

/**
 * checkRule and compileProtocol on `text` as a criterion of `protocol`: never throw, finish in
 * budget, place every problem inside the text, agree on whether the rule has errors, and a rule
 * that compiles evaluates to TRUE/FALSE/UNKNOWN only. Throws a description of any violation.
 */
export function checkExpression(protocol: Protocol, text: string): "compiled" | "rejected" {
  const show = JSON.stringify(text.length > 200 ? text.slice(0, 200) + "…" : text);
  const problems = timed(`checkRule ${show}`, () => checkRule(protocol, text));
  for (const p of problems) {
    const bad = placementError(text, p);
    if (bad) throw new Error(`checkRule ${show}: ${bad}: ${JSON.stringify(p)}`);
  }
  const one: Protocol = {
    ...protocol,
    criteria: [{ id: "FZ1", kind: "exclusion", label: "fuzz", text: "fuzz", rule: text }],
  };
  const { compiled, problems: cps } = timed(`compileProtocol ${show}`, () => compileProtocol(one));
  for (const p of cps) {
    // an empty rule is a criterion without a rule: reported on the criterion itself
    if (text === "" && p.where === "/criteria/0" && /needs a 'rule'/.test(p.message)) continue;
    if (p.where !== "/criteria/0/rule")
      throw new Error(`compileProtocol ${show}: problem outside the rule: ${JSON.stringify(p)}`);
    const bad = placementError(text, p);
    if (bad) throw new Error(`compileProtocol ${show}: ${bad}: ${JSON.stringify(p)}`);
  }
  const ruleErrors = problems.some((p) => p.severity === "error");
  if (ruleErrors === Boolean(compiled))
    throw new Error(
      `checkRule and compileProtocol disagree on ${show}: checkRule ${ruleErrors ? "errors" : "clean"}, compile ${compiled ? "ok" : "failed"}`,
    );
  if (!compiled) return "rejected";
  const table = TABLES.get(protocol) ?? randomTable(protocol, 40, 7);
  const { truths, verdicts } = timed(`evaluate ${show}`, () => evaluateProtocol(compiled, table));
  if (truths[0]!.length !== table.nRows) throw new Error(`evaluate ${show}: wrong length`);
  if (!truths[0]!.every((t) => t <= 2)) throw new Error(`evaluate ${show}: truth code > 2`);
  if (!verdicts[0]!.every((v) => v <= 3)) throw new Error(`evaluate ${show}: verdict code > 3`);
  return "compiled";
}

/** Cases name protocols by id so a counterexample prints short. */
export const byId = new Map(PROTOCOLS.map((p) => [p.id, p]));
const protocolArb = fc.constantFrom(...PROTOCOLS.map((p) => p.id));

/** Words of the language joined by random separators (sometimes none). */
export const soupArb = (maxLength: number, minLength = 0): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.constantFrom(...ALPHABET), fc.constantFrom(" ", " ", " ", "", "\n", "  ")), {
      minLength,
      maxLength,
    })
    .map((ws) => ws.map(([w, sep]) => w + sep).join(""));

/** Random text: arbitrary unicode, text over the language's characters, or token soup. */
export const randomTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(..."abz_019 .,()<>=!+-*/'\"\n\t#éμ≤×%^~[]{}"),
    maxLength: 60,
  }),
  soupArb(16),
);

const charArb = fc.oneof(
  fc.constantFrom(..."()'\",<>=!+-*/ \n._0123456789aezAZ#"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom("delTok" as const, "dupTok" as const), at: fc.nat() }),
  fc.record({
    op: fc.constantFrom("insTok" as const, "repTok" as const),
    at: fc.nat(),
    word: fc.nat(),
  }),
  fc.record({ op: fc.constant("swapTok" as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constantFrom("delChar" as const, "swapChar" as const), at: fc.nat() }),
  fc.record({
    op: fc.constantFrom("insChar" as const, "repChar" as const),
    at: fc.nat(),
    ch: charArb,
  }),
);

/** A real rule or derived expression of a built-in protocol with 1-4 mutations. */
export const mutatedRuleArb = fc
  .record({
    k: fc.nat({ max: REAL_RULES.length - 1 }),
    ms: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  })
  .map(({ k, ms }) => {
    const r = REAL_RULES[k]!;
    return { protocol: r.protocol.id, where: r.where, text: mutate(r.text, ms) };
  });

export const randomCaseArb = fc.record({ protocol: protocolArb, text: randomTextArb });
