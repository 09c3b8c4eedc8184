import { describe, expect, it } from "vitest";
import { Flow } from "../../src/app/flow.svelte.ts";
import { parseScenario } from "../../src/app/exports.ts";
import { seed, services } from "./fixtures.ts";

const scenario = (protocol: unknown, protocolId = "my-trial") =>
  JSON.stringify({
    kind: "cohort-prescreener/scenario",
    version: 1,
    protocolId,
    protocol,
    overrides: {},
    disabled: [],
  });

describe("a scenario's embedded protocol is validated like a protocol file", () => {
  it("refuses a malformed protocol with a clear message and leaves the screen as it was", async () => {
    const f = new Flow(services());
    await f.openDemo(120);
    const before = { protocol: f.screen.protocol.id, counts: { ...f.screen.counts } };
    const broken = { ...structuredClone(seed), id: "my-trial", criteria: [{ id: "X1" }] };
    const problems = await f.applyScenario(scenario(broken), "s.json");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.severity === "error")).toBe(true);
    expect(problems[0]!.where).toMatch(/^s\.json: protocol/);
    expect(f.screen.protocol.id).toBe(before.protocol);
    expect(f.screen.counts).toEqual(before.counts);
    expect(f.customProtocols.map((p) => p.id)).not.toContain("my-trial");
  });

  it("refuses a protocol whose rule does not compile", () => {
    const bad = structuredClone(seed);
    bad.id = "my-trial";
    bad.criteria[0]!.rule = "age >= ";
    const { scenario: s, problems } = parseScenario(scenario(bad), "s.json");
    expect(s).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
  });

  it("refuses a protocol of another id, and JSON nested 10,000 deep", () => {
    const other = { ...structuredClone(seed), id: "other" };
    expect(parseScenario(scenario(other), "s.json").problems[0]!.message).toMatch(/protocolId/);
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    expect(parseScenario(deep, "s.json").problems[0]!.message).toMatch(/nested too deeply/);
    const deepProtocol =
      '{"kind":"cohort-prescreener/scenario","version":1,"protocolId":"x","overrides":{},' +
      `"disabled":[],"protocol":${"[".repeat(10_000) + "]".repeat(10_000)}}`;
    expect(parseScenario(deepProtocol, "s.json").problems[0]!.message).toMatch(/nested/);
  });
});

describe("every field of a scenario file is checked against its schema", () => {
  const base = {
    kind: "cohort-prescreener/scenario",
    version: 1,
    protocolId: "ln-cd19-cd70",
    overrides: {},
    disabled: [],
  };
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["an order that is not a list", { order: "I1" }, "/order", /expected a list/],
    [
      "a cell edit whose row is text",
      { cellEdits: [{ row: "3", patient: "P1", column: "upcr", text: "1" }] },
      "/cellEdits/0/row",
      /expected a whole number/,
    ],
    ["an added criterion that is a number", { addedCriteria: [5] }, "/addedCriteria/0", /object/],
    ["a rule edit without its rule as written", { rules: [{ id: "I1" }] }, "/rules/0", /asWritten/],
    [
      "a mapping column of the wrong type",
      { mapping: { version: 1, protocol: "ln-cd19-cd70", columns: { upcr: { column: 5 } } } },
      "/mapping/columns/upcr/column",
      /expected text/,
    ],
    ["an override that is null", { overrides: { upcr_min: null } }, "/overrides/upcr_min", /null/],
    ["a misspelt field", { disabledd: [] }, "/", /unknown field 'disabledd'/],
    ["a missing field", { disabled: undefined }, "/", /missing required field 'disabled'/],
  ];

  it.each(cases)(
    "refuses %s with its JSON path, the screen unchanged",
    async (_, extra, at, why) => {
      const f = new Flow(services());
      await f.openDemo(120);
      const before = {
        counts: { ...f.screen.counts },
        choices: f.choices,
        order: [...f.screen.order],
      };
      const problems = await f.applyScenario(JSON.stringify({ ...base, ...extra }), "s.json");
      expect(problems.map((p) => `${p.where} ${p.message}`)).toContainEqual(
        expect.stringMatching(new RegExp(`^s\\.json: ${at} .*${why.source}`)),
      );
      expect(problems.every((p) => p.severity === "error")).toBe(true);
      expect(f.screen.counts).toEqual(before.counts);
      expect(f.screen.order).toEqual(before.order);
      expect(f.choices).toBe(before.choices);
    },
  );

  it("names a syntax error's line and column, and a field nested 10,000 deep", () => {
    expect(parseScenario('{\n  "kind": ,', "s.json").problems[0]!.message).toMatch(
      /not valid JSON at line 2, column 11/,
    );
    const deep = JSON.stringify({ ...base, order: ["I1"] }).replace(
      '["I1"]',
      "[".repeat(10_000) + "]".repeat(10_000),
    );
    const { scenario: s, problems } = parseScenario(deep, "s.json");
    expect(s).toBeUndefined();
    expect(problems[0]!.message).toMatch(/nested too deeply/);
  });

  it("reads back the scenario the app writes", async () => {
    const f = new Flow(services());
    await f.openDemo(120);
    const text = JSON.stringify({
      ...base,
      protocolId: seed.id,
      overrides: { upcr_min: 0.5 },
      disabled: ["I3"],
      order: f.screen.protocol.criteria.map((c) => c.id).reverse(),
      asWritten: { id: seed.id, version: seed.version },
      differences: ["UPCR: 1 → 0.5"],
      rules: [],
      addedCriteria: [],
      removedCriteria: [],
      cellEdits: [],
    });
    expect(parseScenario(text, "s.json").problems).toEqual([]);
    expect((await f.applyScenario(text, "s.json")).filter((p) => p.severity === "error")).toEqual(
      [],
    );
    expect(f.screen.overrides).toEqual({ upcr_min: 0.5 });
  });
});
