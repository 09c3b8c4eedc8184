import { describe, expect, it } from "vitest";
import { type Row, verdictsOf } from "./helpers.ts";

// screening date (default parameter): 2026-12-01. Exclusion verdicts: "fail" = excluded.
type Case = [string, Row, string];
function table(
  id: string,
  cases: Case[],
  overrides: Record<string, number | string | boolean> = {},
): void {
  describe(
    overrides && Object.keys(overrides).length ? `${id} with ${JSON.stringify(overrides)}` : id,
    () => {
      const got = verdictsOf(
        id,
        cases.map((c) => c[1]),
        overrides,
      );
      it.each(cases.map((c, i) => [c[0], c[2], i] as const))("%s -> %s", (_name, want, i) => {
        expect(got[i]).toBe(want);
      });
    },
  );
}

table("E1", [
  ["severe drug allergy", { severe_drug_allergy: true, allergic_constitution: false }, "fail"],
  ["allergic constitution, allergy unknown", { allergic_constitution: true }, "fail"],
  ["neither", { severe_drug_allergy: false, allergic_constitution: false }, "pass"],
  ["no allergy, constitution unknown", { severe_drug_allergy: false }, "unknown"],
]);

const NO_INF: Row = { active_infection: false, serious_infection: true };
table("E2", [
  [
    "serious infection exactly 1 month before",
    { ...NO_INF, serious_infection_date: "2026-11-01" },
    "fail",
  ],
  [
    "serious infection 1 month and a day before",
    { ...NO_INF, serious_infection_date: "2026-10-31" },
    "pass",
  ],
  ["never had a serious infection", { active_infection: false, serious_infection: false }, "pass"],
  ["serious infection, date missing", { ...NO_INF }, "unknown"],
  [
    "flag missing but dated last week",
    { active_infection: false, serious_infection_date: "2026-11-24" },
    "fail",
  ],
  ["uncontrolled infection now", { active_infection: true, serious_infection: false }, "fail"],
]);

const NO_PLAN: Row = { planned_cv_surgery: false };
table("E3", [
  [
    "myocardial infarction 5 months before",
    { ...NO_PLAN, cv_event_type: "myocardial infarction", cv_event_date: "2026-07-01" },
    "fail",
  ],
  [
    "myocardial infarction 7 months before",
    { ...NO_PLAN, cv_event_type: "myocardial infarction", cv_event_date: "2026-05-01" },
    "pass",
  ],
  [
    "stroke exactly 6 months before",
    { ...NO_PLAN, cv_event_type: "stroke", cv_event_date: "2026-06-01" },
    "fail",
  ],
  [
    "diagnostic coronary angiography last month (permitted)",
    { ...NO_PLAN, cv_event_type: "diagnostic coronary angiography", cv_event_date: "2026-11-01" },
    "pass",
  ],
  [
    "heart failure NYHA I-II last month",
    { ...NO_PLAN, cv_event_type: "heart failure NYHA I-II", cv_event_date: "2026-11-01" },
    "pass",
  ],
  [
    "heart failure NYHA III-IV last month",
    { ...NO_PLAN, cv_event_type: "heart failure NYHA III-IV", cv_event_date: "2026-11-01" },
    "fail",
  ],
  [
    "PCI 5 months before",
    { ...NO_PLAN, cv_event_type: "PCI", cv_event_date: "2026-07-01" },
    "fail",
  ],
  ["no event", { ...NO_PLAN, cv_event_type: "none" }, "pass"],
  ["planned bypass surgery", { cv_event_type: "none", planned_cv_surgery: true }, "fail"],
  [
    "event type missing, dated 5 months before",
    { ...NO_PLAN, cv_event_date: "2026-07-01" },
    "unknown",
  ],
  // the event could be NYHA III-IV heart failure, which is ongoing whatever its date
  [
    "event type missing, dated 2 years before",
    { ...NO_PLAN, cv_event_date: "2024-12-01" },
    "unknown",
  ],
  [
    "event type missing, dated 2 years before, no heart failure now",
    { ...NO_PLAN, cv_event_date: "2024-12-01", nyha_class: "none" },
    "pass",
  ],
]);

table("E4", [
  ["congenital Ig deficiency", { congenital_ig_deficiency: true }, "fail"],
  ["none", { congenital_ig_deficiency: false }, "pass"],
  ["missing", {}, "unknown"],
]);

table("E5", [
  [
    "other cancer 2 years before",
    { malignancy_type: "other", malignancy_date: "2024-12-01" },
    "fail",
  ],
  [
    "other cancer 6 years before, no cure date: may be present in the window",
    { malignancy_type: "other", malignancy_date: "2020-11-01" },
    "unknown",
  ],
  [
    "other cancer exactly 5 years before",
    { malignancy_type: "other", malignancy_date: "2021-12-01" },
    "fail",
  ],
  [
    "basal cell carcinoma cured 2 years before",
    {
      malignancy_type: "basal cell carcinoma",
      malignancy_date: "2024-01-10",
      malignancy_cure_date: "2024-12-01",
    },
    "pass",
  ],
  [
    "basal cell carcinoma cured 6 months before",
    {
      malignancy_type: "basal cell carcinoma",
      malignancy_date: "2026-03-01",
      malignancy_cure_date: "2026-06-01",
    },
    "fail",
  ],
  [
    "thyroid carcinoma cured exactly 1 year before",
    {
      malignancy_type: "thyroid carcinoma",
      malignancy_date: "2025-06-01",
      malignancy_cure_date: "2025-12-01",
    },
    "pass",
  ],
  [
    "thyroid carcinoma cured 1 year less a day before",
    {
      malignancy_type: "thyroid carcinoma",
      malignancy_date: "2025-06-01",
      malignancy_cure_date: "2025-12-02",
    },
    "fail",
  ],
  [
    "localized cutaneous SCC cured 18 months before",
    {
      malignancy_type: "localized cutaneous squamous cell carcinoma",
      malignancy_date: "2025-01-01",
      malignancy_cure_date: "2025-06-01",
    },
    "pass",
  ],
  [
    "cervical carcinoma in situ, cure date missing",
    { malignancy_type: "cervical carcinoma in situ", malignancy_date: "2025-01-01" },
    "unknown",
  ],
  [
    "other cancer 2 years before, cured (no exception for other cancers)",
    { malignancy_type: "other", malignancy_date: "2024-12-01", malignancy_cure_date: "2025-01-01" },
    "fail",
  ],
  ["no malignancy", { malignancy_type: "none" }, "pass"],
  ["type missing", {}, "unknown"],
]);

table("E6", [
  ["end-stage renal failure", { esrd: true, dialysis: true }, "fail"],
  ["on dialysis, ESRD flag missing", { dialysis: true }, "fail"],
  ["neither", { esrd: false, dialysis: false }, "pass"],
  ["no ESRD, dialysis unknown", { esrd: false }, "unknown"],
]);

table("E7a", [
  ["active TB", { tb_status: "active" }, "fail"],
  ["treated active TB (regardless of treatment)", { tb_status: "treated active" }, "fail"],
  ["latent TB", { tb_status: "latent" }, "pass"],
  ["none", { tb_status: "none" }, "pass"],
  ["missing", {}, "unknown"],
]);

table("E7c", [
  [
    "active TB on imaging 3 months before",
    { chest_imaging_result: "active TB", chest_imaging_date: "2026-09-01" },
    "fail",
  ],
  [
    "normal imaging exactly 6 months before",
    { chest_imaging_result: "normal", chest_imaging_date: "2026-06-01" },
    "pass",
  ],
  [
    "normal imaging 7 months before: too old",
    { chest_imaging_result: "normal", chest_imaging_date: "2026-05-01" },
    "unknown",
  ],
  ["no imaging", {}, "unknown"],
]);

const HB: Row = { hbsag_positive: true, hbcab_positive: true };
table("E8a", [
  ["HBsAg+ HBcAb+ DNA above the limit", { ...HB, hbv_dna: 2e8 }, "fail"],
  ["HBsAg+ HBcAb+ DNA at the limit", { ...HB, hbv_dna: 1.7e8 }, "pass"],
  [
    "HBsAg+ HBcAb+ DNA censored >1.7e8",
    { ...HB, hbv_dna: { lo: 170000000.00000003, hi: Infinity } },
    "fail",
  ],
  ["HBsAg+ HBcAb+ DNA missing", { ...HB }, "unknown"],
  ["HBsAg+ HBcAb- DNA high", { hbsag_positive: true, hbcab_positive: false, hbv_dna: 2e8 }, "pass"],
  ["HBsAg- (HBcAb and DNA missing)", { hbsag_positive: false }, "pass"],
]);
table(
  "E8a",
  [["stricter reading: DNA 100 IU/mL above a limit of 20", { ...HB, hbv_dna: 100 }, "fail"]],
  { hbv_dna_limit: 20 },
);

table("E8b", [
  ["HCV Ab+ RNA+", { hcv_ab_positive: true, hcv_rna_positive: true }, "fail"],
  ["HCV Ab+ RNA-", { hcv_ab_positive: true, hcv_rna_positive: false }, "pass"],
  ["HCV Ab-, RNA missing", { hcv_ab_positive: false }, "pass"],
  ["HCV Ab+, RNA missing", { hcv_ab_positive: true }, "unknown"],
]);

table("E8c", [
  ["HIV Ab+", { hiv_ab_positive: true }, "fail"],
  ["HIV Ab-", { hiv_ab_positive: false }, "pass"],
  ["missing", {}, "unknown"],
]);
table("E8d", [
  ["syphilis positive", { syphilis_positive: true }, "fail"],
  ["syphilis negative", { syphilis_positive: false }, "pass"],
]);

const MARROW: Row = {
  haemoglobin: 120,
  gcsf_given: false,
  neutropenia_due_to_sle: false,
  anaemia_due_to_sle: false,
};
table("E9a", [
  ["ANC 0.79", { ...MARROW, anc: 0.79 }, "fail"],
  ["ANC 0.80", { ...MARROW, anc: 0.8 }, "pass"],
  ["ANC 790 /µL", { ...MARROW, anc: [790, "/uL"] }, "fail"],
  ["ANC 800 /µL", { ...MARROW, anc: [800, "/uL"] }, "pass"],
  ["ANC 0.79 attributable to SLE", { ...MARROW, anc: 0.79, neutropenia_due_to_sle: true }, "pass"],
  [
    "ANC 0.79, attribution unknown",
    { ...MARROW, anc: 0.79, neutropenia_due_to_sle: null },
    "unknown",
  ],
  [
    "ANC 0.79 with G-CSF 10 days before: low even under G-CSF",
    { ...MARROW, anc: 0.79, gcsf_given: true, gcsf_last_date: "2026-11-21" },
    "fail",
  ],
  [
    "ANC 2.5 with G-CSF 10 days before: unusable",
    { ...MARROW, anc: 2.5, gcsf_given: true, gcsf_last_date: "2026-11-21" },
    "unknown",
  ],
  [
    "ANC 0.79 with G-CSF 20 days before",
    { ...MARROW, anc: 0.79, gcsf_given: true, gcsf_last_date: "2026-11-11" },
    "fail",
  ],
  ["ANC 2.5, G-CSF given, date unknown", { ...MARROW, anc: 2.5, gcsf_given: true }, "unknown"],
  ["Hb 59 g/L", { ...MARROW, anc: 3, haemoglobin: 59 }, "fail"],
  ["Hb 60 g/L", { ...MARROW, anc: 3, haemoglobin: 60 }, "pass"],
  ["Hb 5.9 g/dL", { ...MARROW, anc: 3, haemoglobin: [5.9, "g/dL"] }, "fail"],
  ["Hb 6.0 g/dL", { ...MARROW, anc: 3, haemoglobin: [6.0, "g/dL"] }, "pass"],
  ["Hb 3.6 mmol/L (58 g/L)", { ...MARROW, anc: 3, haemoglobin: [3.6, "mmol/L"] }, "fail"],
  [
    "Hb 59 g/L attributable to SLE",
    { ...MARROW, anc: 3, haemoglobin: 59, anaemia_due_to_sle: true },
    "pass",
  ],
  ["ANC missing, Hb normal", { ...MARROW }, "unknown"],
]);

const LIVER: Row = { alt: 30, ast: 30, total_bilirubin: 10 };
table("E9b", [
  ["ALT exactly 3 x ULN (120)", { ...LIVER, alt: 120 }, "pass"],
  ["ALT 121", { ...LIVER, alt: 121 }, "fail"],
  ["AST exactly 3 x ULN (120)", { ...LIVER, ast: 120 }, "pass"],
  ["AST 121", { ...LIVER, ast: 121 }, "fail"],
  ["bilirubin exactly 1.5 x ULN (31.5 µmol/L)", { ...LIVER, total_bilirubin: 31.5 }, "pass"],
  ["bilirubin 31.6 µmol/L", { ...LIVER, total_bilirubin: 31.6 }, "fail"],
  ["bilirubin 1.9 mg/dL (32.5 µmol/L)", { ...LIVER, total_bilirubin: [1.9, "mg/dL"] }, "fail"],
  ["bilirubin 1.8 mg/dL (30.8 µmol/L)", { ...LIVER, total_bilirubin: [1.8, "mg/dL"] }, "pass"],
  ["ALT missing, others normal", { ...LIVER, alt: null }, "unknown"],
  ["ALT missing, AST high", { ...LIVER, alt: null, ast: 200 }, "fail"],
]);
table("E9b", [["ALT 121 under a 4 x ULN what-if", { ...LIVER, alt: 121 }, "pass"]], {
  alt_uln_multiple: 4,
});

// man of 60 on the screening date, 54 kg: CrCl = 80 x 54 / (72 x SCr) = 60 / SCr[mg/dL]
const CG: Row = {
  birth_date: "1966-12-01",
  weight: 54,
  sex: "male",
  renal_impairment_due_to_sle: false,
};
table("E9c", [
  ["reported CrCl 29.9", { crcl_reported: 29.9, renal_impairment_due_to_sle: false }, "fail"],
  ["reported CrCl 30", { crcl_reported: 30, renal_impairment_due_to_sle: false }, "pass"],
  ["Cockcroft-Gault 30.0 from creatinine 2.00 mg/dL", { ...CG, creatinine: 2.0 }, "pass"],
  ["Cockcroft-Gault 29.9 from creatinine 2.007 mg/dL", { ...CG, creatinine: 2.007 }, "fail"],
  [
    "Cockcroft-Gault 30.0 from creatinine 176.8 µmol/L",
    { ...CG, creatinine: [176.8, "umol/L"] },
    "pass",
  ],
  [
    "Cockcroft-Gault 29.9 from creatinine 177.4 µmol/L",
    { ...CG, creatinine: [177.4, "umol/L"] },
    "fail",
  ],
  ["woman, same values: x0.85 = 25.5", { ...CG, sex: "female", creatinine: 2.0 }, "fail"],
  ["sex unknown: 25.5..30", { ...CG, sex: null, creatinine: 2.0 }, "unknown"],
  ["sex unknown but clearance high either way", { ...CG, sex: null, creatinine: 1.0 }, "pass"],
  [
    "CrCl 20 attributable to SLE",
    { ...CG, creatinine: 3.0, renal_impairment_due_to_sle: true },
    "pass",
  ],
  [
    "CrCl 20, attribution unknown",
    { ...CG, creatinine: 3.0, renal_impairment_due_to_sle: null },
    "unknown",
  ],
  ["weight missing", { ...CG, weight: null, creatinine: 2.0 }, "unknown"],
]);

table("E9d", [
  ["INR 1.81", { inr: 1.81 }, "fail"],
  ["INR normal, PT high: either excludes", { inr: 1.0, pt: 25 }, "fail"],
  ["INR missing, PT exactly 1.5 x ULN (20.25 s): INR could exclude", { pt: 20.25 }, "unknown"],
  ["INR 1.0, PT exactly 1.5 x ULN (20.25 s)", { inr: 1.0, pt: 20.25 }, "pass"],
  ["INR missing, PT 20.3 s", { pt: 20.3 }, "fail"],
  ["both missing", {}, "unknown"],
]);

describe("E9d at the exact boundary", () => {
  // 1.5 x 1.2 is 1.7999999999999998 in floating point; exact values within 1e-9 of a
  // threshold are at it, so INR 1.8 sits exactly on the threshold and passes.
  it("INR exactly 1.5 x ULN (1.8) -> pass", () => {
    expect(verdictsOf("E9d", [{ inr: 1.8, pt: 12 }])).toEqual(["pass"]);
  });
  it("INR 1.79 -> pass", () => {
    expect(verdictsOf("E9d", [{ inr: 1.79, pt: 12 }])).toEqual(["pass"]);
  });
});

table("E10", [
  [
    "psychiatric disorder not due to NPSLE",
    { psychiatric_disorder: true, severe_cognitive_impairment: false, due_to_npsle: false },
    "fail",
  ],
  [
    "psychiatric disorder due to neuropsychiatric SLE",
    { psychiatric_disorder: true, severe_cognitive_impairment: false, due_to_npsle: true },
    "pass",
  ],
  [
    "severe cognitive impairment not due to NPSLE",
    { psychiatric_disorder: false, severe_cognitive_impairment: true, due_to_npsle: false },
    "fail",
  ],
  ["neither", { psychiatric_disorder: false, severe_cognitive_impairment: false }, "pass"],
  [
    "psychiatric disorder, attribution unknown",
    { psychiatric_disorder: true, severe_cognitive_impairment: false },
    "unknown",
  ],
]);

table("E11", [
  [
    "other trial ended exactly 1 month before",
    { other_trial: true, other_trial_end_date: "2026-11-01" },
    "fail",
  ],
  [
    "other trial ended 1 month and a day before",
    { other_trial: true, other_trial_end_date: "2026-10-31" },
    "pass",
  ],
  [
    "other trial still running (end in the future)",
    { other_trial: true, other_trial_end_date: "2027-03-01" },
    "fail",
  ],
  ["never in another trial", { other_trial: false }, "pass"],
  ["other trial, end date blank: ongoing", { other_trial: true }, "fail"],
  ["trial participation unknown", {}, "unknown"],
]);

table("E12a", [
  ["pregnant woman", { sex: "female", pregnant: true }, "fail"],
  ["woman not pregnant", { sex: "female", pregnant: false }, "pass"],
  ["man, pregnancy field blank", { sex: "male" }, "pass"],
  ["woman, pregnancy unknown", { sex: "female" }, "unknown"],
]);

describe("site-assessed exclusion criteria", () => {
  it.each(["E7b", "E12b", "E13"])("%s is site-assessed for everyone", (id) => {
    expect(verdictsOf(id, [{}, { sex: "female" }])).toEqual(["site-assessed", "site-assessed"]);
  });
});
