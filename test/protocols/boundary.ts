/** Boundary-table helper for the built-in protocols other than the seed. */
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { VERDICT_WORDS } from "../../src/engine/types.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { tableOf, type Row } from "./helpers.ts";

export type Case = [string, Row, "pass" | "fail" | "unknown"];

/** One `describe` per criterion: each case's row, on top of `base`, gives the verdict named. */
export function boundaries(
  protocolId: string,
  base: Row,
  byCriterion: Record<string, Case[]>,
): void {
  const protocol = getBuiltin(protocolId)!;
  const { compiled, problems } = compileProtocol(protocol);
  if (!compiled) throw new Error(problems.map((p) => `${p.where}: ${p.message}`).join("\n"));
  it("has a boundary table for every criterion decided from data", () => {
    const ruled = protocol.criteria.filter((c) => c.rule).map((c) => c.id);
    expect(Object.keys(byCriterion).sort()).toEqual(ruled.sort());
  });
  it("passes every criterion for the base patient", () => {
    const { verdicts } = evaluateProtocol(compiled, tableOf([base], protocol));
    const words = compiled.criteria.map((c, k) => [
      c.id,
      c.siteAssessed ? "site" : VERDICT_WORDS[verdicts[k]![0]!],
    ]);
    expect(words.filter(([, w]) => w !== "pass" && w !== "site")).toEqual([]);
  });
  for (const [id, cases] of Object.entries(byCriterion)) {
    describe(id, () => {
      const k = compiled.criteria.findIndex((c) => c.id === id);
      const rows = cases.map((c) => ({ ...base, ...c[1] }));
      const { verdicts } = evaluateProtocol(compiled, tableOf(rows, protocol));
      it.each(cases.map((c, i) => [c[0], c[2], i] as const))("%s -> %s", (_name, want, i) => {
        expect(VERDICT_WORDS[verdicts[k]![i]!]).toBe(want);
      });
    });
  }
}
