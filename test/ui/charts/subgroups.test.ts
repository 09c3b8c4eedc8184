import { describe, expect, it } from "vitest";
import Subgroups from "../../../src/ui/charts/Subgroups.svelte";
import { SAMPLE_SUBGROUPS } from "../../../src/ui/charts/sample.ts";
import { after, byAttr, hasClass, num, pretty, renderChart, t, tags } from "./html.ts";

function groups(html: string) {
  const all = tags(html);
  return byAttr(all, "data-group").map((row, i, rows) => {
    const end = i + 1 < rows.length ? all.indexOf(rows[i + 1]!) : all.length;
    const mine = all.slice(all.indexOf(row), end);
    const track = mine.find((x) => hasClass(x, "track"))!;
    return {
      group: row.attrs["data-group"],
      track: num(track.attrs.width),
      segs: byAttr(mine, "data-status").map((g) => {
        const r = after(all, g, (x) => hasClass(x, "mark"))!;
        return {
          status: g.attrs["data-status"],
          w: num(r.attrs.width),
          aria: g.attrs["aria-label"],
        };
      }),
    };
  });
}

describe("Subgroups", () => {
  it("draws one 100% stacked bar per group in proportion to the group's size", () => {
    const drawn = groups(renderChart(Subgroups, { category: "Site", groups: SAMPLE_SUBGROUPS }));
    expect(drawn.map((g) => g.group)).toEqual(SAMPLE_SUBGROUPS.map((g) => g.group));
    drawn.forEach((g, i) => {
      const src = SAMPLE_SUBGROUPS[i]!;
      const counts = [src.eligible, src.needsReview, src.ineligible] as number[];
      const n = counts.reduce((a, b) => a + b, 0);
      expect(g.segs.map((s) => s.status)).toEqual(["eligible", "needs-review", "ineligible"]);
      g.segs.forEach((s, k) => expect(s.w / g.track).toBeCloseTo(counts[k]! / n, 3));
    });
  });

  it("labels segments with group, count and share", () => {
    const drawn = groups(renderChart(Subgroups, { category: "Site", groups: SAMPLE_SUBGROUPS }));
    expect(drawn[0]!.segs[2]!.aria).toBe(t("Site Site A – Leiden: 1 210 ineligible (73%)"));
    expect(drawn[3]!.segs[0]!.aria).toBe("Site Site D – Porto: 7 eligible (1.9%)");
  });

  it("skips empty statuses and shows the empty state for no patients", () => {
    const one = groups(
      renderChart(Subgroups, {
        category: "Sex",
        groups: [{ group: "F", eligible: 0, needsReview: 5, ineligible: 5 }],
      }),
    );
    expect(one[0]!.segs.map((s) => s.status)).toEqual(["needs-review", "ineligible"]);
    expect(renderChart(Subgroups, { category: "Sex", groups: [] })).toContain("No patients loaded");
  });

  it("matches the snapshot", async () => {
    const html = renderChart(Subgroups, { category: "Site", groups: SAMPLE_SUBGROUPS });
    await expect(pretty(html)).toMatchFileSnapshot("__snapshots__/subgroups.html.snap");
  });
});
