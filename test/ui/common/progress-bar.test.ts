import { describe, expect, it } from "vitest";
import ProgressBar from "../../../src/ui/common/ProgressBar.svelte";
import { renderChart, tags } from "../charts/html.ts";

const bar = (done: number, total: number) => {
  const t = tags(renderChart(ProgressBar, { label: "Reading a.csv", done, total }));
  const role = t.find((x) => x.attrs["role"] === "progressbar")!;
  return { now: role.attrs["aria-valuenow"], label: role.attrs["aria-label"], tags: t };
};

describe("ProgressBar", () => {
  it("gives the share of the bytes read as an ARIA progressbar from 0 to 100", () => {
    expect(bar(250, 1000)).toMatchObject({ now: "25", label: "Reading a.csv" });
    expect(bar(1, 3).now).toBe("33");
  });
  it("stays within 0 and 100: a total not known yet is 0, more than the total is 100", () => {
    expect(bar(500, 0).now).toBe("0");
    expect(bar(1200, 1000).now).toBe("100");
  });
});
