import { beforeAll, describe, expect, it } from "vitest";
import { ScreenState, subgroupCandidates } from "../../src/app/screen.svelte.ts";
import { createLiveEngine } from "../../src/app/engine-live.ts";
import { loadSolver } from "../../src/engine/report/solver.ts";
import { publishableSubgroup } from "../../src/engine/report/subgroup-rule.ts";
import type { CategoryColumn } from "../../src/engine/types.ts";
import { seed, table } from "./fixtures.ts";

beforeAll(async () => {
  await loadSolver();
});

describe("a 40-row extract's report never lists patients", () => {
  it("offers no row-level column as a subgroup and publishes no patient id", async () => {
    const t = table(40);
    const ids = t.columns["patient_id"] as CategoryColumn;
    expect(ids.kind).toBe("category");
    const s = new ScreenState(createLiveEngine());
    await s.open(seed, t);
    expect(s.subgroupColumn).not.toBe("patient_id");
    expect(subgroupCandidates(t, "patient_id")).not.toContain("patient_id");
    // even when asked for it (an old screen state, a script), the report refuses the id column
    s.subgroupColumn = "patient_id";
    const r = s.report(undefined, 11, true, "2026-11-25")!;
    const json = JSON.stringify(r);
    for (const id of ids.dict) expect(json).not.toContain(`"${id}"`);
    expect(r.subgroups).toEqual([]);
    expect(r.subgroupsRefused[0]).toMatchObject({ name: "patient_id" });
    expect(r.subgroupsRefused[0]!.reason).toMatch(/patient id/);
  }, 240_000);

  it("merges small levels into 'other': every published level has at least the threshold", () => {
    const codes = Int8Array.from({ length: 60 }, (_, r) =>
      r < 30 ? 0 : r < 52 ? 1 : r < 56 ? 2 : 3,
    );
    const d = publishableSubgroup("site", { codes, dict: ["A", "B", "C", "D"] }, 11, "patient_id");
    // C (4) and D (4) merge into "other" (8), still small: it takes in B (22), the smallest kept
    expect(d).toMatchObject({ ok: true, dict: ["A", "other"], merged: ["B", "C", "D"] });
    const ids = Int8Array.from({ length: 60 }, (_, r) => r % 40);
    expect(
      publishableSubgroup("mrn", { codes: ids, dict: [...Array(40).keys()].map(String) }, 11),
    ).toMatchObject({ ok: false });
  });
});
