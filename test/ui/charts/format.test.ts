import { describe, expect, it } from "vitest";
import {
  THIN,
  countValue,
  formatCount,
  formatInt,
  formatPercent,
  formatShare,
  formatTick,
  isSuppressed,
} from "../../../src/ui/charts/format.ts";

const t = (s: string) => s.replaceAll(" ", THIN);

describe("formatInt", () => {
  it.each([
    [0, "0"],
    [7, "7"],
    [999, "999"],
    [1000, t("1 000")],
    [12345, t("12 345")],
    [1234567, t("1 234 567")],
    [-4500, "−" + t("4 500")],
    [2.6, "3"],
    [NaN, "–"],
    [Infinity, "–"],
  ])("formats %s as %s", (n, want) => {
    expect(formatInt(n)).toBe(want);
  });
});

describe("formatCount", () => {
  it("prints plain numbers grouped", () => {
    expect(formatCount(5000)).toBe(t("5 000"));
  });
  it("prints suppressed counts as below the threshold", () => {
    expect(formatCount({ suppressed: true })).toBe("<11");
    expect(formatCount({ suppressed: true, value: 4 }, 5)).toBe("<5");
  });
  it("lets display override everything", () => {
    expect(formatCount({ suppressed: true, display: "≤10", value: 3 })).toBe("≤10");
    expect(formatCount({ value: 1200, display: "about 1.2k" })).toBe("about 1.2k");
  });
  it("prints an object's value when not suppressed", () => {
    expect(formatCount({ value: 2500 })).toBe(t("2 500"));
    expect(formatCount({})).toBe("–");
  });
});

describe("countValue", () => {
  it.each([
    [12, 12],
    [-3, 0],
    [NaN, 0],
    [{ suppressed: true }, 0],
    [{ suppressed: true, value: 6 }, 6],
    [{ display: "x", value: 40 }, 40],
  ] as const)("draws %o at %s", (c, want) => {
    expect(countValue(c)).toBe(want);
  });
  it("tells suppressed counts apart", () => {
    expect(isSuppressed({ suppressed: true })).toBe(true);
    expect(isSuppressed(3)).toBe(false);
  });
});

describe("formatPercent", () => {
  it.each([
    [0, 100, "0%"],
    [100, 100, "100%"],
    [1, 3, "33%"],
    [1, 2000, "<0.1%"],
    [84, 1000, "8.4%"],
    [5, 100, "5%"],
    [953, 1000, "95.3%"],
    [9999, 10000, ">99.9%"],
    [1, 0, "–"],
    [NaN, 10, "–"],
  ])("gives %s of %s as %s", (part, whole, want) => {
    expect(formatPercent(part, whole)).toBe(want);
  });
  it("leaves suppressed and overridden counts without a share", () => {
    expect(formatShare({ suppressed: true }, 100)).toBe("");
    expect(formatShare({ value: 5, display: "five" }, 100)).toBe("");
    expect(formatShare(25, 100)).toBe("25%");
  });
});

describe("formatTick", () => {
  it.each([
    [0.30000000000000004, "0.3"],
    [1.5, "1.5"],
    [2000, t("2 000")],
    [-0.25, "−0.25"],
  ])("prints %s as %s", (v, want) => {
    expect(formatTick(v)).toBe(want);
  });
});
