/**
 * How the synthetic extract of each built-in protocol (other than the seed, which has its own
 * generator) is drawn: ranges around each threshold, how often a flag is set or an event date
 * recorded. Variables without an entry take the defaults of protocol-synth.ts.
 */
export interface VarProfile {
  /** probability the cell is blank (default 3%) */
  missing?: number;
  /** numbers: range drawn from (default: the variable's plausible range) */
  range?: readonly [number, number];
  /** numbers: log-uniform over the range */
  log?: boolean;
  decimals?: number;
  /** numbers: one of these values */
  choices?: readonly number[];
  /** booleans: probability of yes (default 6%) */
  p?: number;
  /** categories: relative weights (values not named: 0) */
  weights?: Readonly<Record<string, number>>;
  /** dates: probability of no event (default 70%) and the day range before screening */
  blank?: number;
  daysBefore?: readonly [number, number];
  /** a birth date: age range in years */
  ageYears?: readonly [number, number];
}

export type Profile = Readonly<Record<string, VarProfile>>;

const DAPA_HF: Profile = {
  birth_date: { ageYears: [35, 92], missing: 0.01 },
  sex: { weights: { female: 25, male: 75 } },
  hf_diagnosis_date: { blank: 0.02, daysBefore: [20, 3650] },
  nyha: { weights: { I: 6, II: 62, III: 29, IV: 3 } },
  lvef: { range: [15, 50], decimals: 0 },
  ntprobnp: { range: [150, 12000], log: true, decimals: 0, missing: 0.06 },
  af_flutter: { p: 0.35 },
  hf_hosp_date: { blank: 0.6, daysBefore: [5, 720] },
  creatinine: { range: [0.55, 2.9], decimals: 2 },
  diabetes_drug: {
    weights: {
      none: 55,
      metformin: 18,
      insulin: 8,
      sulfonylurea: 5,
      sitagliptin: 4,
      liraglutide: 2,
      dapagliflozin: 3,
      empagliflozin: 3,
      canagliflozin: 1,
      sotagliflozin: 1,
    },
  },
  diabetes_drug_last_date: { blank: 0.8, daysBefore: [1, 365] },
  sglt2i_intolerance: { p: 0.01 },
  type1_diabetes: { p: 0.01 },
  symptomatic_hypotension: { p: 0.03 },
  sbp: { range: [82, 165], decimals: 0 },
  acute_decompensated_hf: { p: 0.02 },
  cv_event_date: { blank: 0.85, daysBefore: [7, 1500] },
  revasc_date: { blank: 0.85, daysBefore: [7, 1500] },
  revasc_planned: { p: 0.02 },
  crt_date: { blank: 0.9, daysBefore: [7, 1500] },
  crt_planned: { p: 0.02 },
  transplant_or_vad: { p: 0.005 },
  hf_aetiology: {
    weights: {
      ischaemic: 55,
      dilated: 22,
      hypertensive: 10,
      "restrictive cardiomyopathy": 1,
      myocarditis: 1,
      "hypertrophic cardiomyopathy": 1,
      "primary valvular disease": 3,
      other: 7,
    },
  },
  symptomatic_bradycardia: { p: 0.02 },
  av_block: { weights: { none: 85, "1": 10, "2": 3, "3": 2 } },
  pacemaker: { p: 0.12 },
  unstable_renal_disease: { p: 0.02 },
};

const RA_MTX_IR: Profile = {
  birth_date: { ageYears: [18, 70], missing: 0.01 },
  acr_eular_2010_score: { range: [4, 10], decimals: 0 },
  mtx_start_date: { blank: 0.01, daysBefore: [30, 2500] },
  mtx_dose: { choices: [6, 7.5, 8, 10, 12, 12.5, 15, 16, 17.5, 20] },
  mtx_dose_since: { blank: 0.01, daysBefore: [14, 400] },
  sjc66: { range: [1, 20], decimals: 0 },
  tjc68: { range: [1, 26], decimals: 0 },
  hscrp: { range: [0.4, 60], log: true, decimals: 1, missing: 0.05 },
  other_dmard: {
    weights: {
      none: 60,
      hydroxychloroquine: 12,
      sulfasalazine: 10,
      leflunomide: 8,
      iguratimod: 4,
      tacrolimus: 3,
      bucillamine: 3,
    },
  },
  other_dmard_last_date: { blank: 0.5, daysBefore: [1, 365] },
  bdmard_inadequate_response: { p: 0.08 },
  n_biologics: { choices: [0, 0, 0, 0, 0, 1, 1, 2, 3] },
  targeted_drug_ever: {
    weights: { none: 88, tofacitinib: 4, baricitinib: 3, upadacitinib: 2, other: 3 },
  },
  hbsag_positive: { p: 0.01 },
  anti_hbs_positive: { p: 0.12 },
  anti_hbc_positive: { p: 0.04 },
  anti_hcv_positive: { p: 0.01 },
  hiv_positive: { p: 0.003 },
  oral_steroid: {
    weights: {
      none: 45,
      prednisone: 20,
      prednisolone: 20,
      methylprednisolone: 10,
      dexamethasone: 2,
      deflazacort: 3,
    },
  },
  oral_steroid_dose: { choices: [1, 2.5, 4, 5, 7.5, 10, 12.5, 15] },
  felty_syndrome: { p: 0.005 },
  quantiferon_positive: { p: 0.05 },
  tspot_positive: { p: 0.02, missing: 0.15 },
  beta_d_glucan_positive: { p: 0.02 },
};

export const PROFILES: Readonly<Record<string, Profile>> = {
  "dapa-hf": DAPA_HF,
  "ra-mtx-ir": RA_MTX_IR,
};
