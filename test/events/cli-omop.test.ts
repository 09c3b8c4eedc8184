import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";

const DIR = join(__dirname, "../fixtures/omop/synthea27nj");

describe("prescreen screen --data <OMOP folder>", () => {
  const tmp = tempDir("prescreen-omop-");

  it("screens Synthea27Nj with a quality report and per-patient verdicts", async () => {
    const out = join(tmp, "r.csv");
    const q = join(tmp, "q.json");
    const r = await run(
      "screen",
      "--data",
      DIR,
      "--protocol",
      "example-omop-htn",
      "--out",
      out,
      "--quality",
      q,
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "OMOP extract as of 2021-06-30: 28 persons, 0 without an observation period",
    );
    expect(r.out).toMatch(/measurement\s+10,040\s+45/);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("patient_id,status,I1,I2,I3,I4,E1,E2,E3");
    expect(lines).toHaveLength(29);
    expect(lines.some((l) => l.includes(",eligible,"))).toBe(true);
    const quality = JSON.parse(readFileSync(q, "utf8"));
    expect(
      quality.tables.find((t: { table: string }) => t.table === "measurement").afterScreening,
    ).toBe(743);
  });

  it("screens the registry as it was on an earlier date", async () => {
    const now = join(tmp, "now.csv");
    const then = join(tmp, "then.csv");
    await run("screen", "--data", DIR, "--protocol", "example-omop-htn", "--out", now);
    const r = await run(
      "screen",
      "--data",
      DIR,
      "--protocol",
      "example-omop-htn",
      "--out",
      then,
      "--param",
      "screening_date=2012-01-01",
    );
    expect(r.out).toContain("as of 2012-01-01");
    expect(readFileSync(then, "utf8")).not.toBe(readFileSync(now, "utf8"));
  });

  it("says what is missing when the folder has no PERSON table", async () => {
    const empty = join(tmp, "empty");
    mkdirSync(empty, { recursive: true });
    writeFileSync(
      join(empty, "measurement.csv"),
      "person_id,measurement_date,measurement_concept_id\n1,2020-01-01,3\n",
    );
    const r = await run("screen", "--data", empty, "--protocol", "example-omop-htn");
    expect(r.code).toBe(1);
    expect(r.err).toContain("no PERSON table");
  });

  it("refuses a protocol without an OMOP profile", async () => {
    const r = await run("screen", "--data", DIR, "--protocol", "example-t2d");
    expect(r.code).toBe(1);
    expect(r.err).toContain("has no OMOP profile");
  });
});
