import { describe, expect, it } from "vitest";
import { FALSE, TRUE } from "../../src/engine/types.ts";
import { categoryIndex, parseTitre, wordTruth } from "../../src/ingest/map/words.ts";
import { inferPlan } from "../../src/ingest/read/infer.ts";

describe("wordTruth", () => {
  const yes = ["positive", "Pos.", "POS", "+", "detected", "Reactive", "present", "yes", "Y", "ja",
    "Oui", "sí", "SIM", "是", "阳性", "nachgewiesen", "p o s ."]; // prettier-ignore
  const no = ["negative", "neg.", "Neg", "-", "\u2212", "not detected", "Not-Detected", "non-reactive",
    "absent", "no", "n", "Nein", "non", "não", "否", "阴性", "nicht nachgewiesen"]; // prettier-ignore
  for (const w of yes) it(`reads "${w}" as yes`, () => expect(wordTruth(w)).toBe(TRUE));
  for (const w of no) it(`reads "${w}" as no`, () => expect(wordTruth(w)).toBe(FALSE));
  for (const w of ["maybe", "posneg", "1:80", ""])
    it(`does not read "${w}"`, () => expect(wordTruth(w)).toBe(-1));
});

describe("categoryIndex", () => {
  const sex = ["female", "male"];
  const cases: [string, number][] = [
    ["F", 0], ["f", 0], ["W", 0], ["weiblich", 0], ["女", 0], ["Female", 0], ["femme", 0],
    ["M", 1], ["männlich", 1], ["男", 1], ["homme", 1], ["x", -1],
  ]; // prettier-ignore
  for (const [t, want] of cases)
    it(`reads sex "${t}" as ${want}`, () => expect(categoryIndex(sex, t)).toBe(want));

  const ln = ["I", "II", "III", "IV", "V", "VI", "III+V", "IV+V"];
  const classes: [string, string | null][] = [
    ["III/V", "III+V"], ["III + V", "III+V"], ["Class IV-G", "IV"], ["IV-S (A/C)", "IV"],
    ["IV-G + V", "IV+V"], ["4", "IV"], ["3+5", "III+V"], ["Klasse III", "III"], ["III/IV", null],
    ["IV-X", null],
  ]; // prettier-ignore
  for (const [t, want] of classes)
    it(`reads class "${t}" as ${want}`, () =>
      expect(categoryIndex(ln, t)).toBe(want === null ? -1 : ln.indexOf(want)));

  it("keeps a class with a subclass when the subclass is allowed", () =>
    expect(categoryIndex(["IV-G", "IV-S"], "IV-G")).toBe(0));
  it("reads nothing when the subclass makes two allowed values fit", () =>
    expect(categoryIndex(["IV", "IV+V", "iv"], "IV-G")).toBe(-1));
  const resp = ["complete", "partial", "none"];
  for (const [t, want] of [
    ["komplett", 0],
    ["partiell", 1],
    ["kein", 2],
    ["Complète", 0],
  ] as const)
    it(`reads response "${t}"`, () => expect(categoryIndex(resp, t)).toBe(want));
  it("keeps A/C (activity) as its own value", () =>
    expect(categoryIndex(["A", "A/C", "C"], "a/c")).toBe(1));
});

describe("parseTitre", () => {
  it("reads 1:320 and 1/320 as 320", () => {
    expect(parseTitre("1:320")).toEqual({ lo: 320, hi: 320 });
    expect(parseTitre("1/320")).toEqual({ lo: 320, hi: 320 });
    expect(parseTitre(" 1 : 80 ")).toEqual({ lo: 80, hi: 80 });
  });
  it("reads <1:40 as below 40", () => {
    const t = parseTitre("<1:40")!;
    expect(t.lo).toBe(-Infinity);
    expect(t.hi).toBeLessThan(40);
  });
  it("reads no date or ratio of other numbers", () => {
    expect(parseTitre("2/320")).toBeNull();
    expect(parseTitre("01/02/2020")).toBeNull();
  });
});

describe("inferPlan: yes/no needs both truths", () => {
  it("keeps a column of only F as text (a women-only extract's sex)", () =>
    expect(inferPlan(["F", "F", "F", ""], "Sex", false).kind).toBe("category"));
  it("keeps a column of only `no` as text", () =>
    expect(inferPlan(["no", "No", "NA"], "dialysis", false).kind).toBe("category"));
  it("still reads yes/no and Y/N as yes/no", () => {
    expect(inferPlan(["yes", "no"], "x", false).kind).toBe("boolean");
    expect(inferPlan(["Y", "N", "N"], "x", false).kind).toBe("boolean");
  });
});

describe("words of Dutch, Italian, Spanish and Japanese exports", () => {
  const yes = ["positief", "aanwezig", "sì", "Sì", "presente", "rilevato", "detectado", "(+)"];
  const no = ["nee", "Nee", "negatief", "niet aangetoond", "assente", "non rilevato", "ausente"];
  const jaYes = ["陽性", "あり", "有", "はい", "検出"];
  const jaNo = ["陰性", "なし", "無", "いいえ", "検出せず", "(-)"];
  for (const w of [...yes, ...jaYes])
    it(`reads "${w}" as yes`, () => expect(wordTruth(w)).toBe(TRUE));
  for (const w of [...no, ...jaNo])
    it(`reads "${w}" as no`, () => expect(wordTruth(w)).toBe(FALSE));
  it("reads their sexes and responses", () => {
    const sex = ["female", "male"];
    expect(["V", "vrouw", "donna", "女性"].map((s) => categoryIndex(sex, s))).toEqual([0, 0, 0, 0]);
    expect(["uomo", "maschio", "man", "男性"].map((s) => categoryIndex(sex, s))).toEqual([
      1, 1, 1, 1,
    ]);
    const resp = ["complete", "partial", "none"];
    const words = [
      "volledig",
      "gedeeltelijk",
      "geen",
      "parziale",
      "nessuna",
      "完全奏効",
      "部分奏効",
      "奏効なし",
    ];
    expect(words.map((w) => categoryIndex(resp, w))).toEqual([0, 1, 2, 1, 2, 0, 1, 2]);
  });
});
