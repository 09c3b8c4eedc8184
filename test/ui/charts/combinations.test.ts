import { describe, expect, it } from "vitest";
import Combinations from "../../../src/ui/charts/Combinations.svelte";
import { SAMPLE_COMBINATIONS, SAMPLE_CRITERIA } from "../../../src/ui/charts/sample.ts";
import { after, byAttr, hasClass, num, pretty, renderChart, tags } from "./html.ts";

function columns(html: string) {
  const all = tags(html);
  const cols = byAttr(all, "data-combination");
  return cols.map((g, i) => {
    const end = i + 1 < cols.length ? all.indexOf(cols[i + 1]!) : all.length;
    const mine = all.slice(all.indexOf(g), end);
    const bar = after(all, g, (x) => hasClass(x, "mark"))!;
    return {
      key: g.attrs["data-combination"],
      aria: g.attrs["aria-label"],
      barH: num(bar.attrs.height),
      on: mine.filter((x) => x.name === "circle" && hasClass(x, "on")).map((x) => num(x.attrs.cy)),
      dots: mine.filter((x) => x.name === "circle" && hasClass(x, "dot")).length,
    };
  });
}

describe("Combinations", () => {
  it("shows the most frequent combinations, tallest bar first, in proportion", () => {
    const cols = columns(
      renderChart(Combinations, {
        criteria: SAMPLE_CRITERIA,
        combinations: SAMPLE_COMBINATIONS,
        limit: 5,
      }),
    );
    expect(cols.map((c) => c.key)).toEqual(["2", "3", "2,3", "4", "0"]);
    expect(cols[1]!.barH / cols[0]!.barH).toBeCloseTo(143 / 212, 2);
    expect(cols[4]!.barH / cols[0]!.barH).toBeCloseTo(61 / 212, 2);
  });

  it("fills one dot per failed criterion on the rows of those criteria", () => {
    const cols = columns(
      renderChart(Combinations, {
        criteria: SAMPLE_CRITERIA,
        combinations: SAMPLE_COMBINATIONS,
        limit: 5,
      }),
    );
    // rows: criteria used by the shown combinations (0, 2, 3, 4) in protocol order
    expect(cols.every((c) => c.dots - c.on.length === 4)).toBe(true);
    expect(cols.map((c) => c.on.length)).toEqual([1, 1, 2, 1, 1]);
    const rowY = (r: number) => cols[4]!.on[0]! + r * 20; // column "0" sits on row 0
    expect(cols[2]!.on).toEqual([rowY(1), rowY(2)]);
  });

  it("names each combination for screen readers", () => {
    const cols = columns(
      renderChart(Combinations, { criteria: SAMPLE_CRITERIA, combinations: SAMPLE_COMBINATIONS }),
    );
    expect(cols).toHaveLength(12);
    expect(cols[2]!.aria).toBe("Failing exactly I3 + I4: 131 patients");
  });

  it("notes patients in combinations not shown", () => {
    const base = { criteria: SAMPLE_CRITERIA, combinations: SAMPLE_COMBINATIONS };
    expect(renderChart(Combinations, { ...base, other: 1234 })).toContain(
      "1\u202f234 more patients fail other combinations",
    );
    expect(renderChart(Combinations, { ...base, other: 0 })).not.toContain("more patients");
  });

  it("shows the empty state", () => {
    expect(renderChart(Combinations, { criteria: SAMPLE_CRITERIA, combinations: [] })).toContain(
      "No patients loaded",
    );
  });

  it("matches the snapshot", async () => {
    const html = renderChart(Combinations, {
      criteria: SAMPLE_CRITERIA,
      combinations: SAMPLE_COMBINATIONS,
    });
    await expect(pretty(html)).toMatchFileSnapshot("__snapshots__/combinations.html.snap");
  });
});
