import { describe, expect, it } from "vitest";
import { highlight, offsetOf, problemSpan } from "../../../src/ui/editor/highlight.ts";
import { nameKinds, renameInText, ruleProblems } from "../../../src/ui/editor/rules.ts";
import { applyFix, quickFixes } from "../../../src/ui/editor/fixes.ts";
import { seed } from "../../app/fixtures.ts";

const names = nameKinds(seed);

describe("highlight", () => {
  it("covers the text exactly, in order", () => {
    const text = "age between age_min and age_max  # I1\nor upcr >= 1.0 g/g";
    expect(
      highlight(text, names, [])
        .map((s) => s.text)
        .join(""),
    ).toBe(text);
  });

  it("classifies tokens by what the names are", () => {
    const segs = highlight("age_at(birth_date, screening_date) >= 18 years and not x", names, []);
    const cls = Object.fromEntries(segs.filter((s) => s.cls !== "ws").map((s) => [s.text, s.cls]));
    expect(cls).toMatchObject({
      age_at: "fn",
      birth_date: "var",
      screening_date: "param",
      ">=": "op",
      "18": "num",
      years: "unit",
      and: "kw",
      not: "kw",
      x: "unknown",
      "(": "punct",
    });
  });

  it("underlines exactly the span of an error", () => {
    const text = "uprc >= upcr_min";
    const segs = highlight(text, names, ruleProblems(seed, text));
    expect(segs.filter((s) => s.err).map((s) => s.text)).toEqual(["uprc"]);
  });

  it("marks an error at the end of the rule with one underlined space", () => {
    const text = "upcr >=";
    const segs = highlight(text, names, ruleProblems(seed, text));
    expect(segs.at(-1)).toMatchObject({ text: " ", err: true });
  });

  it("maps line and column to offsets on later lines", () => {
    const text = "a and\n  bb";
    expect(offsetOf(text, 2, 3)).toBe(8);
    expect(
      problemSpan(text, {
        where: "",
        line: 2,
        column: 3,
        length: 2,
        message: "",
        severity: "error",
      }),
    ).toEqual([8, 10]);
  });
});

describe("quickFixes", () => {
  it.each([
    ["uprc >= upcr_min", "upcr"],
    ["sledai >= sledai_mni", "sledai_min"],
    ["age_att(birth_date, screening_date) > 3", "age_at"],
  ])("%s -> %s", (text, want) => {
    const p = ruleProblems(seed, text)[0]!;
    const fixes = quickFixes(seed, text, p);
    expect(fixes[0]?.replacement).toBe(want);
    const fixed = applyFix(text, fixes[0]!).text;
    expect(ruleProblems(seed, fixed)).toEqual([]);
  });

  it("offers nothing for a problem that is not a misspelling", () => {
    const text = "upcr >= 1 mg/dL";
    expect(quickFixes(seed, text, ruleProblems(seed, text)[0]!)).toEqual([]);
  });
});

describe("renameInText", () => {
  it.each([
    ["upcr >= upcr_min", "upcr_min", "p", "upcr >= p"],
    ["x > a and f(a) # a", "a", "b", "x > b and f(b) # a"],
    ["ln_class in ('a') and a(x)", "a", "b", "ln_class in ('a') and a(x)"],
    ["within 6 months before d", "months", "m", "within 6 months before d"],
  ])("%s: %s -> %s", (text, from, to, want) => {
    expect(renameInText(text, from, to)).toBe(want);
  });
});
