import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EventService, latestObservation, monthEnds } from "../../src/events/service.ts";
import { run } from "../support/cli.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { ResultSet } from "../../src/engine/results/index.ts";
import { tempDir } from "../support/temp.ts";

const DIR = join(__dirname, "../fixtures/omop/synthea27nj");
const protocol = getBuiltin("example-omop-htn")!;
const files = () =>
  readdirSync(DIR)
    .filter((n) => n.endsWith(".csv"))
    .map((n) => new File([readFileSync(join(DIR, n))], n));

describe("EventService (the app's event-data session)", () => {
  const tmp = tempDir("prescreen-events-service-");

  it("plans the tables the profile reads and names those missing", () => {
    const plan = EventService.plan(
      files().filter((f) => f.name !== "DRUG_EXPOSURE.csv"),
      protocol,
    );
    expect(plan.read.map((r) => r.table)).toContain("measurement");
    expect(plan.missing).toEqual(["drug_exposure"]);
  });

  it("refuses a protocol without an OMOP profile, saying so", async () => {
    const s = new EventService();
    const r = await s.read(files(), getBuiltin("dapa-hf")!);
    expect(r.problems[0]?.message).toContain("has no OMOP profile");
    expect(r.tables).toEqual([]);
  });

  it("reads once, reports the latest observation date, derives at any date like the CLI", async () => {
    const s = new EventService();
    const seen = new Set<string>();
    const r = await s.read(files(), protocol, (t, _f, p) => {
      seen.add(t);
      expect(p.totalBytes).toBeGreaterThan(0);
    });
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.persons).toBe(28);
    expect(r.latestObservation).toBe("2022-10-10");
    expect([...seen].sort()).toEqual(r.tables.map((t) => t.table).sort());
    for (const date of ["2019-01-01", "2021-06-30"]) {
      const d = s.derive(protocol, date);
      expect(d.quality.screeningDate).toBe(date);
      const { compiled } = compileProtocol(protocol, { screening_date: date });
      const { verdicts } = evaluateProtocol(compiled!, d.table!);
      const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
      const got = new ResultSet(meta, d.table!.nRows, verdicts).counts();
      const summary = join(tmp, `s-${date}.json`);
      const cli = await run(
        ...["screen", "--data", DIR, "--protocol", protocol.id],
        ...["--param", `screening_date=${date}`, "--summary", summary, "--quiet"],
      );
      expect(cli.code, cli.err).toBe(0);
      const want = JSON.parse(readFileSync(summary, "utf8")).counts;
      expect(got).toEqual(want);
      expect(s.countsAt(protocol, date)).toEqual({
        date,
        eligible: want.eligible,
        needsReview: want.needsReview,
        ineligible: want.ineligible,
      });
    }
    // another parameter value (the page's what-if) is applied with the date
    const strict = s.countsAt(protocol, "2021-06-30", { age_min: 40 });
    const loose = s.countsAt(protocol, "2021-06-30");
    expect(strict.ineligible).toBeGreaterThan(loose.ineligible);
  });

  it("will not derive before the protocol's tables are read", () => {
    expect(() => new EventService().derive(protocol, "2021-06-30")).toThrow("read the tables");
  });

  it("lists the last month ends up to a date, oldest first", () => {
    expect(monthEnds("2022-10-10", 3)).toEqual(["2022-07-31", "2022-08-31", "2022-09-30"]);
    expect(monthEnds("2024-03-31", 3)).toEqual(["2024-01-31", "2024-02-29", "2024-03-31"]);
    expect(monthEnds("2021-01-15", 2)).toEqual(["2020-11-30", "2020-12-31"]);
    expect(monthEnds("not a date")).toEqual([]);
    expect(monthEnds("2022-10-10")).toHaveLength(24);
  });

  it("has no latest observation date without OBSERVATION_PERIOD", () => {
    expect(latestObservation({ tables: {}, files: {} })).toBeNull();
  });
});
