import { describe, expect, it } from "vitest";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { deriveTable, type OmopData } from "../../src/events/derive.ts";
import { headerProblems, tableOfFileName } from "../../src/events/tables.ts";
import type { Protocol, ProtocolVariable } from "../../src/engine/protocol/types.ts";
import type { SourceProfile } from "../../src/events/profile.ts";
import { validateProtocol } from "../../src/engine/protocol/validate.ts";
import { FALSE, TRUE, type Column } from "../../src/engine/types.ts";
import { formatIsoDate } from "../../src/engine/calendar.ts";

// A hand-written extract: three persons, labs in two units, a diagnosis, drug courses.
const TABLES = {
  person: `person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime,person_source_value,gender_source_value
1,8532,1980,3,15,,P-001,F
2,8507,1990,,,,P-002,M
3,0,1975,7,1,1975-07-01 00:00:00,P-003,f`,
  observation_period: `observation_period_id,person_id,observation_period_start_date,observation_period_end_date
1,1,2010-01-01,2024-12-31
2,2,2010-01-01,2019-12-31
3,2,2021-01-01,2024-12-31`,
  concept: `concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code
3016723,Creatinine [Mass/volume] in Serum or Plasma,Measurement,LOINC,Lab Test,S,2160-0
8840,milligram per deciliter,Unit,UCUM,Unit,S,mg/dL
8749,micromole per liter,Unit,UCUM,Unit,S,umol/L
257628,Systemic lupus erythematosus,Condition,SNOMED,Clinical Finding,S,55464009
1507835,Mycophenolate mofetil 500 MG Oral Tablet,Drug,RxNorm,Clinical Drug,S,213471`,
  measurement: `measurement_id,person_id,measurement_concept_id,measurement_date,value_as_number,value_as_concept_id,unit_concept_id,measurement_source_value,unit_source_value,value_source_value
1,1,3016723,2019-01-10,1.0,0,8840,2160-0,mg/dL,1.0
2,1,3016723,2020-03-01,106.1,0,8749,2160-0,,106.1
3,1,0,2020-06-01,2.0,0,0,2160-0,mg/dL,2.0
4,1,3016723,2021-01-01,3.0,0,0,2160-0,mmol/L,3.0
5,2,3016723,2020-05-01,0.9,0,0,2160-0,mg/dL,0.9
6,2,3016723,2020-05-01,0.7,0,0,2160-0,mg/dL,0.7
7,3,3016723,2020-06-10,5.0,0,0,2160-0,furlongs,5.0
8,1,999,2020-06-02,1,0,0,other,,1`,
  condition_occurrence: `condition_occurrence_id,person_id,condition_concept_id,condition_start_date,condition_source_value,condition_source_concept_id
1,1,257628,2015-04-01,55464009,0
2,2,0,2020-12-01,M32.14,0`,
  drug_exposure: `drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,drug_exposure_end_date,days_supply,drug_source_value
1,1,1507835,2020-01-01,2020-01-30,,213471
2,1,1507835,2020-01-20,2020-02-09,,213471
3,1,1507835,2020-06-01,,10,213471
4,2,0,2019-01-01,,,MMF local`,
};

function data(tables: Record<string, string> = TABLES): OmopData {
  const out: OmopData = { tables: {}, files: {} };
  for (const [t, text] of Object.entries(tables)) {
    (out.tables as Record<string, unknown>)[t] = parseCsvText(text + "\n", { name: t });
    (out.files as Record<string, string>)[t] = `${t}.csv`;
  }
  return out;
}

const v = (name: string, type: ProtocolVariable["type"], extra: Partial<ProtocolVariable> = {}) =>
  ({ name, type, description: name, ...extra }) as ProtocolVariable;

const PROFILE: SourceProfile = {
  model: "omop",
  conceptSets: {
    creatinine: { codes: ["LOINC:2160-0"] },
    sle: { codes: ["SNOMED:55464009", "ICD10CM:M32.14"] },
    mmf: { codes: ["RxNorm:213471"] },
  },
  variables: {
    age: { take: "age" },
    birth_date: { take: "birth_date" },
    sex: { take: "sex" },
    observed: { take: "observed" },
    creat_latest: { take: "latest", from: "measurement", concepts: "creatinine" },
    creat_earliest: { take: "earliest", from: "measurement", concepts: "creatinine" },
    creat_max_1y: {
      take: "max",
      from: "measurement",
      concepts: "creatinine",
      window: { before: { param: "lab_window" } },
    },
    creat_min: { take: "min", from: "measurement", concepts: "creatinine" },
    creat_near: {
      take: "nearest",
      from: "measurement",
      concepts: "creatinine",
      nearestTo: "biopsy_day",
    },
    creat_count: {
      take: "count",
      from: "measurement",
      concepts: "creatinine",
      absentMeansNo: true,
    },
    creat_last_date: { take: "last_date", from: "measurement", concepts: "creatinine" },
    sle: { take: "exists", from: "condition_occurrence", concepts: "sle" },
    sle_no: { take: "exists", from: "condition_occurrence", concepts: "sle", absentMeansNo: true },
    sle_first: { take: "first_date", from: "condition_occurrence", concepts: "sle" },
    mmf_days: {
      take: "exposure_days",
      from: "drug_exposure",
      concepts: "mmf",
      absentMeansNo: true,
    },
    mmf_drugs: { take: "drugs", from: "drug_exposure", concepts: "mmf" },
  },
};

const PROTOCOL: Protocol = {
  id: "events-test",
  title: "t",
  version: "1",
  parameters: [
    { name: "screening_date", type: "date", default: "2021-06-30" },
    { name: "lab_window", type: "number", unit: "months", default: 12 },
    { name: "biopsy_day", type: "date", default: "2020-04-01" },
  ],
  variables: [
    v("age", "number", { unit: "years" }),
    v("birth_date", "date"),
    v("sex", "category", { values: ["female", "male"] }),
    v("observed", "boolean"),
    ...["creat_latest", "creat_earliest", "creat_max_1y", "creat_min", "creat_near"].map((n) =>
      v(n, "number", { unit: "mg/dL", molarMass: 113.12 }),
    ),
    v("creat_count", "number"),
    v("creat_last_date", "date"),
    v("sle", "boolean"),
    v("sle_no", "boolean"),
    v("sle_first", "date"),
    v("mmf_days", "number", { unit: "days" }),
    v("mmf_drugs", "category", { values: ["x"] }),
  ],
  criteria: [{ id: "I1", kind: "inclusion", label: "x", text: "x", rule: "sle" }],
};

function cells(c: Column | undefined): unknown[] {
  if (!c) throw new Error("no column");
  switch (c.kind) {
    case "number":
      return [...c.lo].map((x, i) => (x === c.hi[i] || x !== x ? round(x) : [x, c.hi[i]]));
    case "date":
      return [...c.days].map((d) => formatIsoDate(d));
    case "boolean":
      return [...c.values].map((x) => (x === TRUE ? "yes" : x === FALSE ? "no" : "?"));
    case "category":
      return [...c.codes].map((k) => (k < 0 ? null : c.dict[k]));
  }
}
const round = (x: number) => (x === x ? Math.round(x * 1e6) / 1e6 : null);

describe("OMOP table recognition", () => {
  it.each([
    ["MEASUREMENT.csv", "measurement"],
    ["measurement.tsv", "measurement"],
    ["cdm.Person.CSV", "person"],
    ["some/dir/observation_period.txt", "observation_period"],
    ["DRUG_ERA.csv", undefined],
    ["notes.csv", undefined],
  ])("%s -> %s", (name, table) => {
    expect(tableOfFileName(name)).toBe(table);
  });

  it("names the columns a header lacks", () => {
    const p = headerProblems("measurement", "m.csv", ["person_id", "measurement_date"]);
    expect(p[0]?.message).toContain("measurement_concept_id");
    expect(
      headerProblems("measurement", "m.csv", [
        "PERSON_ID",
        "measurement_date",
        "Measurement_Concept_Id",
      ]),
    ).toEqual([]);
  });
});

describe("deriveTable", () => {
  const r = deriveTable(PROTOCOL, PROFILE, data(), {}, 20000);
  const col = (n: string) => cells(r.table.columns[n]);

  it("has one row per person, ids from person_source_value", () => {
    expect(r.table.nRows).toBe(3);
    expect(col("patient_id")).toEqual(["P-001", "P-002", "P-003"]);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("derives age (a range when only the year is known), birth date and sex", () => {
    expect(col("age")).toEqual([41, [30, 31], 45]);
    expect(col("birth_date")).toEqual(["1980-03-15", "", "1975-07-01"]);
    expect(col("sex")).toEqual(["female", "male", "female"]);
  });

  it("knows who is observed on the screening date", () => {
    expect(col("observed")).toEqual(["yes", "yes", "no"]);
    const past = deriveTable(PROTOCOL, PROFILE, data(), { screening_date: "2020-06-30" }, 20000);
    expect(cells(past.table.columns.observed)).toEqual(["yes", "no", "no"]);
  });

  it("picks latest, earliest, nearest, min, max with units converted", () => {
    // person 1: 1.0 mg/dL, 106.1 umol/L (=1.2 mg/dL, unit from unit_concept_id), 2.0 matched by
    // source value, 3.0 mmol/L (converted through the molar mass: 3 mmol/L = 33.9 mg/dL)
    // person 2: two values on one day, the later event id wins
    expect(col("creat_latest")).toEqual([round((3.0 * 113.12) / 10), 0.7, null]);
    expect(col("creat_earliest")).toEqual([1, 0.9, null]); // ties: the earlier id
    expect(col("creat_min")).toEqual([1, 0.7, null]);
    // within 12 months before 2021-06-30: 2021-01-01 only for person 1
    expect(col("creat_max_1y")).toEqual([round((3.0 * 113.12) / 10), null, null]);
    // nearest 2020-04-01: 2020-03-01 (31 days) beats 2020-06-01 (61)
    expect(col("creat_near")).toEqual([round(106.1 * 0.011312), 0.7, null]);
    expect(col("creat_count")).toEqual([4, 2, 1]);
    expect(col("creat_last_date")).toEqual(["2021-01-01", "2020-05-01", "2020-06-10"]);
  });

  it("counts a value whose unit it does not know, and never guesses it", () => {
    const s = r.variables.find((x) => x.name === "creat_latest")!;
    expect(s.notUnderstood).toBe(1);
    expect(s.examples[0]).toContain("furlongs");
  });

  it("keeps absence unknown unless the profile says absence means no", () => {
    expect(col("sle")).toEqual(["yes", "yes", "?"]);
    expect(col("sle_no")).toEqual(["yes", "yes", "no"]);
    expect(col("sle_first")).toEqual(["2015-04-01", "2020-12-01", ""]);
  });

  it("totals exposure days with overlaps counted once, and lists drugs", () => {
    // 2020-01-01..2020-02-09 = 40 days, plus 10 days from days_supply
    expect(col("mmf_days")).toEqual([50, 0, 0]);
    expect(col("mmf_drugs")).toEqual(["Mycophenolate mofetil 500 MG Oral Tablet", null, null]);
  });

  it("moves the screening date into the past: later events are not seen", () => {
    const past = deriveTable(PROTOCOL, PROFILE, data(), { screening_date: "2020-05-15" }, 20000);
    const c = (n: string) => cells(past.table.columns[n]);
    expect(c("creat_latest")).toEqual([round(106.1 * 0.011312), 0.7, null]);
    expect(c("sle")).toEqual(["yes", "?", "?"]);
    expect(c("mmf_days")).toEqual([40, 0, 0]);
    expect(c("age")).toEqual([40, [29, 30], 44]);
  });

  it("reports the extract's quality", () => {
    const q = r.quality;
    expect(q.persons).toBe(3);
    expect(q.personsWithoutObservationPeriod).toBe(0 + 1);
    const m = q.tables.find((t) => t.table === "measurement")!;
    expect(m.rows).toBe(8);
    expect(m.unmapped).toBe(1);
    expect(m.unknownConcepts).toBe(1); // 999 is not in CONCEPT
    expect(m.unknownConceptExamples).toEqual([999]);
    // person 2 is not observed in 2020 (gap between periods); person 3 has no period
    expect(m.outsideObservation).toBe(3);
    expect(m.inFuture).toBe(0);
    const future = deriveTable(PROTOCOL, PROFILE, data(), {}, 18500);
    expect(future.quality.tables.find((t) => t.table === "measurement")!.inFuture).toBe(1);
  });
});

describe("source profiles in the protocol document", () => {
  it("validates a profile under sources.omop", () => {
    const ok = validateProtocol({ ...PROTOCOL, sources: { omop: PROFILE } });
    expect(ok.problems).toEqual([]);
  });

  it("rejects an unknown derivation with its path", () => {
    const bad = structuredClone({ ...PROTOCOL, sources: { omop: PROFILE } }) as unknown as {
      sources: { omop: { variables: Record<string, { take: string }> } };
    };
    bad.sources.omop.variables.sle!.take = "average";
    const r = validateProtocol(bad);
    expect(r.problems.map((p) => p.where)).toContain("/sources/omop/variables/sle/take");
  });

  it("names a variable the protocol does not have", () => {
    const profile: SourceProfile = { ...PROFILE, variables: { nope: { take: "age" } } };
    const r = deriveTable(PROTOCOL, profile, data(), {}, 20000);
    expect(r.problems.find((p) => p.severity === "error")?.message).toContain(
      "'nope' is not a variable",
    );
  });
});
