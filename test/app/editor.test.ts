import { describe, expect, it } from "vitest";
import { ProtocolEditor } from "../../src/app/editor.svelte.ts";
import { seed } from "./fixtures.ts";

const ids = (e: ProtocolEditor) => e.protocol.criteria.map((c) => c.id);

describe("ProtocolEditor: criteria", () => {
  it("starts from the seed with no problems", () => {
    const e = new ProtocolEditor(seed);
    expect(e.protocol.criteria.length).toBe(seed.criteria.length);
    expect(e.problems).toEqual([]);
    expect(e.selected).toBe(0);
    expect(e.protocol).not.toBe(seed);
  });

  it("adds an inclusion after the last inclusion with a fresh id, reported until filled in", () => {
    const e = new ProtocolEditor(seed);
    const nInc = seed.criteria.filter((c) => c.kind === "inclusion").length;
    const k = e.addCriterion("inclusion");
    expect(k).toBe(nInc);
    const c = e.protocol.criteria[k]!;
    expect(c.kind).toBe("inclusion");
    expect(seed.criteria.map((x) => x.id)).not.toContain(c.id);
    expect(c.id).toBe("I11"); // after I10 (I9a and I9b count as 9)
    expect(e.selected).toBe(k);
    expect(e.ruleProblems(k)[0]?.message).toMatch(/empty/);
    expect(e.problemsAt(`/criteria/${k}`).length).toBeGreaterThan(0);
    c.text = "Serum albumin at least 20 g/L";
    c.rule = "upcr >= upcr_min";
    expect(e.ruleProblems(k)).toEqual([]);
    expect(e.problems).toEqual([]);
    expect(e.protocol.criteria[e.addCriterion("exclusion")]!.id).toBe("E14");
  });

  it("reports a misspelt variable in a rule with its position and JSON path", () => {
    const e = new ProtocolEditor(seed);
    e.protocol.criteria[3]!.rule = "upcr >= upcr_min and sledaii >= 1";
    const [p] = e.ruleProblems(3);
    expect(p).toMatchObject({ where: "/criteria/3/rule", line: 1, column: 22, length: 7 });
    expect(p?.message).toMatch(/sledaii.*did you mean 'sledai'/);
    expect(e.problems.some((x) => x.where === "/criteria/3/rule")).toBe(true);
    expect(e.errorCount).toBeGreaterThan(0);
  });

  it("removes, moves and duplicates, keeping the selection on the same criterion", () => {
    const e = new ProtocolEditor(seed);
    const before = ids(e);
    e.selected = 2;
    expect(e.moveCriterion(2, -1)).toBe(1);
    expect(ids(e).slice(0, 3)).toEqual([before[0], before[2], before[1]]);
    expect(e.selected).toBe(1);
    expect(e.moveCriterion(0, -1)).toBe(0);
    expect(e.moveCriterion(before.length - 1, 1)).toBe(before.length - 1);
    const d = e.duplicateCriterion(1);
    expect(d).toBe(2);
    expect(e.protocol.criteria[2]).toMatchObject({
      ...e.protocol.criteria[1],
      id: `${before[2]}b`,
    });
    e.duplicateCriterion(1);
    expect(new Set(ids(e)).size).toBe(ids(e).length);
    expect(e.problems).toEqual([]);
    e.selected = 5;
    e.removeCriterion(1);
    expect(ids(e)).not.toContain(before[2]);
    expect(e.selected).toBe(4);
    expect(e.changes).toBe(4); // the two moves past either end changed nothing
  });

  it("undoes the last removal, putting the criterion back where it was", () => {
    const e = new ProtocolEditor(seed);
    expect(e.undoRemove()).toBe(-1);
    const id = e.protocol.criteria[4]!.id;
    e.removeCriterion(4);
    expect(e.removed?.criterion.id).toBe(id);
    expect(e.undoRemove()).toBe(4);
    expect(e.protocol.criteria[4]!.id).toBe(id);
    expect(e.plain).toEqual(seed);
    expect(e.removed).toBeNull();
  });

  it("switches a criterion to site-assessed and back without losing its rule", () => {
    const e = new ProtocolEditor(seed);
    const rule = e.protocol.criteria[0]!.rule;
    e.setSiteAssessed(0, true);
    expect(e.protocol.criteria[0]!.rule).toBeUndefined();
    expect(e.problemsAt("/criteria/0").length).toBeGreaterThan(0); // empty reason
    e.protocol.criteria[0]!.siteAssessed = "assessed by the investigator";
    expect(e.problems).toEqual([]);
    expect(e.plain.criteria[0]).not.toHaveProperty("rule");
    e.setSiteAssessed(0, false);
    expect(e.protocol.criteria[0]!.rule).toBe(rule);
    expect(e.plain.criteria[0]).not.toHaveProperty("siteAssessed");
  });

  it("starts blank keeping the data dictionary", () => {
    const e = new ProtocolEditor(seed);
    e.startBlank();
    expect(e.protocol.criteria).toEqual([]);
    expect(e.protocol.parameters).toEqual([]);
    expect(e.protocol.variables.length).toBe(seed.variables.length);
    expect(e.selected).toBe(-1);
    const k = e.addCriterion("exclusion");
    expect(e.protocol.criteria[k]!.id).toBe("E1");
    e.protocol.criteria[k]!.text = "Pregnant";
    e.protocol.criteria[k]!.rule = "pregnant";
    expect(e.problems).toEqual([]);
  });
});

describe("ProtocolEditor: parameters", () => {
  it("adds a parameter a rule can use, and reports a bad default and unit", () => {
    const e = new ProtocolEditor(seed);
    const j = e.addParameter();
    const p = e.protocol.parameters[j]!;
    p.name = "albumin_min";
    p.unit = "g/L";
    p.default = 30;
    const k = e.addCriterion("inclusion");
    e.protocol.criteria[k]!.text = "UPCR";
    e.protocol.criteria[k]!.rule = "upcr >= albumin_min";
    expect(e.ruleProblems(k)[0]?.message).toMatch(/g\/g.*g\/L|g\/L.*g\/g/);
    p.unit = "g/gg";
    expect(e.problemsAt(`/parameters/${j}/unit`)[0]?.message).toMatch(/unknown unit 'g\/gg'/);
    p.unit = "g/g";
    p.default = 0.5;
    expect(e.problems).toEqual([]);
  });

  it("changes a parameter's type with a default of the new type", () => {
    const e = new ProtocolEditor(seed);
    const j = e.protocol.parameters.findIndex((p) => p.name === "upcr_min");
    e.setParameterType(j, "date");
    expect(e.protocol.parameters[j]).toMatchObject({ type: "date", default: "2026-01-01" });
    expect(e.protocol.parameters[j]).not.toHaveProperty("unit");
    expect(e.problems.some((p) => p.where.startsWith("/criteria/"))).toBe(true);
  });

  it("removes and moves parameters", () => {
    const e = new ProtocolEditor(seed);
    const names = e.protocol.parameters.map((p) => p.name);
    expect(e.moveParameter(0, 1)).toBe(1);
    expect(e.protocol.parameters[1]!.name).toBe(names[0]);
    e.removeParameter(1);
    expect(e.protocol.parameters.map((p) => p.name)).not.toContain(names[0]);
    expect(e.problems.some((p) => p.message.includes(names[0]!))).toBe(true);
  });

  it("drops empty optional fields on export", () => {
    const e = new ProtocolEditor(seed);
    const j = e.addParameter();
    Object.assign(e.protocol.parameters[j]!, { unit: "", min: null, label: "" });
    const out = JSON.parse(e.exportJson()).parameters[j];
    expect(out).toEqual({ name: "new_parameter", type: "number", default: 0 });
  });
});

describe("ProtocolEditor: import and export", () => {
  it("round-trips the seed through JSON", () => {
    const e = new ProtocolEditor(seed);
    const text = e.exportJson();
    expect(JSON.parse(text)).toEqual(seed);
    const f = new ProtocolEditor();
    expect(f.importJson(text, "seed.json")).toBe(true);
    expect(f.exportJson()).toBe(text);
  });

  it("round-trips an edited document", () => {
    const e = new ProtocolEditor(seed);
    e.duplicateCriterion(0);
    e.moveCriterion(1, 3);
    const f = new ProtocolEditor();
    f.importJson(e.exportJson());
    expect(f.plain).toEqual(e.plain);
  });

  it("lists every validation problem of an import with its JSON path and keeps the working copy", () => {
    const e = new ProtocolEditor(seed);
    const bad = structuredClone(seed) as unknown as Record<string, unknown>;
    delete bad.title;
    const crits = bad.criteria as Record<string, unknown>[];
    crits[0]!.kind = "inclusive";
    crits[2]!.label = "";
    expect(e.importJson(JSON.stringify(bad), "bad.json")).toBe(false);
    const where = e.importProblems.map((p) => p.where);
    expect(where).toEqual(expect.arrayContaining(["/", "/criteria/0/kind", "/criteria/2/label"]));
    expect(e.importProblems.find((p) => p.where === "/")?.message).toMatch(/title/);
    expect(e.protocol.criteria.length).toBe(seed.criteria.length);
  });

  it("reports broken JSON with line and column", () => {
    const e = new ProtocolEditor(seed);
    expect(e.importJson('{\n  "id": "x",\n  oops\n}', "broken.json")).toBe(false);
    expect(e.importProblems[0]).toMatchObject({ where: "broken.json", line: 3, column: 3 });
  });

  it("clears import problems after a good import", () => {
    const e = new ProtocolEditor(seed);
    e.importJson("{", "x");
    expect(e.importProblems.length).toBe(1);
    e.importJson(JSON.stringify(seed));
    expect(e.importProblems).toEqual([]);
  });
});

describe("ProtocolEditor: completions", () => {
  it("completes names and units at a cursor position against the working copy", () => {
    const e = new ProtocolEditor(seed);
    const j = e.addParameter();
    e.protocol.parameters[j]!.name = "albumin_floor";
    expect(e.completions("albu", 4).items[0]?.label).toBe("albumin_floor");
    expect(e.completions("x >= 3 mmol/", 12).items.map((i) => i.label)).toContain("mmol/L");
  });
});

describe("ProtocolEditor: renaming a parameter", () => {
  it("rewrites every rule and derived expression that uses it, and nothing else", () => {
    const e = new ProtocolEditor(seed);
    const j = e.protocol.parameters.findIndex((p) => p.name === "screening_date");
    const users = seed.criteria.filter((c) => c.rule?.includes("screening_date")).length;
    const derivedUsers = (seed.derived ?? []).filter((d) => d.expr.includes("screening_date"));
    expect(users + derivedUsers.length).toBeGreaterThan(0);
    expect(e.renameParameter(j, "index_date")).toBe(true);
    const text = e.exportJson();
    expect(text).not.toMatch(/"(rule|expr)": "[^"]*\bscreening_date\b/);
    expect(e.problems).toEqual([]);
  });

  it("refuses a taken or invalid name", () => {
    const e = new ProtocolEditor(seed);
    expect(e.renameParameter(0, "upcr")).toBe(false);
    expect(e.renameParameter(0, "2x")).toBe(false);
    expect(e.protocol.parameters[0]!.name).toBe(seed.parameters[0]!.name);
  });
});
