import { describe, expect, it } from "vitest";
import { createLiveEngine } from "../../../src/app/engine-live.ts";
import { ScreenState } from "../../../src/app/screen.svelte.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { ResultSet } from "../../../src/engine/results/index.ts";
import { applyRule, applyToScreen } from "../../../src/ui/editor/apply.ts";
import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import { seed, table } from "../../app/fixtures.ts";

const t = table(300);

function expectedCounts(p: Protocol, overrides: Record<string, number> = {}, off: string[] = []) {
  const { compiled } = compileProtocol(p, overrides);
  const { verdicts } = evaluateProtocol(compiled!, t);
  const rs = new ResultSet(
    p.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label })),
    t.nRows,
    verdicts,
  );
  p.criteria.forEach((c, k) => off.includes(c.id) && rs.setEnabled(k, false));
  return rs.counts();
}

async function opened() {
  const s = new ScreenState(createLiveEngine());
  await s.open(seed, t);
  return s;
}

describe("applyToScreen", () => {
  it("re-screens with a new criterion, keeping overrides, set-aside criteria, order and cell edits", async () => {
    const s = await opened();
    await s.setParam("upcr_min", 0.5);
    const e2 = s.ids.indexOf("E2");
    s.setEnabled(e2, false);
    s.moveInOrder(0, 3);
    const order = s.order.map((k) => s.ids[k]);
    await s.editCell(0, "upcr", "2.5");
    const p = structuredClone(seed);
    p.criteria.push({ id: "E99", kind: "exclusion", label: "x", text: "x", rule: "upcr >= 3 g/g" });
    const r = await applyToScreen(s, p);
    expect(r.ok).toBe(true);
    expect(s.protocol.criteria.length).toBe(seed.criteria.length + 1);
    expect(s.overrides).toEqual({ upcr_min: 0.5 });
    expect(s.enabled[e2]).toBe(false);
    expect(s.order.map((k) => s.ids[k])).toEqual([...order, "E99"]);
    expect(s.edits.map((e) => [e.row, e.column])).toEqual([[0, "upcr"]]);
    expect(s.counts).toEqual(expectedCounts(p, { upcr_min: 0.5 }, ["E2"]));
    expect(s.counts).not.toEqual(expectedCounts(seed, { upcr_min: 0.5 }, ["E2"]));
  });

  it("refuses a protocol with errors and keeps screening the old one", async () => {
    const s = await opened();
    const before = s.counts;
    const p = structuredClone(seed);
    p.criteria[3]!.rule = "uprc >= upcr_min";
    const r = await applyToScreen(s, p);
    expect(r.ok).toBe(false);
    expect(r.problems.find((x) => x.severity === "error")).toMatchObject({
      where: "/criteria/3/rule",
      line: 1,
      column: 1,
    });
    expect(s.protocol).toBe(seed);
    expect(s.counts).toEqual(before);
  });

  it("drops overrides of a parameter the new protocol no longer has", async () => {
    const s = await opened();
    await s.setParam("sledai_min", 4);
    const p = structuredClone(seed);
    const k = p.criteria.findIndex((c) => c.rule?.includes("sledai_min"));
    p.criteria[k]!.rule = "sledai >= 8";
    p.parameters = p.parameters.filter((x) => x.name !== "sledai_min");
    expect((await applyToScreen(s, p)).ok).toBe(true);
    expect(s.overrides).toEqual({});
  });
});

describe("applyRule", () => {
  it("replaces one rule (the formula bar) and the counts follow", async () => {
    const s = await opened();
    const r = await applyRule(s, "I4", "upcr >= 2 g/g");
    expect(r.ok).toBe(true);
    expect(s.protocol.criteria.find((c) => c.id === "I4")?.rule).toBe("upcr >= 2 g/g");
    const p = structuredClone(seed);
    p.criteria.find((c) => c.id === "I4")!.rule = "upcr >= 2 g/g";
    expect(s.counts).toEqual(expectedCounts(p));
    expect(s.counts).not.toEqual(expectedCounts(seed));
  });

  it("turns a site-assessed criterion into a computed one", async () => {
    const s = await opened();
    const site = seed.criteria.find((c) => c.siteAssessed)!;
    expect((await applyRule(s, site.id, "sledai >= 1")).ok).toBe(true);
    const c = s.protocol.criteria.find((x) => x.id === site.id)!;
    expect(c.rule).toBe("sledai >= 1");
    expect(c).not.toHaveProperty("siteAssessed");
  });

  it("reports an unknown criterion id", async () => {
    const s = await opened();
    expect((await applyRule(s, "Z9", "true")).problems[0]?.message).toMatch(/no criterion 'Z9'/);
  });
});
