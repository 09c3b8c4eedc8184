import { describe, expect, it } from "vitest";
import { createLiveEngine } from "../../src/app/engine-live.ts";
import { keepScenario, nextName, withScenario } from "../../src/app/named-scenarios.ts";
import { describeDifference } from "../../src/app/scenario.ts";
import { ScreenState } from "../../src/app/screen.svelte.ts";
import { ResultSet } from "../../src/engine/results/index.ts";
import { applyRule, resetScenario, switchTo } from "../../src/ui/editor/apply.ts";
import { seed, table } from "./fixtures.ts";

async function opened() {
  const s = new ScreenState(createLiveEngine());
  await s.open(seed, table(300));
  return s;
}
const words = (s: ScreenState) => s.differences.map(describeDifference);

describe("named scenarios side by side", () => {
  it("keeps two what-ifs with their counts and switches between them exactly", async () => {
    const s = await opened();
    const asWritten = s.counts;
    await s.setParam("upcr_min", 0.3);
    s.setEnabled(
      seed.criteria.findIndex((c) => c.id === "E1"),
      false,
    );
    const a = keepScenario("lenient UPCR", s);
    const aWords = words(s);
    await resetScenario(s);
    await applyRule(s, "I5", "sledai2k_total >= 4");
    await s.editCell(2, "upcr", "3.1");
    const b = keepScenario(nextName([a]), s);
    const bWords = words(s);
    expect(b.name).toBe("Scenario A");
    expect(a.counts).not.toEqual(b.counts);

    expect(await switchTo(s, a)).toEqual([]);
    expect(words(s)).toEqual(aWords);
    expect(s.counts).toMatchObject(a.counts);
    expect(await switchTo(s, b)).toEqual([]);
    expect(words(s)).toEqual(bWords);
    expect(s.counts).toMatchObject(b.counts);
    await resetScenario(s);
    expect(s.counts).toEqual(asWritten);
    expect(
      withScenario(withScenario([a], b), { ...a, counts: b.counts }).map((x) => x.name),
    ).toEqual(["lenient UPCR", "Scenario A"]);
  });

  it("keeps the baseline while switching: funnel, bars and subgroups compare with it", async () => {
    const s = await opened();
    const verdicts = seed.criteria.map((_, k) => s.verdicts[k]!);
    const written = new ResultSet(
      seed.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label })),
      s.table.nRows,
      verdicts,
    );
    await s.setParam("upcr_min", 0.3);
    expect(s.compared).toBe(true);
    const ids = s.order.map((k) => seed.criteria[k]!.id);
    const steps = written.attrition(s.order).steps;
    const base = s.baseFunnel!;
    expect(ids.map((id) => [base.get(id)!.low, base.get(id)!.high])).toEqual(
      steps.map((x) => [x.remainingLow, x.remainingHigh]),
    );
    const i4 = seed.criteria.findIndex((c) => c.id === "I4");
    expect(s.base!.criteria.get("I4")!.failing).toBe(written.perCriterion()[i4]!.failing);
    expect(s.perCriterion[i4]!.failing).not.toBe(written.perCriterion()[i4]!.failing);
  });
});

describe("a sweep superseded by a reload", () => {
  it("ends quietly when the workers are replaced under it (no rejected promise)", async () => {
    // an engine whose pending evaluations reject when it is loaded again, as the worker pool's do
    const live = createLiveEngine();
    let generation = 0;
    const engine = {
      ...live,
      load: (...a: Parameters<typeof live.load>) => {
        generation++;
        return live.load(...a);
      },
      evaluate: async (...a: Parameters<typeof live.evaluate>) => {
        const g = generation;
        await new Promise((r) => setTimeout(r, 5));
        if (g !== generation) throw new Error("evaluation pool reloaded");
        return live.evaluate(...a);
      },
    };
    const s = new ScreenState(engine);
    await s.open(seed, table(120));
    const sweep = s.sensitivity("upcr_min", [0.3, 0.5, 0.8, 1, 1.5, 2]);
    const sweep2 = s.sensitivity2(
      { name: "upcr_min", values: [0.5, 1] },
      { name: "sledai_min", values: [4, 6] },
    );
    await s.open(seed, s.table);
    await expect(sweep).resolves.toEqual([]);
    await expect(sweep2).resolves.toEqual([]);
    // and a sweep on the screen as it is answers with the screen's own counts at the current value
    const pts = await s.sensitivity("upcr_min", [Number(s.paramValue("upcr_min"))]);
    expect(pts[0]).toMatchObject({
      eligible: s.counts.eligible,
      needsReview: s.counts.needsReview,
    });
  });
});
