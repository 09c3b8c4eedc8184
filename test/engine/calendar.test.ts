import { describe, expect, it } from "vitest";
import { addMonths, formatIsoDate, parseIsoDate, wholeYears } from "../../src/engine/calendar.ts";

const d = parseIsoDate;

describe("calendar", () => {
  it("round-trips ISO dates", () => {
    for (const s of ["1970-01-01", "2000-02-29", "1899-12-31", "2026-11-25", "2100-03-01"]) {
      expect(formatIsoDate(d(s))).toBe(s);
    }
    expect(d("1970-01-02")).toBe(1);
  });

  it.each(["2023-02-29", "2024-13-01", "2024-00-10", "24-01-01", "2024-1-1", "x"])(
    "rejects %s",
    (s) => {
      expect(Number.isNaN(d(s))).toBe(true);
    },
  );

  it.each([
    ["2024-03-31", -1, "2024-02-29"],
    ["2023-03-31", -1, "2023-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2025-11-25", 12, "2026-11-25"],
    ["2026-11-25", -12, "2025-11-25"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-05-15", -29, "2021-12-15"],
  ])("adds months: %s %+d = %s", (from, k, want) => {
    expect(formatIsoDate(addMonths(d(from), k))).toBe(want);
  });

  it.each([
    ["2008-11-25", "2026-11-25", 18],
    ["2008-11-25", "2026-11-24", 17],
    ["2008-11-26", "2026-11-25", 17],
    ["2008-02-29", "2026-02-28", 17],
    ["2008-02-29", "2026-03-01", 18],
    ["2008-02-29", "2028-02-29", 20],
    ["2000-01-01", "1999-12-31", -1],
  ])("whole years from %s to %s = %d", (birth, on, years) => {
    expect(wholeYears(d(birth), d(on))).toBe(years);
  });
});
