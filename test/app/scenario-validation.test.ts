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
