/**
 * Explanations name the event a value was picked from (date, value as recorded, unit, code):
 * Synthea27Nj at 2021-06-30, texts checked by hand against MEASUREMENT.csv and DEATH.csv
 * (person 10's creatinine: measurement_id 2953, the latest LOINC 38483-4 row on or before
 * the date; person 7's death: 2019-05-28, cause SNOMED 26929004).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readParquetTable } from "../../src/events/parquet.ts";
import { EventService } from "../../src/events/service.ts";
import { sourceText, type EventSources } from "../../src/events/sources.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { run } from "../support/cli.ts";

const CSV = join(__dirname, "../fixtures/omop/synthea27nj");
const PQ = join(__dirname, "../fixtures/omop/synthea27nj-parquet");
const protocol = getBuiltin("example-omop-htn")!;
const P10 = "4437acab-e00d-57b7-776f-f86ea7d61036";
const P7 = "34f08c59-6fb0-6cf4-f22f-7c425faaba09";

async function derived(dir: string) {
  const files = readdirSync(dir)
    .filter((n) => /\.(csv|parquet)$/.test(n))
    .map((n) => new File([readFileSync(join(dir, n))], n));
  const s = new EventService({ parquet: readParquetTable });
  await s.read(files, protocol);
  return s.derive(protocol, "2021-06-30");
}

const texts = (sources: EventSources, ids: string[]) =>
  Object.entries(sources).flatMap(([v, s]) =>
    ids.flatMap((id, r) => {
      const t = sourceText(v, s, r);
      return t ? [`${id} ${t}`] : [];
    }),
  );

describe("the event a derived value came from", () => {
  it("names date, value as recorded, unit and code; only for picked events", async () => {
    const d = await derived(CSV);
    const col = d.table!.columns.patient_id!;
    if (col.kind !== "category") throw new Error("ids");
    const id = (r: number) => col.dict[col.codes[r]!]!;
    const row = (pid: string) => [...col.codes].findIndex((_, r) => id(r) === pid);
    expect(sourceText("creatinine", d.sources.creatinine!, row(P10))).toBe(
      "creatinine 1.3 mg/dL on 2021-04-19 (LOINC 38483-4)",
    );
    expect(sourceText("death_date", d.sources.death_date!, row(P7))).toBe(
      "death_date on 2019-05-28 (SNOMED 26929004)",
    );
    // haemoglobin is screened in g/L: the event is named as recorded, in g/dL
    const hb = d.sources.haemoglobin!;
    const r = [...hb.day].findIndex((x) => x === x);
    expect(sourceText("haemoglobin", hb, r)).toMatch(/ g\/dL on /);
    const stored = d.table!.columns.haemoglobin!;
    expect(stored.kind === "number" && stored.lo[r]).toBeCloseTo(hb.value[r]! * 10);
    // counts, sums, exists and person-level values pick no one event
    expect(Object.keys(d.sources).sort()).toEqual(["creatinine", "death_date", "haemoglobin"]);
    expect(sourceText("creatinine", d.sources.creatinine!, row(P7))).toBeNull();
  });

  it("the same texts from the Parquet copy", async () => {
    const a = await derived(CSV);
    const b = await derived(PQ);
    const ids = (d: typeof a) => {
      const c = d.table!.columns.patient_id!;
      return c.kind === "category" ? [...c.codes].map((k) => c.dict[k]!) : [];
    };
    const want = texts(a.sources, ids(a));
    expect(want.length).toBe(8 + 8 + 3);
    expect(texts(b.sources, ids(b))).toEqual(want);
  });

  it("prescreen explain --data DIR prints the event under the criterion", async () => {
    const r = await run(
      ...["explain", "--data", CSV, "--protocol", protocol.id, "--patient", P10],
      ...["--param", "screening_date=2021-06-30"],
    );
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split("\n");
    const e2 = lines.findIndex((l) => l.startsWith("E2 "));
    expect(lines[e2]).toMatch(/^E2 +pass +creatinine 1\.3 mg\/dL ≤ 1\.5 mg\/dL$/);
    expect(lines[e2 + 1]!.trim()).toBe("from creatinine 1.3 mg/dL on 2021-04-19 (LOINC 38483-4)");
    expect(lines.find((l) => l.startsWith("I3 "))).toMatch(/antihypertensive days 0 days/);
    const unknown = await run(
      ...["explain", "--data", CSV, "--protocol", protocol.id, "--patient", "nobody"],
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(`patient 'nobody' is not in ${CSV}`);
  });
});
