import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolEditor } from "../../src/app/editor.svelte.ts";
import { complete } from "../../src/ui/editor/complete.ts";
import { highlight } from "../../src/ui/editor/highlight.ts";
import { quickFixes } from "../../src/ui/editor/fixes.ts";
import { nameKinds, ruleProblems } from "../../src/ui/editor/rules.ts";
import { seed } from "./fixtures.ts";

/** rule-ish text: names, numbers with units, operators, strings, junk */
const piece = fc.oneof(
  fc.constantFrom("upcr", "uprc", "age", "sledai_min", "age_at(", ")", "(", ",", "'III'", "'"),
  fc.constantFrom(">=", "<", "=", "and", "or", "not", "between", "in", "is missing", "#", "\n"),
  fc.constantFrom("1", "0.5", "3 g/g", "6 months", "2 mg/dl", "1e3", "x10^9/L", "g/gg"),
  fc.string({ maxLength: 4 }),
);
const ruleText = fc.array(piece, { maxLength: 12 }).map((xs) => xs.join(" "));

const op = fc.oneof(
  fc.record({
    k: fc.constant("add"),
    kind: fc.constantFrom("inclusion", "exclusion") as fc.Arbitrary<"inclusion" | "exclusion">,
  }),
  fc.record({ k: fc.constant("remove"), i: fc.nat(40) }),
  fc.record({ k: fc.constant("move"), i: fc.nat(40), d: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ k: fc.constant("dup"), i: fc.nat(40) }),
  fc.record({ k: fc.constant("site"), i: fc.nat(40), on: fc.boolean() }),
  fc.record({ k: fc.constant("rule"), i: fc.nat(40), text: ruleText }),
  fc.record({
    k: fc.constant("ptype"),
    j: fc.nat(40),
    t: fc.constantFrom("number", "date", "boolean") as fc.Arbitrary<"number" | "date" | "boolean">,
  }),
  fc.record({ k: fc.constant("rename"), j: fc.nat(40), to: fc.string({ maxLength: 8 }) }),
  fc.record({ k: fc.constant("addp") }),
);

describe("editor under arbitrary edits", () => {
  it("never throws, and what it exports imports back to the same document", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), (ops) => {
        const e = new ProtocolEditor(seed);
        for (const o of ops) {
          if (o.k === "add") e.addCriterion(o.kind);
          else if (o.k === "remove") e.removeCriterion(o.i);
          else if (o.k === "move") e.moveCriterion(o.i, o.d);
          else if (o.k === "dup") e.duplicateCriterion(o.i);
          else if (o.k === "site") e.setSiteAssessed(o.i, o.on);
          else if (o.k === "rule") {
            const c = e.protocol.criteria[o.i];
            if (c && c.siteAssessed === undefined) c.rule = o.text;
          } else if (o.k === "ptype") e.setParameterType(o.j, o.t);
          else if (o.k === "rename") e.renameParameter(o.j, o.to);
          else e.addParameter();
        }
        expect(Array.isArray(e.problems)).toBe(true);
        e.protocol.criteria.forEach((_, i) => e.ruleProblems(i));
        const f = new ProtocolEditor();
        const ok = f.importJson(e.exportJson());
        // an import is refused only for problems the editor also lists
        if (!ok) expect(e.errorCount).toBeGreaterThan(0);
        else expect(f.plain).toEqual(e.plain);
      }),
      { numRuns: 40 },
    );
  });

  it("highlights, completes and offers fixes for any text at any cursor without throwing", () => {
    const names = nameKinds(seed);
    fc.assert(
      fc.property(ruleText, fc.nat(), (text, c) => {
        const cursor = c % (text.length + 1);
        const problems = ruleProblems(seed, text);
        const segs = highlight(text, names, problems);
        expect(
          segs
            .map((s) => s.text)
            .join("")
            .trimEnd(),
        ).toBe(text.trimEnd());
        const r = complete(seed, text, cursor, true);
        expect(r.from).toBeLessThanOrEqual(cursor);
        expect(r.to).toBeGreaterThanOrEqual(cursor);
        for (const p of problems) quickFixes(seed, text, p);
      }),
      { numRuns: 300 },
    );
  });
});
