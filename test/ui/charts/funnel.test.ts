import { describe, expect, it } from "vitest";
import Funnel from "../../../src/ui/charts/Funnel.svelte";
import { sampleFunnel } from "../../../src/ui/charts/sample.ts";
import { after, byAttr, hasClass, num, pretty, renderChart, t, tags } from "./html.ts";

function steps(html: string) {
  const all = tags(html);
  return byAttr(all, "data-step").map((g) => {
    // the next mark of that part, unless the next step comes first
    const part = (name: string) => {
      const hit = after(
        all,
        g,
        (x) => x.attrs["data-part"] === name || (x !== g && "data-step" in x.attrs),
      );
      return hit?.attrs["data-part"] === name ? hit : undefined;
    };
    const track = after(all, g, (x) => hasClass(x, "track"))!;
    const lower = part("lower")!;
    const range = part("range");
    return {
      step: num(g.attrs["data-step"]),
      aria: g.attrs["aria-label"] ?? "",
      track: { x: num(track.attrs.x), w: num(track.attrs.width) },
      lower: { x: num(lower.attrs.x), w: num(lower.attrs.width) },
      range: range ? { x: num(range.attrs.x), w: num(range.attrs.width) } : undefined,
    };
  });
}

describe("Funnel", () => {
  it("draws the steps in the given order", () => {
    const html = renderChart(Funnel, { total: 5000, steps: sampleFunnel([3, 0, 1]) });
    expect(steps(html).map((s) => s.step)).toEqual([3, 0, 1]);
  });

  it("draws each step as the range from unknown-as-fail to unknown-as-pass", () => {
    const given = [
      { index: 0, id: "I1", label: "Age 18-65", lower: 4000, upper: 4500 },
      { index: 1, id: "I4", label: "UPCR ≥ 1.0 g/g", lower: 1000, upper: 2500 },
      { index: 2, id: "E6", label: "End-stage renal failure", lower: 900, upper: 900 },
    ];
    const drawn = steps(renderChart(Funnel, { total: 5000, steps: given }));
    drawn.forEach((s, i) => {
      const g = given[i]!;
      expect(s.lower.w / s.track.w).toBeCloseTo(g.lower / 5000, 3);
      if (g.upper > g.lower) {
        expect(s.range!.x).toBeCloseTo(s.lower.x + s.lower.w, 1);
        expect(s.range!.w / s.track.w).toBeCloseTo((g.upper - g.lower) / 5000, 3);
      } else {
        expect(s.range).toBeUndefined();
      }
    });
    expect(drawn[1]!.aria).toContain(t("I4 UPCR ≥ 1.0 g/g: 1 000 – 2 500 patients remain"));
    expect(drawn[2]!.aria).toContain("E6 End-stage renal failure: 900 patients remain");
  });

  it("makes steps keyboard buttons that announce Alt+Arrow reordering", () => {
    const html = renderChart(Funnel, { total: 5000, steps: sampleFunnel([0, 1]) });
    for (const g of byAttr(tags(html), "data-step")) {
      expect(g.attrs.role).toBe("button");
      expect(g.attrs.tabindex).toBe("0");
      expect(g.attrs["aria-keyshortcuts"]).toBe("Alt+ArrowUp Alt+ArrowDown");
    }
    const moves = tags(html).filter((x) => hasClass(x, "move"));
    expect(moves.map((x) => [x.attrs["aria-label"], x.attrs["aria-disabled"]])).toEqual([
      ["Move I1 up", "true"],
      ["Move I1 down", "false"],
      ["Move I2 up", "false"],
      ["Move I2 down", "true"],
    ]);
  });

  it("leaves room for million-patient ranges right of the bars", () => {
    const big = [{ index: 0, id: "I1", label: "Age", lower: 987_654, upper: 1_000_000 }];
    const all = tags(renderChart(Funnel, { total: 1_000_000, steps: big }));
    const width = num(all.find((x) => x.name === "svg" && x.attrs.role === "list")!.attrs.width);
    const value = all.filter((x) => x.name === "text" && hasClass(x, "value")).at(-1)!;
    expect(value.text).toBe(t("987 654 – 1 000 000"));
    expect(num(value.attrs.x) + value.text.length * 6.2).toBeLessThanOrEqual(width);
  });

  it("shows the empty state without steps or patients", () => {
    expect(renderChart(Funnel, { total: 0, steps: [] })).toContain("No patients loaded");
  });

  it("matches the snapshot", async () => {
    const html = renderChart(Funnel, { total: 5000, steps: sampleFunnel([0, 1, 2, 3]) });
    await expect(pretty(html)).toMatchFileSnapshot("__snapshots__/funnel.html.snap");
  });
});

describe("Funnel against the protocol as written", () => {
  it("prints each step's change next to its range", () => {
    const html = renderChart(Funnel, {
      total: 100,
      steps: [
        { index: 0, id: "I1", label: "a", lower: 80, upper: 90, was: { lower: 70, upper: 90 } },
        { index: 1, id: "I2", label: "b", lower: 50, upper: 50, was: { lower: 53, upper: 53 } },
      ],
    });
    const values = tags(html)
      .filter((x) => x.name === "text" && hasClass(x, "value"))
      .map((x) => x.text.trim());
    expect(values).toEqual(["100", "80 – 90 (+10 – ±0)", "50 (−3)"]);
  });
});
