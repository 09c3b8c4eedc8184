import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkRule,
  compileProtocol,
  evaluateProtocol,
} from "../../../src/engine/compile-protocol.ts";
import { P, table } from "./helpers.ts";

const T3 = table(P, {
  upcr: [1, null, "<0.5"],
  hb: [60, 50, null],
  a: [true, null, false],
  b: [null, false, true],
  biopsy_date: ["2026-01-01", null, "2020-02-29"],
  biopsy_class: ["III", "x", null],
  birth_date: ["2000-01-01", null, "2008-11-25"],
});

const WORDS = [
  "upcr",
  "hb",
  "a",
  "b",
  "biopsy_date",
  "biopsy_class",
  "screening_date",
  "min_age",
  "age",
  "and",
  "or",
  "not",
  "in",
  "is",
  "missing",
  "present",
  "between",
  "within",
  "before",
  "after",
  "of",
  "true",
  "false",
  "date",
  "at_least",
  "coalesce",
  "min",
  "abs",
  "age_at",
  "(",
  ")",
  ",",
  "<",
  "<=",
  ">",
  ">=",
  "=",
  "!=",
  "+",
  "-",
  "*",
  "/",
  "1",
  "0.5",
  "12",
  "1.0 g/g",
  "113 mg/mmol",
  "6 months",
  "7 days",
  "mgg/dL",
  "'III'",
  "'x",
  '"IV"',
  "'2024-01-31'",
  "#",
  "\n",
];

/** Every problem must point inside the rule (or just past its end). */
function wellFormed(rule: string): boolean {
  const problems = checkRule(P, rule);
  if (problems.length === 0) {
    // a rule that checks clean compiles and evaluates to truth codes
    const { compiled } = compileProtocol({
      ...P,
      criteria: [{ id: "F", kind: "inclusion", label: "", text: "", rule }],
    });
    const t = evaluateProtocol(compiled!, T3).truths[0]!;
    if (![...t].every((x) => x <= 2)) return false;
  }
  const lines = rule.split("\n");
  return problems.every((p) => {
    const line = lines[(p.line ?? 1) - 1];
    return (
      line !== undefined &&
      p.column! >= 1 &&
      p.column! <= line.length + 1 &&
      p.length! >= 1 &&
      p.message.length > 0
    );
  });
}

describe("checkRule on arbitrary input", () => {
  it("never throws on random text and always positions its problems", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => wellFormed(s)),
      { numRuns: 500, seed: Number(process.env.FUZZ_SEED ?? 7) },
    );
  });
  it("never throws on token soup", () => {
    const soup = fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(soup, (s) => wellFormed(s)),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500), seed: Number(process.env.FUZZ_SEED ?? 11) },
    );
    expect(checkRule(P, "upcr >= 1 g/g")).toEqual([]);
  });
});
