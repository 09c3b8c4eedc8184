/**
 * Long tables (one row per patient, code, date and value) through the same derivations as OMOP,
 * on a hand-written hospital export: German headers, semicolons, decimal commas, day.month.year
 * dates, local lab codes, ICD-10 codes with subcodes, a patient the lab knows and the patient
 * table does not, a unit nobody knows.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveTable } from "../../src/events/derive.ts";
import { readLongFolder } from "../../src/events/node.ts";
import { parseProfileJson } from "../../src/events/profile-check.ts";
import type { SourceProfile } from "../../src/events/profile.ts";
import { formatIsoDate } from "../../src/engine/calendar.ts";
import { FALSE, TRUE, type Column } from "../../src/engine/types.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";

const DIR = join(__dirname, "../fixtures/long/klinik-labor");
const PROFILE_FILE = join(__dirname, "../fixtures/long/example-omop-htn.long.json");
const profile = JSON.parse(readFileSync(PROFILE_FILE, "utf8")) as SourceProfile;
const protocol = getBuiltin("example-omop-htn")!;

const numbers = (c: Column | undefined) =>
  c?.kind === "number" ? [...c.lo].map((x) => (x === x ? Math.round(x * 100) / 100 : null)) : c;

describe("long event tables", () => {
  it("derive the protocol's variables as of the screening date", async () => {
    const { data, problems } = await readLongFolder(DIR, profile.long!);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(problems.map((p) => p.message).join("\n")).toContain(
      "sex value(s) not in the profile's lists (unknown): d",
    );
    const d = deriveTable(protocol, profile, data, { screening_date: "2021-06-30" });
    expect(d.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(d.persons.ids).toEqual(["1001", "1002", "1003", "1004"]);
    const c = d.table.columns;
    // 1001: the later of two; 1002: 150 µmol/l in mg/dL; 1003: only after the date;
    // 1004: "Furlong" is not a unit (not used, counted)
    expect(numbers(c.creatinine)).toEqual([1.9, 1.7, null, null]);
    expect(numbers(c.creatinine_count)).toEqual([2, 1, 0, 1]);
    // g/dl -> g/L; 1003's is older than the 24-month window
    expect(numbers(c.haemoglobin)).toEqual([125, 98, null, null]);
    const h = c.hypertension;
    expect(h?.kind === "boolean" && [...h.values]).toEqual([TRUE, FALSE, FALSE, TRUE]);
    const sex = c.sex;
    expect(sex?.kind === "category" && [...sex.codes].map((k) => sex.dict[k] ?? null)).toEqual([
      "female",
      "male",
      "female",
      null,
    ]);
    const b = c.birth_date;
    expect(b?.kind === "date" && formatIsoDate(b.days[0]!)).toBe("1956-03-14");
    expect(d.variables.find((v) => v.name === "creatinine")?.notUnderstood).toBe(1);
    const m = d.quality.tables.find((t) => t.table === "measurement");
    expect(m).toMatchObject({ rows: 9, unknownPerson: 1, afterScreening: 1 });
  });

  it("say which column is missing, with the header read", async () => {
    const bad = { ...profile.long!, patients: { ...profile.long!.patients, sex: "Sex" } };
    const { problems } = await readLongFolder(DIR, bad);
    expect(problems).toContainEqual(
      expect.objectContaining({
        where: "patienten.csv",
        severity: "error",
        message: "no column 'Sex' (the header has PatNr, Geburtsdatum, Geschlecht)",
      }),
    );
  });

  it("screen from the command line with --profile", async () => {
    const out = join(tempDir("prescreen-long-"), "r.csv");
    const r = await run(
      ...["screen", "--data", DIR, "--protocol", protocol.id],
      ...["--profile", PROFILE_FILE, "--out", out, "--quiet"],
    );
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("patient_id,status,I1,I2,I3,I4,E1,E2,E3");
    expect(lines[1]).toBe("1001,ineligible,pass,pass,unknown,unknown,pass,fail,pass");
    expect(lines[4]).toMatch(/^1004,needs-review,/);
  });

  it("name a missing file", async () => {
    const r = await run(
      ...["screen", "--data", join(DIR, ".."), "--protocol", protocol.id],
      ...["--profile", PROFILE_FILE, "--quiet"],
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain("no file patienten.csv");
  });
});

describe("a --profile document is checked by the same rules as the app's", () => {
  const dir = tempDir("prescreen-profile-");
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const screen = (path: string) =>
    run("screen", "--data", DIR, "--protocol", protocol.id, "--profile", path, "--quiet");

  it("a long profile without its 'long' section: where and what, in both", async () => {
    const text = JSON.stringify({ ...profile, long: undefined });
    const path = write("no-long.json", text);
    const app = parseProfileJson(text, path);
    expect(app.profile).toBeUndefined();
    expect(app.problems).toEqual([
      expect.objectContaining({ where: `${path}/long`, severity: "error" }),
    ]);
    const r = await screen(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path}/long`);
    expect(r.err).toContain(app.problems[0]!.message);
  });

  it("a schema error names its place in the document, as the app does", async () => {
    const text = JSON.stringify({ ...profile, model: "fhir" });
    const path = write("bad-model.json", text);
    const app = parseProfileJson(text, path);
    expect(app.problems.length).toBeGreaterThan(0);
    const r = await screen(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`profile ${path} is not valid`);
    for (const p of app.problems) expect(r.err).toContain(`${p.where}`);
    expect(r.err).toContain(`${path}/model`);
  });

  it("text that is not JSON", async () => {
    const path = write("broken.json", '{"model": "long",');
    const r = await screen(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path}: not JSON`);
  });
});
