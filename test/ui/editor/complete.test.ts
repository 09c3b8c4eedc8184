import { describe, expect, it } from "vitest";
import { accept, complete, completionContext } from "../../../src/ui/editor/complete.ts";
import { seed } from "../../app/fixtures.ts";

/** `|` marks the cursor. */
function at(src: string): [string, number] {
  const k = src.indexOf("|");
  return [src.slice(0, k) + src.slice(k + 1), k];
}

describe("completionContext", () => {
  it.each([
    ["upc|", "name", "upc"],
    ["upcr >= upcr_m|", "name", "upcr_m"],
    ["upcr >= 1 g/|", "unit", "g/"],
    ["upcr >= 1.5mg/|", "unit", "mg/"],
    ["age between 18 an|", "unit", "an"],
    ["x2|", "name", "x2"],
    ["ln_class in ('II|", "none", ""],
    ["upcr >= 1 # comment wo|", "none", ""],
    ["upcr >= 12|", "unit", ""],
  ])("%s -> %s %s", (src, context, prefix) => {
    const [text, cursor] = at(src);
    const c = completionContext(text, cursor);
    expect([c.context, c.prefix]).toEqual([context, prefix]);
  });

  it("replaces the whole word around the cursor", () => {
    const [text, cursor] = at("up|cr >= 1");
    expect(completionContext(text, cursor)).toMatchObject({ from: 0, to: 4, prefix: "up" });
  });
});

describe("complete", () => {
  it("offers protocol variables by prefix, exact prefix first", () => {
    const [text, cursor] = at("upc|");
    const r = complete(seed, text, cursor);
    expect(r.items[0]).toMatchObject({ label: "upcr", kind: "variable" });
    expect(r.items.map((i) => i.label)).toContain("upcr_min");
  });

  it("offers parameters, derived names and functions with a description", () => {
    const labels = (src: string) => {
      const [text, cursor] = at(src);
      return complete(seed, text, cursor).items;
    };
    expect(labels("upcr >= upcr_m|")).toContainEqual(
      expect.objectContaining({ label: "upcr_min", kind: "parameter" }),
    );
    expect(labels("ag|")).toContainEqual(
      expect.objectContaining({ label: "age", kind: "derived" }),
    );
    const fn = labels("age_a|").find((i) => i.kind === "function");
    expect(fn).toMatchObject({ label: "age_at", insert: "age_at(" });
    expect(fn?.detail).toMatch(/age_at\(birth_date, on_date\)/);
  });

  it("ranks the shortest completion first, whatever its kind", () => {
    const [text, cursor] = at("sledai_m|");
    expect(complete(seed, text, cursor).items[0]).toMatchObject({
      label: "sledai_min",
      kind: "parameter",
    });
  });

  it("offers units after a number", () => {
    const [text, cursor] = at("upcr >= 1 mg/mm|");
    const r = complete(seed, text, cursor);
    expect(r.context).toBe("unit");
    expect(r.items.map((i) => i.label)).toContain("mg/mmol");
    expect(r.items.every((i) => i.label.toLowerCase().includes("mg/mm"))).toBe(true);
  });

  it("offers nothing for an empty prefix unless asked (Ctrl+Space)", () => {
    const [text, cursor] = at("upcr >= |");
    expect(complete(seed, text, cursor).items).toEqual([]);
    expect(complete(seed, text, cursor, true).items.length).toBeGreaterThan(50);
  });

  it("offers nothing when the word is already complete and unique", () => {
    const [text, cursor] = at("sledai_min|");
    expect(complete(seed, text, cursor).items).toEqual([]);
  });

  it("accepts a function without doubling its parenthesis", () => {
    const [text, cursor] = at("age_a|(birth_date, screening_date)");
    const r = complete(seed, text, cursor);
    const fn = r.items.find((i) => i.kind === "function")!;
    expect(accept(text, r, fn).text).toBe("age_at(birth_date, screening_date)");
    const [t2, c2] = at("age_a| > 3");
    const r2 = complete(seed, t2, c2);
    expect(accept(t2, r2, fn)).toEqual({ text: "age_at( > 3", cursor: 7 });
  });
});
