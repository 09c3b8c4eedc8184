/**
 * The seed protocol's second reading (docs/protocols/ln-cd19-cd70.md, "Readings"): for each
 * correction, an otherwise eligible patient (screening date 2026-11-25) with one thing
 * changed, and the verdict of EVERY criterion for that row: the changed criteria as listed,
 * every other data criterion pass, the site-assessed ones site-assessed. Units that matter
 * are tried in more than one unit.
 */
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { explainRow } from "../../src/engine/explain.ts";
import { VERDICT_WORDS } from "../../src/engine/types.ts";
import { autoMap } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { type Row, SEED, tableOf } from "./helpers.ts";

const ON = { screening_date: "2026-11-25" };

/** A woman of 34, class IV biopsy three months ago, meeting every data criterion. */
const BASE: Row = {
  birth_date: "1992-05-17",
  sex: "female",
  weight: 62,
  acr1997_total: 6,
  ln_class: "IV",
  ln_activity: "A",
  biopsy_date: "2026-08-20",
  upcr: [210, "mg/mmol"],
  sledai2k_total: 14,
  bilag_renal: "A",
  bilag_constitutional: "D",
  bilag_mucocutaneous: "C",
  bilag_neuropsychiatric: "E",
  bilag_musculoskeletal: "C",
  bilag_cardiorespiratory: "E",
  bilag_gastrointestinal: "E",
  bilag_ophthalmic: "E",
  bilag_haematological: "D",
  cd19_positive: true,
  cd70_positive: true,
  prior_immunosuppressant: true,
  conventional_therapy_duration: 14,
  therapy_response: "none",
  relapse_after_remission: false,
  childbearing_potential: true,
  breastfeeding: false,
  pregnant: false,
  hcg_positive: false,
  hcg_date: "2026-11-20",
  severe_drug_allergy: false,
  allergic_constitution: false,
  active_infection: false,
  serious_infection: false,
  cv_event_type: "none",
  planned_cv_surgery: false,
  congenital_ig_deficiency: false,
  malignancy_type: "none",
  esrd: false,
  dialysis: false,
  tb_status: "none",
  chest_imaging_result: "normal",
  chest_imaging_date: "2026-10-02",
  hbsag_positive: false,
  hcv_ab_positive: false,
  hiv_ab_positive: false,
  syphilis_positive: false,
  anc: 3.1,
  gcsf_given: false,
  haemoglobin: [10.8, "g/dL"],
  alt: 28,
  ast: 31,
  total_bilirubin: [0.6, "mg/dL"],
  creatinine: [97, "umol/L"],
  inr: 1.0,
  pt: 12.4,
  psychiatric_disorder: false,
  severe_cognitive_impairment: false,
  other_trial: false,
};

type Case = [name: string, change: Row, changed: Record<string, string>];
const CASES: Record<string, Case[]> = {
  "1 E9a after G-CSF": [
    [
      "ANC 0.5 x10^9/L, G-CSF 10 days before",
      { anc: 0.5, gcsf_given: true, gcsf_last_date: "2026-11-15", neutropenia_due_to_sle: false },
      { E9a: "fail" },
    ],
    [
      "ANC 500 /uL, G-CSF 10 days before",
      {
        anc: [500, "/uL"],
        gcsf_given: true,
        gcsf_last_date: "2026-11-15",
        neutropenia_due_to_sle: false,
      },
      { E9a: "fail" },
    ],
    [
      "ANC 0.8 (at the threshold), G-CSF 10 days before",
      { anc: 0.8, gcsf_given: true, gcsf_last_date: "2026-11-15" },
      { E9a: "unknown" },
    ],
    [
      "ANC 800 /uL, G-CSF 10 days before the count (dated)",
      { anc: [800, "/uL"], anc_date: "2026-11-20", gcsf_given: true, gcsf_last_date: "2026-11-10" },
      { E9a: "unknown" },
    ],
    [
      "ANC 3.1, G-CSF 20 days before the count",
      { anc_date: "2026-11-20", gcsf_given: true, gcsf_last_date: "2026-10-31" },
      {},
    ],
  ],
  "2 E11 ongoing trial": [
    ["another trial, end date blank", { other_trial: true }, { E11: "fail" }],
    [
      "another trial ended 2 months before",
      { other_trial: true, other_trial_end_date: "2026-09-25" },
      {},
    ],
  ],
  "3 I4 at the threshold in any unit": [
    ["UPCR 0.11312 g/mmol", { upcr: [0.11312, "g/mmol"] }, {}],
    ["UPCR 113.12 mg/mmol", { upcr: [113.12, "mg/mmol"] }, {}],
    ["UPCR 1000 mg/g", { upcr: [1000, "mg/g"] }, {}],
    ["UPCR 1.0 g/g", { upcr: 1.0 }, {}],
    ["UPCR 0.99 g/g, 24-h protein not recorded", { upcr: 0.99 }, { I4: "unknown" }],
    [
      "UPCR 112 mg/mmol, 24-h protein 0.5 g",
      { upcr: [112, "mg/mmol"], protein_24h: 0.5 },
      { I4: "fail" },
    ],
    ["UPCR 0.5 g/g, 24-h protein 1000 mg", { upcr: 0.5, protein_24h: [1000, "mg/24h"] }, {}],
  ],
  "4 E9d either exceeding excludes": [
    ["INR 1.0, PT 25 s", { pt: 25 }, { E9d: "fail" }],
    ["INR 1.0, PT not recorded", { pt: null }, { E9d: "unknown" }],
    ["INR 1.9, PT not recorded", { inr: 1.9, pt: null }, { E9d: "fail" }],
    ["INR 1.8 (exactly 1.5 x 1.2), PT 12.4 s", { inr: 1.8 }, {}],
    ["INR 1.0, PT 20.25 s (exactly 1.5 x 13.5)", { pt: 20.25 }, {}],
  ],
  "5 E5 malignancy not known cured": [
    [
      "other cancer 6 years before, no cure date",
      { malignancy_type: "other", malignancy_date: "2020-11-25" },
      { E5: "unknown" },
    ],
    [
      "other cancer 6 years before, active",
      { malignancy_type: "other", malignancy_date: "2020-11-25", malignancy_active: true },
      { E5: "fail" },
    ],
    [
      "other cancer 6 years before, cured 4 years before",
      {
        malignancy_type: "other",
        malignancy_date: "2020-11-25",
        malignancy_cure_date: "2022-11-25",
      },
      { E5: "fail" },
    ],
    [
      "other cancer 8 years before, cured 6 years before",
      {
        malignancy_type: "other",
        malignancy_date: "2018-11-25",
        malignancy_cure_date: "2020-11-24",
      },
      {},
    ],
    [
      "basal cell carcinoma 3 years before, cured 2 years before",
      {
        malignancy_type: "basal cell carcinoma",
        malignancy_date: "2023-11-25",
        malignancy_cure_date: "2024-11-25",
      },
      {},
    ],
    [
      "thyroid carcinoma cured 6 months before",
      {
        malignancy_type: "thyroid carcinoma",
        malignancy_date: "2025-11-25",
        malignancy_cure_date: "2026-05-25",
      },
      { E5: "fail" },
    ],
  ],
  "6 E3 NYHA III-IV heart failure is current": [
    [
      "NYHA III-IV heart failure first recorded 2 years before",
      { cv_event_type: "heart failure NYHA III-IV", cv_event_date: "2024-11-25" },
      { E3: "fail" },
    ],
    ["NYHA class III now, no dated event", { nyha_class: "III" }, { E3: "fail" }],
    [
      "NYHA III-IV recorded 2 years before, class II now",
      { cv_event_type: "heart failure NYHA III-IV", cv_event_date: "2024-11-25", nyha_class: "II" },
      {},
    ],
    [
      "myocardial infarction 2 years before",
      { cv_event_type: "myocardial infarction", cv_event_date: "2024-11-25" },
      {},
    ],
  ],
  "7 E7c imaging during the screening period": [
    [
      "active TB on imaging 15 days after screening",
      { chest_imaging_result: "active TB", chest_imaging_date: "2026-12-10" },
      { E7c: "fail" },
    ],
    ["normal imaging 15 days after screening", { chest_imaging_date: "2026-12-10" }, {}],
    [
      "imaging 40 days after screening (after the period)",
      { chest_imaging_date: "2027-01-04" },
      { E7c: "unknown" },
    ],
    ["imaging 11 months before", { chest_imaging_date: "2025-12-25" }, { E7c: "unknown" }],
  ],
  "8 screening labs older than lab_window": [
    ["ANC 3.1 dated 2 months before", { anc_date: "2026-09-25" }, { E9a: "unknown" }],
    ["ANC 0.5 dated 2 months before", { anc: 0.5, anc_date: "2026-09-25" }, { E9a: "unknown" }],
    ["ANC dated 14 days before", { anc_date: "2026-11-11" }, {}],
    ["Hb 108 g/L dated 15 days before", { haemoglobin_date: "2026-11-10" }, { E9a: "unknown" }],
    ["ALT 28 dated a month before", { alt_date: "2026-10-25" }, { E9b: "unknown" }],
    ["AST dated a month before", { ast_date: "2026-10-25" }, { E9b: "unknown" }],
    ["bilirubin dated a month before", { bilirubin_date: "2026-10-25" }, { E9b: "unknown" }],
    ["creatinine dated a month before", { creatinine_date: "2026-10-25" }, { E9c: "unknown" }],
    ["INR dated a month before", { inr_date: "2026-10-25" }, { E9d: "unknown" }],
    ["PT dated a month before", { pt_date: "2026-10-25" }, { E9d: "unknown" }],
    [
      "INR 1.9 today, PT dated a month before",
      { inr: 1.9, pt_date: "2026-10-25" },
      { E9d: "fail" },
    ],
    [
      "all labs dated this week",
      {
        anc_date: "2026-11-20",
        haemoglobin_date: "2026-11-20",
        alt_date: "2026-11-20",
        creatinine_date: "2026-11-20",
        inr_date: "2026-11-20",
        pt_date: "2026-11-20",
      },
      {},
    ],
  ],
  "9 per-patient upper limits of normal": [
    ["ALT 100 U/L, the lab's ULN 30 U/L (x3 = 90)", { alt: 100, alt_uln_lab: 30 }, { E9b: "fail" }],
    ["ALT 100 U/L, no lab ULN (parameter 40, x3 = 120)", { alt: 100 }, {}],
    ["ALT 90 U/L, lab ULN 30 (exactly 3 x ULN)", { alt: 90, alt_uln_lab: 30 }, {}],
    ["AST 130, lab ULN 45 (x3 = 135)", { ast: 130, ast_uln_lab: 45 }, {}],
    [
      "bilirubin 2.0 mg/dL, lab ULN 1.2 mg/dL (x1.5 = 1.8)",
      { total_bilirubin: [2.0, "mg/dL"], bilirubin_uln_lab: [1.2, "mg/dL"] },
      { E9b: "fail" },
    ],
    [
      "bilirubin 1.8 mg/dL, lab ULN 1.2 mg/dL (exactly 1.5 x ULN)",
      { total_bilirubin: [1.8, "mg/dL"], bilirubin_uln_lab: [1.2, "mg/dL"] },
      {},
    ],
    [
      "bilirubin 30 umol/L, lab ULN 17 umol/L (x1.5 = 25.5)",
      { total_bilirubin: 30, bilirubin_uln_lab: 17 },
      { E9b: "fail" },
    ],
    ["INR 1.6, lab ULN 1.0 (x1.5 = 1.5)", { inr: 1.6, inr_uln_lab: 1.0 }, { E9d: "fail" }],
    ["PT 19 s, lab ULN 12 s (x1.5 = 18)", { pt: 19, pt_uln_lab: 12 }, { E9d: "fail" }],
  ],
  "10 I8 from the drugs taken": [
    [
      "MMF; HCQ, flag not recorded",
      { prior_immunosuppressant: null, prior_therapies: "MMF; HCQ" },
      {},
    ],
    [
      "Prograf (tacrolimus) 2 mg",
      { prior_immunosuppressant: null, prior_therapies: "Prograf 2 mg" },
      {},
    ],
    [
      "Rituximab + prednisone",
      { prior_immunosuppressant: null, prior_therapies: "Rituximab + prednisone" },
      {},
    ],
    [
      "anifrolumab (a biologic not named)",
      { prior_immunosuppressant: null, prior_therapies: "Saphnelo" },
      {},
    ],
    [
      "tofacitinib (JAK inhibitor)",
      { prior_immunosuppressant: null, prior_therapies: "Xeljanz" },
      {},
    ],
    [
      "prednisone; hydroxychloroquine only",
      { prior_immunosuppressant: null, prior_therapies: "prednisone; hydroxychloroquine" },
      { I8: "fail" },
    ],
    [
      "prednisone only, the flag says yes: the drugs decide",
      { prior_therapies: "Prednisolon" },
      { I8: "fail" },
    ],
    [
      "prednisone; an unknown drug, flag not recorded",
      { prior_immunosuppressant: null, prior_therapies: "prednisone; XYZ-123" },
      { I8: "unknown" },
    ],
    ["prednisone; an unknown drug, flag yes", { prior_therapies: "prednisone; XYZ-123" }, {}],
    [
      "prednisone only, relapse after remission",
      { prior_therapies: "prednisone", relapse_after_remission: true },
      {},
    ],
  ],
  "13 age or year of birth for the birth date": [
    ["born 2007, no birth date (18 or 19)", { birth_date: null, birth_year: 2007 }, {}],
    ["born 2008 (17 or 18)", { birth_date: null, birth_year: 2008 }, { I1: "unknown" }],
    ["born 2009 (16 or 17)", { birth_date: null, birth_year: 2009 }, { I1: "fail" }],
    ["born 1961 (64 or 65)", { birth_date: null, birth_year: 1961 }, {}],
    ["born 1960 (65 or 66)", { birth_date: null, birth_year: 1960 }, { I1: "unknown" }],
    ["born 1959 (66 or 67)", { birth_date: null, birth_year: 1959 }, { I1: "fail" }],
    ["age 34 on the extract date", { birth_date: null, age_years: 34 }, {}],
    ["age 18 on 2026-11-25", { birth_date: null, age_years: 18, age_date: "2026-11-25" }, {}],
    [
      "age 17 on 2026-01-01 (17 or 18 now)",
      { birth_date: null, age_years: 17, age_date: "2026-01-01" },
      { I1: "unknown" },
    ],
    [
      "born 2008 and 17 on 2026-11-30: born in December 2008, 17",
      { birth_date: null, age_years: 17, age_date: "2026-11-30", birth_year: 2008 },
      { I1: "fail" },
    ],
    ["age 65 on 2026-11-25", { birth_date: null, age_years: 65, age_date: "2026-11-25" }, {}],
    [
      "born 1990, creatinine 400 umol/L: CrCl 15-16 mL/min whatever the birthday",
      {
        birth_date: null,
        birth_year: 1990,
        creatinine: [400, "umol/L"],
        renal_impairment_due_to_sle: false,
      },
      { E9c: "fail" },
    ],
    ["nothing about age", { birth_date: null }, { I1: "unknown", E9c: "unknown" }],
  ],
};

const { compiled } = compileProtocol(SEED, ON);
const rows = Object.values(CASES).flatMap((cs) => cs.map(([, change]) => ({ ...BASE, ...change })));
const { verdicts } = evaluateProtocol(compiled!, tableOf(rows));
let r = 0;
const ROWS = Object.entries(CASES).flatMap(([group, cs]) =>
  cs.map(([name, , changed]) => [group, name, changed, r++] as const),
);

describe("the second reading of the seed protocol: every criterion's verdict", () => {
  it("the baseline patient passes every data criterion", () => {
    const { verdicts: v } = evaluateProtocol(compiled!, tableOf([BASE]));
    SEED.criteria.forEach((c, k) =>
      expect([c.id, VERDICT_WORDS[v[k]![0]!]]).toEqual([
        c.id,
        c.siteAssessed ? "site-assessed" : "pass",
      ]),
    );
  });
  it.each(ROWS)("%s: %s", (_group, _name, changed, row) => {
    const got = Object.fromEntries(
      SEED.criteria.map((c, k) => [c.id, VERDICT_WORDS[verdicts[k]![row]!]]),
    );
    const want = Object.fromEntries(
      SEED.criteria.map((c) => [
        c.id,
        changed[c.id] ?? (c.siteAssessed ? "site-assessed" : "pass"),
      ]),
    );
    expect(got).toEqual(want);
  });
});

describe("11 text, dictionary and docs agree", () => {
  const v = (name: string) => SEED.variables.find((x) => x.name === name)!;
  it("E11 is any clinical trial, not only interventional ones", () => {
    expect(v("other_trial").description).not.toMatch(/\binterventional clinical trial/);
  });
  it("SLEDAI-2K rash is not labelled 'new rash'", () => {
    expect(v("sledai_rash").description).not.toMatch(/new rash \(/);
  });
  it("E2's active infection is the text's: requiring hospitalisation or IV therapy", () => {
    expect(v("active_infection").description).toMatch(/hospitalisation or intravenous/);
  });
});

describe("auto-mapping recognises age and year-of-birth headers", () => {
  it.each([
    ["Age", "age_years"],
    ["Alter", "age_years"],
    ["Year of birth", "birth_year"],
    ["Geburtsjahr", "birth_year"],
    ["Prior therapies", "prior_therapies"],
    ["ALT_ULN", "alt_uln_lab"],
    ["ALT", "alt"],
  ])("header %s -> %s", (header, variable) => {
    const raw = parseCsvText(`id,${header}\n1,${variable === "prior_therapies" ? "MMF" : "40"}\n`);
    const { mapping } = autoMap(SEED, raw);
    expect(mapping.columns[variable]?.column).toBe(header);
  });
});

describe("explanations a coordinator can read", () => {
  const UNITS = { upcr: "mg/mmol", haemoglobin: "g/dL", total_bilirubin: "mg/dL", anc: "/uL" };
  const table = tableOf(rows);
  const why = (id: string, row: Row, units: Record<string, string> = {}) =>
    explainRow(
      compiled!,
      tableOf([{ ...BASE, ...row }]),
      SEED.criteria.findIndex((c) => c.id === id),
      0,
      { units },
    );

  it("never uses the engine's wording, for any criterion of any case, in either unit set", () => {
    for (const units of [{}, UNITS])
      for (let row = 0; row < rows.length; row++)
        SEED.criteria.forEach((_c, k) => {
          const text = explainRow(compiled!, table, k, row, { units });
          expect(text).not.toMatch(
            /unknown_if|any_of|coalesce|not \(|= yes|→|\b[a-z0-9]+_[a-z0-9_]+\b/,
          );
          expect(text).not.toMatch(/\d\.\d{4,}/); // rounded as a lab reports
        });
  });

  it.each([
    [
      "I4",
      { upcr: 0.82, protein_24h: 0.5 },
      {},
      "UPCR 0.82 g/g < 1 g/g; 24-hour urine protein 0.5 g/24h < 1 g/24h",
    ],
    ["I4", { upcr: 3.07461 }, {}, "UPCR 3.07 g/g ≥ 1 g/g"],
    [
      "I4",
      { upcr: [92.8, "mg/mmol"], protein_24h: [1200, "mg/24h"] },
      { ...UNITS, protein_24h: "mg/24h" },
      "24-hour urine protein 1200 mg/24h ≥ 1000 mg/24h",
    ],
    [
      "I4",
      { upcr: 0.82, protein_24h: null },
      {},
      "UPCR 0.82 g/g < 1 g/g; 24-hour urine protein not recorded (threshold ≥ 1 g/24h)",
    ],
    ["I4", { upcr: [0.11312, "g/mmol"] }, {}, "UPCR 1 g/g ≥ 1 g/g"],
    [
      "E9a",
      { haemoglobin: [5.9, "g/dL"], anaemia_due_to_sle: false },
      UNITS,
      "haemoglobin 5.9 g/dL < 6 g/dL; anaemia due to SLE: no",
    ],
    [
      "E9a",
      { anc: 0.8, gcsf_given: true, gcsf_last_date: "2026-11-15", neutropenia_due_to_sle: false },
      UNITS,
      "ANC 800 /uL ≥ 800 /uL; cannot be used (G-CSF given: yes, last G-CSF dose 2026-11-15, within 14 days before the screening date (2026-11-25)); haemoglobin 10.8 g/dL ≥ 6 g/dL",
    ],
    [
      "E9d",
      { pt: null },
      {},
      "INR 1 ≤ 1.8 (1.5 × 1.2); PT not recorded (threshold > 20.3 (1.5 × 13.5))",
    ],
    ["E9d", { inr: 1.8 }, {}, "INR 1.8 ≤ 1.8 (1.5 × 1.2); PT 12.4 ≤ 20.3 (1.5 × 13.5)"],
    [
      "E9b",
      { total_bilirubin: [2.0, "mg/dL"], bilirubin_uln_lab: [1.2, "mg/dL"] },
      UNITS,
      "total bilirubin 2 mg/dL > 1.8 mg/dL (1.5 × 1.2 mg/dL)",
    ],
    ["E11", { other_trial: true }, {}, "other trial: yes; other trial end date not recorded"],
    [
      "I8",
      { prior_immunosuppressant: null, prior_therapies: "prednisone; XYZ-123" },
      {},
      "prior therapies 'prednisone; XYZ-123': not recognised: XYZ-123; prior immunosuppressant not recorded; relapse after remission: no",
    ],
    [
      "I1",
      { birth_date: null, birth_year: 2008 },
      {},
      "age 17–18 years: cannot tell whether ≥ 18 years",
    ],
  ] as const)("%s %j in %j: %s", (id, row, units, want) => {
    expect(why(id, row as Row, units as Record<string, string>)).toBe(want);
  });
});
