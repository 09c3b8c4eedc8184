import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/engine/lang/tokenize.ts";

const kinds = (src: string) =>
  tokenize(src).tokens.map((t) => (t.kind === "num" && t.unit ? `num[${t.unit.text}]` : t.kind));

describe("tokenize", () => {
  it.each([
    ["upcr >= 1.0 g/g", ["ident", "op", "num[g/g]", "eof"]],
    ["x < 113 mg/mmol", ["ident", "op", "num[mg/mmol]", "eof"]],
    ["egfr >= 30 mL/min", ["ident", "op", "num[mL/min]", "eof"]],
    ["hb >= 60 g/L", ["ident", "op", "num[g/L]", "eof"]],
    ["anc >= 0.8 x10^9/L", ["ident", "op", "num[x10^9/L]", "eof"]],
    ["d within 6 months before s", ["ident", "ident", "num[months]", "ident", "ident", "eof"]],
    ["d + 7 days", ["ident", "op", "num[days]", "eof"]],
    ["3 * alt_uln", ["num", "op", "ident", "eof"]],
    ["3*alt_uln", ["num", "op", "ident", "eof"]],
    ["x between 1 and 2", ["ident", "ident", "num", "ident", "num", "eof"]],
    ["hba1c >= 7%", ["ident", "op", "num[%]", "eof"]],
    ["egfr < 60 mL/min/1.73 m2", ["ident", "op", "num[mL/min/1.73 m2]", "eof"]],
    ["alt > 3 x ULN", ["ident", "op", "num[x ULN]", "eof"]],
    ["f(a, 'b')", ["ident", "(", "ident", ",", "str", ")", "eof"]],
    ["10 / x", ["num", "op", "ident", "eof"]],
    ["20/2", ["num", "op", "num", "eof"]],
    ["10 /x", ["num", "op", "ident", "eof"]],
    ["800 /uL", ["num[/uL]", "eof"]],
    ["3 mg/dL/2", ["num[mg/dL]", "op", "num", "eof"]],
  ])("splits %s", (src, want) => {
    expect(kinds(src)).toEqual(want);
    expect(tokenize(src).problems).toEqual([]);
  });

  it.each([
    ["a ≥ 1", ">="],
    ["a ≤ 1", "<="],
    ["a <> 1", "!="],
    ["a == 1", "="],
    ["a ≠ 1", "!="],
  ])("normalises the operator in %s", (src, op) => {
    expect(tokenize(src).tokens[1]!.text).toBe(op);
  });

  it("reads numbers with exponents and leading dots", () => {
    const t = tokenize("1e-3 .5 2.25").tokens;
    expect(t.map((x) => x.value)).toEqual([0.001, 0.5, 2.25, undefined]);
  });

  it("unquotes strings with both quote styles and escapes", () => {
    const t = tokenize(`'III' "it's" 'it''s' 'a\\'b'`).tokens;
    expect(t.slice(0, 4).map((x) => x.text)).toEqual(["III", "it's", "it's", "a'b"]);
  });

  it("skips # comments and keeps offsets", () => {
    const t = tokenize("a # note\n  and b").tokens;
    expect(t.map((x) => [x.text, x.offset])).toEqual([
      ["a", 0],
      ["and", 11],
      ["b", 15],
      ["", 16],
    ]);
  });

  it("reports an unknown unit with suggestions", () => {
    const { problems } = tokenize("x > 5 mgg/dL");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^unknown unit 'mgg\/dL' — did you mean 'mg\/dL'/);
    expect(problems[0]!.offset).toBe(6);
    expect(problems[0]!.length).toBe(6);
  });

  it("does not take a variable after a number as a unit", () => {
    expect(kinds("5 upcr")).toEqual(["num", "ident", "eof"]);
  });

  it("reports an unterminated string and a stray character", () => {
    expect(tokenize("x = 'abc").problems[0]!.message).toMatch(/unterminated string/);
    expect(tokenize("x @ 1").problems[0]).toMatchObject({
      offset: 2,
      message: "unexpected character '@'",
    });
  });
});
