import { describe, expect, it } from "vitest";
import { parseProtocolJson, validateProtocol } from "../../../src/engine/protocol/validate.ts";
import { jsonErrorOffset } from "../../../src/engine/protocol/json-position.ts";

const minimal = () => ({
  id: "demo",
  title: "Demo",
  version: "1",
  parameters: [{ name: "min_age", type: "number", unit: "years", default: 18 }],
  variables: [{ name: "age", type: "number", unit: "years", description: "age" }],
  criteria: [
    { id: "I1", kind: "inclusion", label: "Adult", text: "Adults", rule: "age >= min_age" },
  ],
});

describe("validateProtocol", () => {
  it("accepts a minimal valid protocol", () => {
    const r = validateProtocol(minimal());
    expect(r.problems).toEqual([]);
    expect(r.protocol?.id).toBe("demo");
  });

  it.each([
    [
      "an unknown field",
      (p: any) => (p.criteria[0].rulez = "x"),
      "/criteria/0",
      /unknown field 'rulez'/,
    ],
    ["a wrong kind", (p: any) => (p.criteria[0].kind = "include"), "/criteria/0/kind", /"include"/],
    ["a missing title", (p: any) => delete p.title, "/", /missing required field 'title'/],
    ["a bad id", (p: any) => (p.id = "Bad Id"), "/id", /lower-case letters/],
    ["a number where a string belongs", (p: any) => (p.version = 2), "/version", /invalid value 2/],
  ])("reports %s with its JSON path", (_name, mutate, where, message) => {
    const p = minimal();
    mutate(p);
    const r = validateProtocol(p);
    expect(r.protocol).toBeUndefined();
    expect(r.problems).toContainEqual(
      expect.objectContaining({ where, message: expect.stringMatching(message) }),
    );
  });

  it("lists every error, not only the first", () => {
    const p: any = minimal();
    p.title = "";
    p.criteria[0].kind = "x";
    p.parameters[0].extra = true;
    expect(validateProtocol(p).problems.length).toBeGreaterThanOrEqual(3);
  });

  it("reports duplicate names and ids, rules missing, wrong default types and unknown units", () => {
    const p: any = minimal();
    p.variables.push({ name: "min_age", type: "number", description: "clash" });
    p.criteria.push({ id: "I1", kind: "exclusion", label: "x", text: "x" });
    p.parameters.push({ name: "screening_date", type: "date", default: "01/02/2026" });
    p.parameters[0].unit = "yearz";
    const messages = validateProtocol(p).problems.map((x) => x.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/'min_age' is declared more than once/),
        expect.stringMatching(/'I1' is used more than once/),
        expect.stringMatching(/needs either a 'rule' or 'siteAssessed'/),
        expect.stringMatching(/YYYY-MM-DD/),
        expect.stringMatching(/unknown unit 'yearz'/),
      ]),
    );
  });

  it("rejects a category variable without allowed values", () => {
    const p: any = minimal();
    p.variables.push({ name: "sex", type: "category", description: "sex" });
    expect(validateProtocol(p).problems[0]?.message).toMatch(/needs its allowed 'values'/);
  });
});

describe("parseProtocolJson", () => {
  it("gives line and column of a JSON syntax error", () => {
    const r = parseProtocolJson('{\n  "id": "a",\n  "title": ,\n}', "p.json");
    expect(r.problems[0]).toMatchObject({ where: "p.json", line: 3, column: 12 });
    expect(r.problems[0]?.message).toMatch(/line 3, column 12/);
  });

  it("says when the text ends early", () => {
    expect(parseProtocolJson('{"id": "a"').problems[0]?.message).toMatch(/unexpected end of text/);
  });
});

describe("jsonErrorOffset", () => {
  it.each([
    ['{"a": [1, 2, 3], "b": {"c": null}}', -1],
    ["[1, 2,]", 6],
    ['{"a" 1}', 5],
    ["tru", 0],
    ['"abc', 4],
    ["1 2", 2],
  ])("finds the offending offset in %s", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
