import { describe, expect, it } from "vitest";
import {
  all,
  box,
  contains,
  extend,
  fit,
  rangeTsv,
  single,
  type SheetSource,
} from "../../../src/ui/grid/range.ts";

// a hand-written 5 x 4 sheet: cell text "r<row><col id>"
const sheet: SheetSource = {
  rowCount: 5,
  columns: [
    { id: "id", header: "Patient" },
    { id: "status", header: "Status" },
    { id: "c:I1", header: "I1 Age 18-65" },
    { id: "r:note", header: "note" },
  ],
  text: (row, id) => (id === "r:note" && row === 1 ? 'says "hi"\tthen' : `r${row}${id}`),
};

describe("rectangle selection", () => {
  it("Shift+arrows move the focus and keep the anchor; the box is the same either way round", () => {
    let r = single(2, 2);
    r = extend(r, 1, 0, 5, 4);
    r = extend(r, 0, -2, 5, 4);
    expect(r.anchor).toEqual({ row: 2, col: 2 });
    expect(box(r)).toEqual({ top: 2, bottom: 3, left: 0, right: 2 });
    expect(contains(r, 3, 1)).toBe(true);
    expect(contains(r, 1, 1)).toBe(false);
    expect(contains(r, 3, 3)).toBe(false);
  });

  it("stops at the sheet's edges", () => {
    const r = extend(single(4, 3), 5, 5, 5, 4);
    expect(r.focus).toEqual({ row: 4, col: 3 });
    expect(extend(single(0, 0), -1, -1, 5, 4).focus).toEqual({ row: 0, col: 0 });
  });

  it("Ctrl+A covers every shown row and column; an empty sheet selects nothing", () => {
    expect(box(all(5, 4)!)).toEqual({ top: 0, bottom: 4, left: 0, right: 3 });
    expect(all(0, 4)).toBeNull();
  });

  it("a range shrinks with the sheet (filter, hidden columns)", () => {
    expect(box(fit(all(5, 4), 2, 3)!)).toEqual({ top: 0, bottom: 1, left: 0, right: 2 });
    expect(fit(all(5, 4), 0, 3)).toBeNull();
  });
});

describe("copy as tab-separated text", () => {
  it("copies a 3 x 2 range with a header line, in display order", () => {
    const r = { anchor: { row: 3, col: 2 }, focus: { row: 1, col: 1 } };
    expect(rangeTsv(sheet, r)).toBe(
      "Status\tI1 Age 18-65\n" + "r1status\tr1c:I1\n" + "r2status\tr2c:I1\n" + "r3status\tr3c:I1\n",
    );
  });

  it("one cell copies its value alone", () => {
    expect(rangeTsv(sheet, single(0, 0))).toBe("r0id");
  });

  it("quotes values holding tabs or quotes as spreadsheets read them", () => {
    const text = rangeTsv(sheet, { anchor: { row: 1, col: 2 }, focus: { row: 1, col: 3 } });
    expect(text).toBe('I1 Age 18-65\tnote\nr1c:I1\t"says ""hi""\tthen"\n');
  });
});
