import { describe, expect, it } from "vitest";
import {
  formatStored,
  parseEdit,
  readStored,
  storedText,
  writeStored,
} from "../../src/app/cell-edit.ts";
import { createLiveEngine } from "../../src/app/engine-live.ts";
import { editsCsv, parseScenario, patientCsvParts, scenarioJson } from "../../src/app/exports.ts";
import { GridView } from "../../src/app/grid-view.svelte.ts";
import { ScreenState } from "../../src/app/screen.svelte.ts";
import type { Column } from "../../src/engine/types.ts";
import { ELIGIBLE, FAIL } from "../../src/engine/types.ts";
import { seed, table } from "./fixtures.ts";

describe("parseEdit", () => {
  const num: Column = {
    kind: "number",
    lo: new Float64Array(2),
    hi: new Float64Array(2),
    unit: "g/g",
  };
  num.hi = num.lo;
  it.each([
    ["0.62", "0.62"],
    ["<0.5", "<0.5"],
    [">3", ">3"],
    ["", ""],
    ["1,5", "1.5"],
  ])("reads %j as a number and shows it as %j", (text, shown) => {
    const { value } = parseEdit(num, text, "upcr");
    writeStored(num, 0, value!);
    expect(formatStored(num, 0)).toBe(shown);
  });
  it("keeps exact columns sharing one buffer correct after a censored edit", () => {
    const c: Column = {
      kind: "number",
      lo: new Float64Array([1, 2]),
      hi: new Float64Array(0),
      unit: "1",
    };
    c.hi = c.lo;
    writeStored(c, 0, parseEdit(c, "<0.5", "x").value!);
    expect(formatStored(c, 0)).toBe("<0.5");
    expect(formatStored(c, 1)).toBe("2");
  });
  it.each([
    ["number", "abc", /not a number/],
    ["date", "31/02/2020", /YYYY-MM-DD/],
    ["date", "2021-02-30", /not a calendar date/],
    ["boolean", "maybe", /yes\/no/],
  ] as const)("rejects bad %s text %j", (kind, text, msg) => {
    const cols: Record<string, Column> = {
      number: num,
      date: { kind: "date", days: new Float32Array(1) },
      boolean: { kind: "boolean", values: new Uint8Array(1) },
    };
    expect(parseEdit(cols[kind]!, text, "x").problem?.message).toMatch(msg);
  });
  it("shows an edit's previous value", () => {
    const c: Column = {
      kind: "number",
      lo: new Float64Array(1),
      hi: new Float64Array(1),
      unit: "g/g",
    };
    expect(storedText(c, { kind: "number", lo: -Infinity, hi: 0.5 })).toBe("<0.5");
    expect(storedText(c, { kind: "number", lo: 0.62, hi: 0.62 })).toBe("0.62");
    expect(storedText(c, { kind: "number", lo: NaN, hi: NaN })).toBe("");
  });
  it("round-trips dates and categories", () => {
    const d: Column = { kind: "date", days: new Float32Array(1) };
    writeStored(d, 0, parseEdit(d, "2024-02-29", "d").value!);
    expect(formatStored(d, 0)).toBe("2024-02-29");
    const c: Column = { kind: "category", codes: new Int32Array(1), dict: ["F", "M"] };
    writeStored(c, 0, parseEdit(c, "m", "c").value!);
    expect(readStored(c, 0)).toEqual({ kind: "category", code: 1 });
  });
});

describe("GridView and exports", () => {
  const t = table(300);

  async function open() {
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, t);
    return { s, v: new GridView(s) };
  }

  it("combines status, verdict and search filters into one mask", async () => {
    const { s, v } = await open();
    expect(v.mask).toBeNull();
    expect(v.shown).toBe(300);
    v.statuses = [ELIGIBLE];
    expect(v.shown).toBe(s.counts.eligible);
    v.statuses = [];
    const k = seed.criteria.findIndex((c) => c.id === "I3");
    v.criterion = k;
    v.verdict = FAIL;
    expect(v.shown).toBe(s.perCriterion[k]!.failing);
    v.clearAll();
    v.search = "LN10000";
    expect(v.shown).toBe(10);
    expect(v.chips.map((c) => c.key)).toEqual(["search"]);
  });

  it("writes a per-patient CSV with one verdict column per criterion", async () => {
    const { s } = await open();
    const text = patientCsvParts(s, false, 100).join("");
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBe(301);
    expect(lines[0]!.split(",")).toEqual([
      "patient_id",
      "status",
      ...seed.criteria.map((c) => c.id),
    ]);
    const eligible = lines.filter((l) => l.split(",")[1] === "eligible").length;
    expect(eligible).toBe(s.counts.eligible);
    expect(patientCsvParts(s, true).join("").split("\n")[0]).toContain("upcr");
  });

  it("round-trips a scenario and refuses malformed ones with every problem", async () => {
    const { s } = await open();
    await s.setParam("upcr_min", 0.5);
    s.setEnabled(0, false);
    const { scenario, problems } = parseScenario(scenarioJson(s, [], false));
    expect(problems).toEqual([]);
    expect(scenario).toMatchObject({
      protocolId: seed.id,
      overrides: { upcr_min: 0.5 },
      disabled: [seed.criteria[0]!.id],
    });
    const bad = parseScenario(
      '{"kind":"cohort-prescreener/scenario","version":2,"overrides":[],"disabled":"x"}',
    );
    expect(bad.problems.length).toBe(4);
    expect(parseScenario("nope").problems[0]?.message).toMatch(
      /not valid JSON at line 1, column 1/,
    );
  });

  it("lists edits as CSV", async () => {
    const { s } = await open();
    await s.editCell(4, "upcr", "2.5");
    expect(editsCsv(s)).toBe("row,patient,column,new_value\n5,LN100004,upcr,2.5\n");
  });
});
