import { describe, expect, it } from "vitest";
import Headline from "../../../src/ui/charts/Headline.svelte";
import { after, byAttr, hasClass, num, pretty, renderChart, t, tags } from "./html.ts";

const props = { total: 5000, eligible: 418, needsReview: 846, ineligible: 3736 };

function segments(html: string) {
  const all = tags(html);
  const track = all.find((x) => hasClass(x, "track"))!;
  return {
    trackWidth: num(track.attrs.width),
    parts: byAttr(all, "data-status").map((g) => {
      const rect = after(all, g, (x) => hasClass(x, "mark"))!;
      return {
        status: g.attrs["data-status"],
        aria: g.attrs["aria-label"],
        x: num(rect.attrs.x),
        w: num(rect.attrs.width),
      };
    }),
  };
}

describe("Headline", () => {
  it("draws the three statuses as a stacked bar in proportion to the total", () => {
    const { trackWidth, parts } = segments(renderChart(Headline, props));
    expect(parts.map((p) => p.status)).toEqual(["eligible", "needs-review", "ineligible"]);
    const counts = [418, 846, 3736];
    parts.forEach((p, i) => expect(p.w / trackWidth).toBeCloseTo(counts[i]! / 5000, 3));
    expect(parts[1]!.x).toBeCloseTo(parts[0]!.x + parts[0]!.w, 1);
    expect(parts[2]!.x + parts[2]!.w).toBeCloseTo(parts[0]!.x + trackWidth, 1);
  });

  it("labels each segment for screen readers and makes it a button", () => {
    const html = renderChart(Headline, props);
    const { parts } = segments(html);
    expect(parts.map((p) => p.aria)).toEqual([
      "Eligible: 418 patients, 8.4%",
      "Needs review: 846 patients, 17%",
      t("Ineligible: 3 736 patients, 75%"),
    ]);
    for (const g of byAttr(tags(html), "data-status")) {
      expect(g.attrs.role).toBe("button");
      expect(g.attrs.tabindex).toBe("0");
    }
  });

  it("overlays patterns so the statuses read apart in greyscale", () => {
    const all = tags(renderChart(Headline, props));
    const overlays = byAttr(all, "data-status").map((g) => {
      const next = all.slice(all.indexOf(g) + 1);
      const end = next.findIndex((x) => "data-status" in x.attrs);
      return (end < 0 ? next : next.slice(0, end)).find((x) => hasClass(x, "overlay"))?.attrs.fill;
    });
    expect(overlays).toEqual([undefined, "url(#s1-hatch)", "url(#s1-dots)"]);
    expect(all.filter((x) => x.name === "pattern").map((x) => x.attrs.id)).toEqual([
      "s1-hatch",
      "s1-stripe",
      "s1-dots",
    ]);
  });

  it("states the eligible range from eligible to eligible + needs review", () => {
    const html = renderChart(Headline, props);
    expect(tags(html).find((x) => x.name === "strong")?.text).toBe(t("418 – 1 264"));
    expect(html).toContain("(8.4% – 25%)");
  });

  it("prints a suppressed count as <11 and draws no segment for it", () => {
    const html = renderChart(Headline, { ...props, needsReview: { suppressed: true } });
    expect(segments(html).parts.map((p) => p.status)).toEqual(["eligible", "ineligible"]);
    expect(
      tags(html)
        .filter((x) => hasClass(x, "num"))
        .map((x) => x.text),
    ).toEqual(["418", "<11", t("3 736")]);
  });

  it("gives one value when nobody needs review, and a bound when that count is suppressed", () => {
    const none = renderChart(Headline, { ...props, needsReview: 0, ineligible: 4582 });
    expect(tags(none).find((x) => x.name === "strong")?.text).toBe("418");
    expect(none).toContain("(8.4%)");
    const hidden = renderChart(Headline, { ...props, needsReview: { suppressed: true } });
    expect(tags(hidden).find((x) => x.name === "strong")?.text).toBe("418 – <429");
  });

  it("shows the empty state when no patients are loaded", () => {
    const html = renderChart(Headline, { total: 0, eligible: 0, needsReview: 0, ineligible: 0 });
    expect(html).toContain("No patients loaded");
    expect(byAttr(tags(html), "role", "button")).toHaveLength(0);
  });

  it("matches the snapshot", async () => {
    await expect(pretty(renderChart(Headline, props))).toMatchFileSnapshot(
      "__snapshots__/headline.html.snap",
    );
  });
});
