import { describe, expect, it } from "vitest";
import { createLiveEngine } from "../../src/app/engine-live.ts";
import { parseScenario, scenarioJson } from "../../src/app/exports.ts";
import {
  differences,
  describeDifference,
  editedProtocol,
  reportScenario,
} from "../../src/app/scenario.ts";
import { reportAppendix } from "../../src/app/report-appendix.ts";
import { ScreenState } from "../../src/app/screen.svelte.ts";
import { applyRule, resetScenario, undoDifference } from "../../src/ui/editor/apply.ts";
import { seed, table } from "./fixtures.ts";

async function opened() {
  const s = new ScreenState(createLiveEngine());
  await s.open(seed, table(300));
  return s;
}

describe("a scenario is everything that differs from the protocol as written", () => {
  it("lists a parameter, a set-aside criterion, an edited rule and a hand-edited cell", async () => {
    const s = await opened();
    expect(s.differences).toEqual([]);
    const before = s.baseline!;
    expect(before).toEqual(s.counts);
    const i5 = seed.criteria.find((c) => c.id === "I5")!;
    await s.setParam("upcr_min", 0.3);
    s.setEnabled(
      seed.criteria.findIndex((c) => c.id === "E1"),
      false,
    );
    const r = await applyRule(s, "I5", "sledai2k_total >= 4");
    expect(r.ok).toBe(true);
    expect(await s.editCell(0, "upcr", "2.5")).toBeUndefined();
    const kinds = s.differences.map((d) => d.kind).sort();
    expect(kinds).toEqual(["cell", "parameter", "rule", "set-aside"]);
    const words = s.differences.map(describeDifference).join("\n");
    expect(words).toContain(`rule edited from \`${i5.rule}\` to \`sledai2k_total >= 4\``);
    expect(words).toContain("E1");
    expect(words).toMatch(/upcr: \(missing\)|upcr: [\d.<>]+ → 2\.5/);
    // the protocol as written and its counts survive the rule edit
    expect(s.written).toBe(seed);
    expect(s.baseline).toEqual(before);
    expect(s.counts).not.toEqual(before);
  });

  it("is saved in the scenario file and rebuilt from it", async () => {
    const s = await opened();
    await applyRule(s, "I5", "sledai2k_total >= 4");
    await s.editCell(3, "upcr", "1.7");
    const { scenario } = parseScenario(scenarioJson(s, [], false));
    expect(scenario!.asWritten).toEqual({ id: seed.id, version: seed.version });
    expect(scenario!.rules).toEqual([
      {
        id: "I5",
        rule: "sledai2k_total >= 4",
        asWritten: seed.criteria.find((c) => c.id === "I5")!.rule,
      },
    ]);
    expect(scenario!.cellEdits).toMatchObject([{ row: 3, column: "upcr", text: "1.7" }]);
    const rebuilt = editedProtocol(seed, scenario!);
    expect(rebuilt.criteria.find((c) => c.id === "I5")!.rule).toBe("sledai2k_total >= 4");
    expect(differences(seed, { ...s, protocol: rebuilt, edits: [] }).map((d) => d.kind)).toEqual([
      "rule",
    ]);
  });

  it("tells the report every difference without patient ids", async () => {
    const s = await opened();
    await s.editCell(3, "upcr", "1.7");
    await s.editCell(4, "upcr", "0.9");
    const rep = reportScenario(s.written, s);
    expect(rep.whatIf).toBe(true);
    expect(rep.differences).toEqual(["2 values edited by hand (upcr: 2)"]);
    expect(JSON.stringify(rep)).not.toMatch(/LN\d|patient/);
  });

  it("resets one difference or all of them", async () => {
    const s = await opened();
    const before = s.counts;
    await s.setParam("upcr_min", 0.3);
    await applyRule(s, "I5", "sledai2k_total >= 4");
    const rule = s.differences.find((d) => d.kind === "rule")!;
    await undoDifference(s, rule);
    expect(s.differences.map((d) => d.kind)).toEqual(["parameter"]);
    await s.editCell(0, "upcr", "2.5");
    await resetScenario(s);
    expect(s.differences).toEqual([]);
    expect(s.counts).toEqual(before);
  });
});

describe("parameters named like members of JavaScript objects", () => {
  const names = ["constructor", "toString", "hasOwnProperty", "__proto__"];
  const protocol = {
    ...seed,
    parameters: [
      ...seed.parameters,
      ...names.map((name) => ({ name, type: "number" as const, default: 2 })),
    ],
  };
  it("are no difference while unchanged, and read their own value in the report", () => {
    const state = {
      protocol,
      overrides: {},
      enabled: protocol.criteria.map(() => true),
      edits: [],
      table: table(20),
    };
    expect(differences(protocol, state)).toEqual([]);
    const extra = reportAppendix(protocol, {}, table(20), [], {
      suppressed: true,
      threshold: 11,
      today: "2026-12-08",
    });
    for (const name of names)
      expect(extra.parameters.find((p) => p.name === name)).toMatchObject({
        value: 2,
        changed: false,
      });
  });
});
