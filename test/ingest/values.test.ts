import { describe, expect, it } from "vitest";
import { FALSE, TRUE } from "../../src/engine/types.ts";
import { daysOfDate } from "../../src/engine/calendar.ts";
import {
  formatDay,
  nextDown,
  nextUp,
  nullToken,
  parseBooleanWord,
  parseDate,
  parseNumber,
} from "../../src/ingest/read/values.ts";

describe("nullToken", () => {
  const missing = [
    "",
    "NA",
    "N/A",
    "n/a",
    "ND",
    "null",
    "NULL",
    "-",
    ".",
    "pending",
    "Pending",
    "unknown",
    "#N/A",
    "NaN",
    "not done",
  ];
  const present = ["0", "N", "no", "nausea", "A", "n/ab", "1.5", "F", "male"];
  for (const t of missing) it(`reads "${t}" as missing`, () => expect(nullToken(t)).not.toBeNull());
  for (const t of present) it(`reads "${t}" as a value`, () => expect(nullToken(t)).toBeNull());
});

describe("parseNumber", () => {
  const below = (x: number) => ({ lo: -Infinity, hi: nextDown(x) });
  const above = (x: number) => ({ lo: nextUp(x), hi: Infinity });
  const exact = (x: number) => ({ lo: x, hi: x });
  const cases: [string, boolean, { lo: number; hi: number } | null][] = [
    ["1.5", false, exact(1.5)],
    ["  1.5 ", false, exact(1.5)],
    ["-3", false, exact(-3)],
    ["+3", false, exact(3)],
    [".5", false, exact(0.5)],
    ["1e3", false, exact(1000)],
    ["1,5", true, exact(1.5)],
    ["1,5", false, null],
    ["1,234.5", false, exact(1234.5)],
    ["1,234", false, exact(1234)],
    ["1.234,5", true, exact(1234.5)],
    ["1.234.567", true, exact(1234567)],
    ["1 234", false, exact(1234)],
    ["1 234,5", true, exact(1234.5)],
    ["<0.5", false, below(0.5)],
    ["<=0.5", false, { lo: -Infinity, hi: 0.5 }],
    ["≤ 0.5", false, { lo: -Infinity, hi: 0.5 }],
    [">3", false, above(3)],
    [">=3", false, { lo: 3, hi: Infinity }],
    ["≥ 3", false, { lo: 3, hi: Infinity }],
    ["< 0,5", true, below(0.5)],
    ["NA", false, null],
    ["", false, null],
    ["abc", false, null],
    ["1.2.3", false, null],
    ["12a", false, null],
    ["0x10", false, null],
    ["Infinity", false, null],
    ["1,23", false, null],
    // signs before the separator forms; anything else first is no number
    ["-1,234.5", false, exact(-1234.5)],
    ["+1 234", false, exact(1234)],
    ["-1.234,5", true, exact(-1234.5)],
    ["+1,5", true, exact(1.5)],
    ["-.5", false, exact(-0.5)],
    ["\u22121,234", false, null],
    ["a1,234", false, null],
    [" 1,234", false, exact(1234)],
    ["+-1,234", false, null],
  ];
  for (const [text, dc, want] of cases)
    it(`reads "${text}"${dc ? " (decimal comma)" : ""} as ${JSON.stringify(want)}`, () =>
      expect(parseNumber(text, dc)).toEqual(want));

  it("keeps censored values decidable: <0.5 is below 1.0 and >3 is above 2", () => {
    expect(parseNumber("<0.5")!.hi).toBeLessThan(1);
    expect(parseNumber("<0.5")!.hi).toBeLessThan(0.5);
    expect(parseNumber(">3")!.lo).toBeGreaterThan(3);
  });

  it("gives the same double as Number() for plain decimals", () => {
    for (const s of [
      "0.1",
      "0.3",
      "123.456",
      "99999.99999",
      "1.7976931348623157",
      "-0.000001",
      "12345678901234.5",
      "0.30000000000000004",
    ])
      expect(parseNumber(s)!.lo).toBe(Number(s));
  });
});

describe("parseBooleanWord", () => {
  const cases: [string, number][] = [
    ["yes", TRUE],
    ["YES", TRUE],
    ["y", TRUE],
    ["true", TRUE],
    ["1", TRUE],
    ["positive", TRUE],
    ["Pos", TRUE],
    ["+", TRUE],
    ["no", FALSE],
    ["N", FALSE],
    ["false", FALSE],
    ["0", FALSE],
    ["negative", FALSE],
    ["NEG", FALSE],
    ["maybe", -1],
    ["2", -1],
    ["", -1],
  ];
  for (const [t, want] of cases)
    it(`reads "${t}" as ${want}`, () => expect(parseBooleanWord(t)).toBe(want));
});

describe("parseDate", () => {
  const d = (y: number, m: number, day: number) => daysOfDate(y, m, day);
  const cases: [string, "dmy" | "mdy" | null, number][] = [
    ["2020-04-03", null, d(2020, 4, 3)],
    ["2020-04-03T10:22:00", null, d(2020, 4, 3)],
    ["2020-04-03 10:22", null, d(2020, 4, 3)],
    ["2020-4-3", null, d(2020, 4, 3)],
    ["20200403", null, d(2020, 4, 3)],
    ["03.04.2020", null, d(2020, 4, 3)],
    ["13/04/2020", null, d(2020, 4, 13)],
    ["04/13/2020", null, d(2020, 4, 13)],
    ["03/04/2020", "dmy", d(2020, 4, 3)],
    ["03/04/2020", "mdy", d(2020, 3, 4)],
    ["05/05/2020", null, d(2020, 5, 5)],
    ["29/02/2020", null, d(2020, 2, 29)],
    // year first with slashes or dots (Japanese, Chinese exports): always Y/M/D
    ["2020/04/03", null, d(2020, 4, 3)],
    ["2020/4/3", "mdy", d(2020, 4, 3)],
    ["2020.04.03", null, d(2020, 4, 3)],
    ["03-04-2020", "dmy", d(2020, 4, 3)],
  ];
  for (const [t, order, want] of cases)
    it(`reads "${t}" (${order ?? "no order"})`, () => expect(parseDate(t, order)).toBe(want));
  const bad = [
    "03/04/2020",
    "2020-02-30",
    "29/02/2021",
    "2020-13-01",
    "31.04.2020",
    "hello",
    "2020/04",
    "2020/04-03",
    "2020/02/30",
  ];
  for (const t of bad)
    it(`refuses "${t}" without a decisive order`, () => expect(parseDate(t)).toBeNaN());

  it("counts days from 1970-01-01", () => {
    expect(d(1970, 1, 1)).toBe(0);
    expect(d(1969, 12, 31)).toBe(-1);
    expect(formatDay(d(2000, 2, 29))).toBe("2000-02-29");
    for (let k = -40000; k < 40000; k += 997)
      expect(d(...(formatDay(k).split("-").map(Number) as [number, number, number]))).toBe(k);
  });
});

describe("nextDown / nextUp", () => {
  /** the reference: the bit pattern as a 64-bit integer, one step toward -Infinity */
  function ref(x: number): number {
    if (x !== x || x === -Infinity) return x;
    if (x === 0) return -Number.MIN_VALUE;
    const b = new Float64Array([x]);
    const u = new BigInt64Array(b.buffer);
    u[0] = u[0]! + (x > 0 ? -1n : 1n);
    return b[0]!;
  }
  const xs = [1, -1, 0.5, -0.5, 2 ** -1022, -(2 ** -1022), Number.MIN_VALUE, -Number.MIN_VALUE];
  xs.push(Number.MAX_VALUE, Infinity, -Infinity, 4294967296, 2 ** 32 + 1, 1e-310, 0, -0, NaN);
  it("steps one double down or up, across 32-bit word borders", () => {
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    for (let i = 0; i < 3000; i++) {
      u[0] = i % 3 === 0 ? 0 : i % 3 === 1 ? 0xffffffff : Math.imul(i, 2654435761) >>> 0;
      u[1] = Math.imul(i + 7, 40503) >>> 0;
      xs.push(f[0]!);
    }
    for (const x of xs) {
      expect(Object.is(nextDown(x), ref(x)), String(x)).toBe(true);
      expect(Object.is(nextUp(x), -ref(-x)), String(x)).toBe(true);
    }
  });
});

describe("daysOfDate", () => {
  it("gives the day numbers of the proleptic calendar, from its month table and beyond", () => {
    // every day of 1790-2210 (the table covers 1800-2199) and the days that do not exist
    let want = Date.UTC(1790, 0, 1) / 86400000;
    const wrong: string[] = [];
    for (let y = 1790; y <= 2210; y++)
      for (let m = 1; m <= 12; m++) {
        const len = new Date(Date.UTC(y, m, 0)).getUTCDate();
        for (let d = 1; d <= len; d++)
          if (daysOfDate(y, m, d) !== want++) wrong.push(`${y}-${m}-${d}`);
        for (const d of [0, len + 1, 32, -1])
          if (!Number.isNaN(daysOfDate(y, m, d))) wrong.push(`${y}-${m}-${d}`);
      }
    expect(wrong).toEqual([]);
    for (const [y, m, d] of [
      [2020, 0, 1],
      [2020, 13, 1],
      [2020, -1, 1],
      [1799, 13, 1],
      [NaN, 1, 1],
    ] as const)
      expect(daysOfDate(y, m, d)).toBeNaN();
    // fractions are read by arithmetic, as before the table
    for (const [y, m, d] of [
      [2020, 1, 1.5],
      [2020, 1.5, 1],
      [2019.5, 1, 1],
      [-400, 3, 1],
    ] as const)
      expect(daysOfDate(y, m, d)).toBe(daysOfDate(y, m, d));
    expect(daysOfDate(2020, 1, 1.5)).toBe(Date.UTC(2020, 0, 1) / 86400000 + 0.5);
  });
});
