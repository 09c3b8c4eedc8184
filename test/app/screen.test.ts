import { describe, expect, it } from "vitest";
import { loadSolver } from "../../src/engine/report/solver.ts";
import { ScreenState, touchedBy } from "../../src/app/screen.svelte.ts";
import { createLiveEngine } from "../../src/app/engine-live.ts";
import type { ScreenEngine } from "../../src/app/engine-api.ts";
import { ResultSet } from "../../src/engine/results/index.ts";
import { FAIL, INELIGIBLE } from "../../src/engine/types.ts";
import { engineVerdicts, seed, table } from "./fixtures.ts";

const meta = seed.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));

describe("ScreenState", () => {
  const t = table(400);

  it("opens a table with the engine's verdicts and the ResultSet's counts", async () => {
    const s = new ScreenState(createLiveEngine());
    expect(await s.open(seed, t)).toBe(true);
    const v = engineVerdicts(t);
    expect(s.verdicts).toEqual(v);
    expect(s.counts).toEqual(new ResultSet(meta, t.nRows, v).counts());
    expect(s.status.length).toBe(400);
  });

  it("re-evaluates only the criteria a parameter touches and matches a full evaluation", async () => {
    let asked: readonly number[] = [];
    const live = createLiveEngine();
    const spy: ScreenEngine = {
      ...live,
      evaluate: (o, ks, a, b) => ((asked = ks), live.evaluate(o, ks, a, b)),
    };
    const s = new ScreenState(spy);
    await s.open(seed, t);
    await s.setParam("upcr_min", 0.5);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThan(seed.criteria.length);
    expect(asked.map((k) => seed.criteria[k]!.id)).toContain("I4");
    const v = engineVerdicts(t, { upcr_min: 0.5 });
    expect(s.verdicts).toEqual(v);
    expect(s.counts).toEqual(new ResultSet(meta, t.nRows, v).counts());
    expect(s.changedParams).toEqual(["upcr_min"]);
    await s.resetParam("upcr_min");
    expect(s.verdicts).toEqual(engineVerdicts(t));
    expect(s.changedParams).toEqual([]);
  });

  it("sets a criterion aside and brings it back", async () => {
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, t);
    const before = s.counts;
    const k = seed.criteria.findIndex((c) => c.id === "I3");
    s.setEnabled(k, false);
    const rs = new ResultSet(meta, t.nRows, engineVerdicts(t));
    rs.setEnabled(k, false);
    expect(s.counts).toEqual(rs.counts());
    expect(s.counts.eligible).toBeGreaterThanOrEqual(before.eligible);
    s.setEnabled(k, true);
    expect(s.counts).toEqual(before);
  });

  it("edits a raw value, updates that row's verdicts, and reverts", async () => {
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, t);
    const k = seed.criteria.findIndex((c) => c.id === "I4");
    const col = t.columns["upcr"];
    expect(col?.kind).toBe("number");
    // a row failing I4 on UPCR: give it a high UPCR
    const upcr = col!.kind === "number" ? col!.lo : new Float64Array();
    const row = [...Array(t.nRows).keys()].find(
      (i) => s.verdicts[k]![i] === FAIL && upcr[i]! < 0.5,
    )!;
    expect(row).toBeDefined();
    const before = s.verdicts[k]![row];
    expect(await s.editCell(row, "upcr", "5")).toBeUndefined();
    expect(s.isEdited(row, "upcr")).toBe(true);
    expect(s.verdicts[k]![row]).not.toBe(before);
    expect(s.verdicts).toEqual(engineVerdicts(t));
    const bad = await s.editCell(row, "upcr", "lots");
    expect(bad?.message).toMatch(/not a number/);
    await s.revertEdit(row, "upcr");
    expect(s.verdicts[k]![row]).toBe(before);
    expect(s.edits).toEqual([]);
  });

  it("computes a sensitivity curve without disturbing the running screen", async () => {
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, t);
    const counts = s.counts;
    const pts = await s.sensitivity("upcr_min", [0.3, 1, 3]);
    expect(pts.map((p) => p.value)).toEqual([0.3, 1, 3]);
    expect(pts[1]!.eligible).toBe(counts.eligible);
    expect(pts[0]!.eligible + pts[0]!.needsReview).toBeGreaterThanOrEqual(
      pts[2]!.eligible + pts[2]!.needsReview,
    );
    expect(s.counts).toEqual(counts);
  });

  it("filters rows from a chart click", async () => {
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, t);
    s.filter = { kind: "status", status: INELIGIBLE };
    const m = s.filterMask!;
    expect(m.reduce((a, b) => a + b, 0)).toBe(s.counts.ineligible);
  });

  it("discards an older what-if answer that arrives after a newer one", async () => {
    const live = createLiveEngine();
    let delay = 30;
    const slow: ScreenEngine = {
      ...live,
      evaluate: async (o, ks, a, b) => {
        const d = delay;
        delay = 0;
        await new Promise((r) => setTimeout(r, d));
        return live.evaluate(o, ks, a, b);
      },
    };
    const s = new ScreenState(slow);
    delay = 0;
    await s.open(seed, t);
    delay = 30;
    const first = s.setParam("upcr_min", 0.3);
    const second = s.setParam("upcr_min", 2);
    await Promise.all([first, second]);
    expect(s.overrides).toEqual({ upcr_min: 2 });
    expect(s.verdicts).toEqual(engineVerdicts(t, { upcr_min: 2 }));
  });
});

describe("touchedBy", () => {
  it.each([
    [{}, { a: 1 }, [0, 2]],
    [{ a: 1 }, { a: 1 }, []],
    [{ a: 1 }, {}, [0, 2]],
    [{ a: 1 }, { b: 2 }, [0, 1, 2]],
  ])("from %j to %j touches %j", (prev, next, want) => {
    const affected = (n: string) => (n === "a" ? [2, 0] : [1]);
    expect(touchedBy(prev, next, affected)).toEqual(want);
  });
});

describe("ScreenState.report", () => {
  it("builds the aggregate report from the running screen, suppressed by default", async () => {
    const t = table(400);
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, t);
    await s.setParam("upcr_min", 0.5);
    const open = s.report("x.csv", 11, false, "2026-11-25")!;
    expect(open.headline.eligible).toBe(s.counts.eligible);
    // every parameter the counts were made with, the changed one with its new value
    expect(open.parameters).toEqual(
      Object.fromEntries(
        seed.parameters.map((p) => [p.name, p.name === "upcr_min" ? 0.5 : p.default]),
      ),
    );
    await loadSolver();
    const shut = s.report(undefined, 11, true, "2026-11-25")!;
    const cells = JSON.stringify({
      ...shut,
      version: undefined,
      suppression: undefined,
      parameters: undefined,
    });
    expect(cells).toContain('"display":"*"');
    expect(shut.source.name).toBeUndefined(); // the file name only when asked for
    // no published number is a small cell
    const small = [...cells.matchAll(/:(\d+)[,}]/g)]
      .map((m) => Number(m[1]))
      .filter((n) => n > 0 && n < 11);
    expect(small).toEqual([]);
  }, 240_000);
});
