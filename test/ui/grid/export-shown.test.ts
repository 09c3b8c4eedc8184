import { describe, expect, it } from "vitest";
import { createLiveEngine } from "../../../src/app/engine-live.ts";
import { patientCsvParts } from "../../../src/app/exports.ts";
import { GridView } from "../../../src/app/grid-view.svelte.ts";
import { ScreenState } from "../../../src/app/screen.svelte.ts";
import { cellText, sortSpecs } from "../../../src/ui/grid/columns.ts";
import { viewOrder } from "../../../src/ui/grid/order.ts";
import { seed, table } from "../../app/fixtures.ts";

describe("exporting the rows shown", () => {
  it("writes only the filtered rows, in the grid's sort order", async () => {
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, table(300));
    const v = new GridView(s);
    v.statuses = [1, 2];
    v.sortModel = [{ colId: "c:I4", sort: "desc" }];
    const rows = viewOrder(s.table.nRows, v.mask, sortSpecs(s, v.sortModel));
    const lines = patientCsvParts(s, false, 7, rows).join("").trimEnd().split("\n");
    expect(lines.length - 1).toBe(v.shown);
    expect(v.shown).toBe(s.counts.needsReview + s.counts.ineligible);
    const col = lines[0]!.split(",").indexOf("I4");
    const rank = { "site-assessed": 3, unknown: 2, fail: 1, pass: 0 } as Record<string, number>;
    const i4 = lines.slice(1).map((l) => rank[l.split(",")[col]!]!);
    expect(i4).toEqual([...i4].sort((a, b) => b - a));
    expect(lines.slice(1).some((l) => l.split(",")[1] === "eligible")).toBe(false);
    // the same rows and order as the grid's copy text reads
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(
      [...rows].map((i) => cellText(s, "id", i)),
    );
  });

  it("writes every row in file order without a row list", async () => {
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, table(120));
    const lines = patientCsvParts(s, false).join("").trimEnd().split("\n");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(
      [...Array(120).keys()].map((i) => cellText(s, "id", i)),
    );
  });
});
