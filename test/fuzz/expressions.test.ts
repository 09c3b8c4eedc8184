import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRule, compileProtocol } from "../../src/engine/compile-protocol.ts";
import { MAX_DEPTH } from "../../src/engine/lang/parse.ts";
import { byId, checkExpression, mutatedRuleArb, randomCaseArb, soupArb } from "./expr-props.ts";
import { FUZZ_SEED, REAL_RULES, SEED, mutate, placementError, runs, timed } from "./helpers.ts";

describe("criteria language under random text", () => {
  it("never throws, places every problem inside the text, and evaluates to truth codes", () => {
    fc.assert(
      fc.property(
        randomCaseArb,
        ({ protocol, text }) => void checkExpression(byId.get(protocol)!, text),
      ),
      { numRuns: runs(1500), seed: FUZZ_SEED },
    );
  });

  it("survives long token soup (thousands of words)", () => {
    fc.assert(
      fc.property(soupArb(3000, 1000), (text) => void checkExpression(SEED, text)),
      { numRuns: runs(6), seed: FUZZ_SEED + 1 },
    );
  });
});

describe("criteria language under mutated real rules", () => {
  it("starts from rules that check clean", () => {
    expect(REAL_RULES.length).toBeGreaterThan(40);
    for (const r of REAL_RULES) {
      if (r.criterion) expect(checkRule(r.protocol, r.text), r.where).toEqual([]);
      checkExpression(r.protocol, r.text);
    }
  });

  it("never throws on deleted, inserted, swapped or replaced tokens and characters", () => {
    fc.assert(
      fc.property(
        mutatedRuleArb,
        ({ protocol, text }) => void checkExpression(byId.get(protocol)!, text),
      ),
      { numRuns: runs(2500), seed: FUZZ_SEED + 2 },
    );
  });

  it("mutates for real (the generator is not a no-op)", () => {
    const rule = "upcr >= upcr_min or protein_24h >= protein24h_min";
    expect(mutate(rule, [{ op: "delTok", at: 0 }])).toBe(
      " >= upcr_min or protein_24h >= protein24h_min",
    );
    expect(mutate(rule, [{ op: "swapTok", at: 0, to: 4 }])).toBe(
      "upcr_min >= upcr or protein_24h >= protein24h_min",
    );
    expect(mutate("a", [{ op: "insChar", at: 0, ch: "(" }])).toBe("(a");
  });
});

describe("pathological nesting", () => {
  const deep = (n: number) => [
    "(".repeat(n) + "age" + ")".repeat(n) + " > 1",
    "not ".repeat(n) + "lupus_nephritis",
    "-".repeat(n) + "1 > 0",
    Array.from({ length: n }, () => "1").join(" + ") + " > 0",
    Array.from({ length: n }, () => "age > 1").join(" and "),
    "coalesce(".repeat(n) + "age" + ")".repeat(n) + " > 1",
    "(".repeat(n),
    ")".repeat(n),
  ];

  it.each([1_000, 10_000])("reports %i levels as a problem, not a stack overflow", (n) => {
    for (const text of deep(n)) {
      const problems = timed(`depth ${n}`, () => checkRule(SEED, text));
      expect(problems.length, text.slice(0, 30)).toBeGreaterThan(0);
      for (const p of problems) expect(placementError(text, p)).toBeNull();
      const one = { ...SEED, criteria: [{ ...SEED.criteria[0]!, rule: text }] };
      expect(compileProtocol(one).compiled).toBeUndefined();
    }
    expect(checkRule(SEED, deep(n)[0]!)[0]!.message).toMatch(/nested too deeply/);
  });

  it("reports 100,000 parentheses as a problem", () => {
    const text = "(".repeat(100_000) + "age" + ")".repeat(100_000) + " > 1";
    expect(timed("100k", () => checkRule(SEED, text))[0]!.message).toMatch(/nested too deeply/);
  });

  it("accepts nesting up to the limit", () => {
    const n = Math.floor(MAX_DEPTH / 2);
    for (const text of deep(n).slice(0, 6)) checkExpression(SEED, text);
  });

  it("reports a very long flat rule without hanging", () => {
    const text = "age > 1 or ".repeat(50_000) + "age > 2";
    timed("long rule", () => checkRule(SEED, text));
  });
});
