import { describe, expect, it } from "vitest";
import CriterionBars from "../../../src/ui/charts/CriterionBars.svelte";
import { sampleCriterionStats } from "../../../src/ui/charts/sample.ts";
import type { CriterionStat } from "../../../src/ui/charts/types.ts";
import { after, byAttr, hasClass, num, pretty, renderChart, t, tags } from "./html.ts";

const criteria: CriterionStat[] = [
  { index: 0, id: "I1", label: "Age 18-65", fail: 600, unknown: 20, alone: 60 },
  { index: 1, id: "I4", label: "UPCR ≥ 1.0 g/g", fail: 1400, unknown: 550, alone: 140 },
  {
    index: 2,
    id: "I6",
    label: "BILAG-2004",
    fail: 300,
    unknown: 1300,
    alone: { suppressed: true },
  },
];

function rows(html: string) {
  const all = tags(html);
  return byAttr(all, "data-criterion").map((row) => {
    const next = all.slice(all.indexOf(row) + 1);
    const end = next.findIndex((x) => "data-criterion" in x.attrs);
    const mine = end < 0 ? next : next.slice(0, end);
    const parts = Object.fromEntries(
      byAttr(mine, "data-part").map((g) => {
        const rect = after(all, g, (x) => hasClass(x, "mark"))!;
        return [
          g.attrs["data-part"],
          { x: num(rect.attrs.x), w: num(rect.attrs.width), aria: g.attrs["aria-label"] },
        ];
      }),
    );
    return {
      index: num(row.attrs["data-criterion"]),
      parts,
      value: byClass(mine, "value")[0]?.text.trim(),
    };
  });
}
const byClass = (all: ReturnType<typeof tags>, cls: string) => all.filter((x) => hasClass(x, cls));

describe("CriterionBars", () => {
  it("sorts by failing on data by default, protocol order on request", () => {
    expect(rows(renderChart(CriterionBars, { criteria, total: 5000 })).map((r) => r.index)).toEqual(
      [1, 0, 2],
    );
    const html = renderChart(CriterionBars, { criteria, total: 5000, sort: "protocol" });
    expect(rows(html).map((r) => r.index)).toEqual([0, 1, 2]);
    const unknownFirst = renderChart(CriterionBars, { criteria, total: 5000, sort: "unknown" });
    expect(rows(unknownFirst).map((r) => r.index)).toEqual([2, 1, 0]);
  });

  it("stacks unknown after failing, both on one scale, with failing alone inside failing", () => {
    const drawn = rows(renderChart(CriterionBars, { criteria, total: 5000, sort: "protocol" }));
    const perPatient = drawn[1]!.parts.fail!.w / 1400;
    drawn.forEach((r, i) => {
      const c = criteria[i]!;
      const { fail, unknown } = r.parts;
      expect(fail!.w).toBeCloseTo(perPatient * (c.fail as number), 1);
      expect(unknown!.w).toBeCloseTo(perPatient * (c.unknown as number), 1);
      expect(unknown!.x).toBeCloseTo(fail!.x + fail!.w, 1);
    });
    expect(drawn[1]!.parts.alone!.x).toBe(drawn[1]!.parts.fail!.x);
    expect(drawn[1]!.parts.alone!.w / drawn[1]!.parts.fail!.w).toBeCloseTo(140 / 1400, 2);
  });

  it("labels the parts and prints counts, suppressed alone as +<11", () => {
    const drawn = rows(renderChart(CriterionBars, { criteria, total: 5000, sort: "protocol" }));
    expect(drawn[1]!.parts.fail!.aria).toBe(t("I4 UPCR ≥ 1.0 g/g: 1 400 failing on data"));
    expect(drawn[1]!.parts.unknown!.aria).toBe("I4 UPCR ≥ 1.0 g/g: 550 unknown (missing data)");
    expect(drawn[1]!.parts.alone!.aria).toBe("I4 UPCR ≥ 1.0 g/g: 140 failing alone");
    expect(drawn[2]!.parts.alone).toBeUndefined();
    expect(drawn[2]!.value).toBe(t("✗ 300 · ? 1 300 · +<11"));
  });

  it("marks the chosen sort button as pressed", () => {
    const all = tags(renderChart(CriterionBars, { criteria, total: 5000, sort: "alone" }));
    const pressed = all.filter((x) => x.name === "button" && x.attrs["aria-pressed"] === "true");
    expect(pressed.map((b) => b.text.trim())).toEqual(["Failing alone"]);
  });

  it("labels a small count axis with whole patients only", () => {
    const few: CriterionStat[] = [
      { index: 0, id: "I1", label: "Age", fail: 1, unknown: 0, alone: 1 },
    ];
    const all = tags(renderChart(CriterionBars, { criteria: few, total: 10 }));
    const ticks = all.filter((x) => x.name === "text" && hasClass(x, "middle")).map((x) => x.text);
    expect(ticks).toEqual(["0", "1"]); // not 0, 0.5 (printed "1"), 1
  });

  it("shows the empty state", () => {
    expect(renderChart(CriterionBars, { criteria: [], total: 0 })).toContain("No patients loaded");
  });

  it("matches the snapshot", async () => {
    const html = renderChart(CriterionBars, { criteria: sampleCriterionStats(), total: 5000 });
    await expect(pretty(html)).toMatchFileSnapshot("__snapshots__/criterion-bars.html.snap");
  });
});

describe("CriterionBars against the protocol as written", () => {
  it("prints the exact gain of setting a criterion aside and each count's change", () => {
    const html = renderChart(CriterionBars, {
      total: 1000,
      criteria: [
        {
          index: 0,
          id: "I3",
          label: "Biopsy",
          fail: 600,
          unknown: 20,
          alone: 488,
          gain: { eligible: 32, needsReview: 456 },
          was: { fail: 590, unknown: 25 },
        },
      ],
    });
    const all = tags(html);
    expect(all.find((x) => x.attrs["data-gain"] === "I3")!.text.trim()).toBe(
      "set aside: +32 eligible, +456 needs review",
    );
    expect(all.find((x) => hasClass(x, "value"))!.text.trim()).toBe(
      "✗ 600 (+10) · ? 20 (−5) · +488",
    );
    expect(html).not.toContain("gained if relaxed");
  });
});
