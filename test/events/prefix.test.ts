/**
 * Prefix concept sets (`ICD10CM:Q61*`: every code starting with Q61) on a hand-written extract
 * in the style of a registry that writes ICD-10 codes with and without the dot, in any case,
 * and maps only some of them to concepts.
 */
import { describe, expect, it } from "vitest";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { deriveTable, type OmopData } from "../../src/events/derive.ts";
import type { Protocol, ProtocolVariable } from "../../src/engine/protocol/types.ts";
import type { SourceProfile } from "../../src/events/profile.ts";
import { FALSE, TRUE } from "../../src/engine/types.ts";

const TABLES = {
  person: `person_id,gender_concept_id,year_of_birth,person_source_value
1,8532,1980,A1
2,8507,1981,A2
3,8532,1982,A3
4,8507,1983,A4
5,8532,1984,A5
6,8507,1985,A6
7,8532,1986,A7`,
  concept: `concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code
45600013,Polycystic kidney autosomal dominant,Condition,ICD10CM,4-char billing code,,Q61.2
45600019,Cystic kidney disease unspecified,Condition,ICD10CM,4-char billing code,,Q61.9
45600020,Renal agenesis,Condition,ICD10CM,4-char billing code,,Q60.0
45600030,Chronic kidney disease stage 4,Condition,ICD10CM,4-char billing code,,N18.4`,
  // person 1: dotted, unmapped; 2: no dot; 3: another Q6x code; 4: only its source concept id
  // says Q61.9; 5: lower case; 6: shorter than the prefix; 7: CKD only
  condition_occurrence: `condition_occurrence_id,person_id,condition_concept_id,condition_start_date,condition_source_value,condition_source_concept_id
1,1,0,2019-03-01,Q61.3,0
2,2,0,2019-03-01,Q612,0
3,3,0,2019-03-01,Q60.0,45600020
4,4,0,2019-03-01,local-77,45600019
5,5,0,2019-03-01,q61,0
6,6,0,2019-03-01,Q6,0
7,7,0,2019-03-01,N18.4,0
8,1,0,2020-01-01,N184,0`,
};

function data(): OmopData {
  const out: OmopData = { tables: {}, files: {} };
  for (const [t, text] of Object.entries(TABLES)) {
    (out.tables as Record<string, unknown>)[t] = parseCsvText(text + "\n", { name: t });
    (out.files as Record<string, string>)[t] = `${t}.csv`;
  }
  return out;
}

const v = (name: string, type: ProtocolVariable["type"], extra: Partial<ProtocolVariable> = {}) =>
  ({ name, type, description: name, ...extra }) as ProtocolVariable;

const PROTOCOL: Protocol = {
  id: "prefix-test",
  title: "t",
  version: "1",
  parameters: [{ name: "screening_date", type: "date", default: "2021-06-30" }],
  variables: [
    v("cystic", "boolean"),
    v("ckd_exact", "boolean"),
    v("kidney", "category", { values: ["cystic", "ckd"] }),
  ],
  criteria: [{ id: "I1", kind: "inclusion", label: "x", text: "x", rule: "cystic" }],
};

const profile = (codes: string[]): SourceProfile => ({
  model: "omop",
  conceptSets: {
    cystic: { codes },
    ckd: { codes: ["ICD10CM:N18.4"] },
  },
  variables: {
    cystic: {
      take: "exists",
      from: "condition_occurrence",
      concepts: "cystic",
      absentMeansNo: true,
    },
    ckd_exact: {
      take: "exists",
      from: "condition_occurrence",
      concepts: "ckd",
      absentMeansNo: true,
    },
    kidney: { take: "latest", from: "condition_occurrence", map: { cystic: "cystic", ckd: "ckd" } },
  },
});

describe("prefix concept sets", () => {
  it("match source values with or without the dot, any case, and the concepts CONCEPT lists", () => {
    const d = deriveTable(PROTOCOL, profile(["ICD10CM:Q61*"]), data());
    expect(d.problems.filter((p) => p.severity === "error")).toEqual([]);
    const c = d.table.columns.cystic;
    expect(c?.kind === "boolean" && [...c.values]).toEqual([
      TRUE,
      TRUE,
      FALSE,
      TRUE,
      TRUE,
      FALSE,
      FALSE,
    ]);
    // an exact code still matches only itself (N18.4, not N184)
    const e = d.table.columns.ckd_exact;
    expect(e?.kind === "boolean" && [...e.values]).toEqual([
      FALSE,
      FALSE,
      FALSE,
      FALSE,
      FALSE,
      FALSE,
      TRUE,
    ]);
  });

  it("map events to categories by prefix", () => {
    const d = deriveTable(PROTOCOL, profile(["ICD10CM:Q61*"]), data());
    const k = d.table.columns.kidney;
    if (k?.kind !== "category") throw new Error("kidney is not a category");
    // person 1's latest event is N184 (not the exact N18.4): its Q61.3 of 2019 is taken
    expect([...k.codes].map((x) => (x < 0 ? null : k.dict[x]))).toEqual([
      "cystic",
      "cystic",
      null,
      "cystic",
      "cystic",
      null,
      "ckd",
    ]);
  });

  it("a longer prefix narrows the set (Q61.2* is Q612 and Q61.2 only)", () => {
    const d = deriveTable(PROTOCOL, profile(["ICD10CM:Q61.2*"]), data());
    const c = d.table.columns.cystic;
    expect(c?.kind === "boolean" && [...c.values]).toEqual([
      FALSE,
      TRUE,
      FALSE,
      FALSE,
      FALSE,
      FALSE,
      FALSE,
    ]);
  });

  it("warns when no CONCEPT code has the prefix, and refuses a '*' that is not a prefix", () => {
    const d = deriveTable(PROTOCOL, profile(["ICD10CM:Z99*", "ICD10CM:*", "ICD10CM:Q*1*"]), data());
    const msgs = d.problems.map((p) => `${p.severity}: ${p.message}`);
    expect(msgs.some((m) => m.startsWith("warning") && m.includes("ICD10CM:Z99*"))).toBe(true);
    expect(msgs.filter((m) => m.startsWith("error") && m.includes("is not a prefix"))).toHaveLength(
      2,
    );
  });
});
