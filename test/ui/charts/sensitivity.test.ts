import { describe, expect, it } from "vitest";
import Sensitivity from "../../../src/ui/charts/Sensitivity.svelte";
import { sampleSensitivity } from "../../../src/ui/charts/sample.ts";
import { after, byAttr, hasClass, num, pretty, renderChart, tags } from "./html.ts";

const points = [
  { value: 1.0, eligible: 200, needsReview: 100 },
  { value: 0.5, eligible: 400, needsReview: 150 },
  { value: 1.5, eligible: 100, needsReview: 50 },
];

function drawn(html: string) {
  const all = tags(html);
  return byAttr(all, "data-value").map((g) => {
    const c = after(all, g, (x) => hasClass(x, "point"))!;
    return {
      value: num(g.attrs["data-value"]),
      cx: num(c.attrs.cx),
      cy: num(c.attrs.cy),
      aria: g.attrs["aria-label"],
      current: g.attrs["aria-current"],
    };
  });
}

describe("Sensitivity", () => {
  it("plots points in value order, higher counts higher up, on a linear scale", () => {
    const pts = drawn(
      renderChart(Sensitivity, { parameter: "UPCR threshold", unit: "g/g", points }),
    );
    expect(pts.map((p) => p.value)).toEqual([0.5, 1, 1.5]);
    expect(pts[1]!.cx - pts[0]!.cx).toBeCloseTo(pts[2]!.cx - pts[1]!.cx, 1);
    const base = pts[1]!.cy + (pts[1]!.cy - pts[0]!.cy); // y of 0: 200 -> 0 is the same drop as 400 -> 200
    expect(pts[2]!.cy).toBeCloseTo((base + pts[1]!.cy) / 2, 1);
  });

  it("marks the current value and names parameter and unit on the axis", () => {
    const html = renderChart(Sensitivity, {
      parameter: "UPCR threshold",
      unit: "g/g",
      points,
      current: 1,
    });
    const all = tags(html);
    const pts = drawn(html);
    const marker = all.find(
      (x) => x.name === "line" && hasClass(x, "current") && x.attrs.x1 !== "7",
    )!;
    expect(num(marker.attrs.x1)).toBeCloseTo(pts[1]!.cx, 1);
    expect(pts.map((p) => p.current)).toEqual([undefined, "true", undefined]);
    expect(all.some((x) => hasClass(x, "axis-label") && x.text === "UPCR threshold (g/g)")).toBe(
      true,
    );
    expect(pts[0]!.aria).toBe("UPCR threshold 0.5 g/g: 400 eligible, up to 550 with needs review");
  });

  it("draws the band from eligible up to eligible + needs review", () => {
    const html = renderChart(Sensitivity, { parameter: "p", points });
    const band = tags(html).find((x) => x.name === "path" && hasClass(x, "band"))!;
    const coords = [...band.attrs.d!.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(coords).toHaveLength(6);
    const pts = drawn(html);
    // the lower edge comes back along the eligible line
    expect(coords.slice(3).map((c) => c[1])).toEqual(pts.map((p) => p.cy).reverse());
    expect(coords[0]![1]).toBeLessThan(pts[0]!.cy);
  });

  it("shows the empty state without points", () => {
    expect(renderChart(Sensitivity, { parameter: "p", points: [] })).toContain(
      "No patients loaded",
    );
  });

  it("matches the snapshot", async () => {
    const html = renderChart(Sensitivity, {
      parameter: "UPCR threshold",
      unit: "g/g",
      points: sampleSensitivity(),
      current: 1,
    });
    await expect(pretty(html)).toMatchFileSnapshot("__snapshots__/sensitivity.html.snap");
  });
});

describe("Sensitivity readout and default", () => {
  it("marks the protocol's default and reads out the current value's exact counts", () => {
    const html = renderChart(Sensitivity, {
      parameter: "UPCR threshold",
      unit: "g/g",
      points,
      current: 0.5,
      defaultValue: 1,
    });
    const all = tags(html);
    const pts = drawn(html);
    const marker = all.find((x) => x.attrs["data-testid"] === "sens-default")!;
    expect(num(marker.attrs.x1)).toBeCloseTo(pts[1]!.cx, 1);
    expect(all.find((x) => x.attrs["data-testid"] === "sens-readout")!.text.trim()).toBe(
      "UPCR threshold 0.5 g/g: 400 eligible, up to 550 with needs review (current)",
    );
  });
});
