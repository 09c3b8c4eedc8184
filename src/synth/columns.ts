/**
 * Columns of the synthetic registry export: realistic header names (not the protocol's
 * variable names), per-column spellings of yes/no, unit columns, censored values and the
 * missing-value tokens a hospital export contains. Each column says which protocol variable
 * it feeds (for the mapping document) and how often it is missing.
 */
import { formatIsoDate } from "../engine/calendar.ts";
import { BILAG_DOMAINS } from "../engine/functions/bilag2004.ts";
import { CV_TYPES, LN_CLASSES, MALIGNANCIES, TB, type Patient } from "./patient.ts";
import type { Rng } from "./prng.ts";

export interface SynthColumn {
  header: string;
  /** protocol variable fed by this column (absent for extra registry columns) */
  variable?: string;
  /** unit of the values when fixed, or the header of the column giving each row's unit */
  unit?: string;
  unitColumn?: string;
  /** probability the cell is missing, for work-up patients and for the others */
  miss: readonly [number, number];
  /** the cell text, or null when the fact does not exist (no such event: blank) */
  cell(p: Patient, r: Rng, D: number): string | null;
}

const YN = ["Y", "N"] as const;
const YESNO = ["yes", "no"] as const;
const POSNEG = ["positive", "negative"] as const;
const ONEZERO = ["1", "0"] as const;
const TF = ["TRUE", "FALSE"] as const;
type Style = readonly [string, string];

const DATE_SPAN = 50000;
const DATES: string[] = new Array<string>(DATE_SPAN).fill("");
let dateBase = NaN;
/** ISO date text, cached per day number (dates repeat a lot); D anchors the cached span. */
export function isoDate(days: number, D: number): string {
  if (dateBase !== D - 45000) {
    dateBase = D - 45000;
    DATES.fill("");
  }
  const k = days - dateBase;
  if (k < 0 || k >= DATE_SPAN) return formatIsoDate(days);
  const hit = DATES[k]!;
  return hit !== "" ? hit : (DATES[k] = formatIsoDate(days));
}

const UPCR_UNITS = ["g/g", "mg/mmol", "mg/g"] as const;
const ANC_UNITS = ["x10^9/L", "/uL"] as const;
const CREAT_UNITS = ["umol/L", "µmol/L", "mg/dL"] as const;
/** "Female"/"Male" mostly, with the case and spelling drift of a real export */
function sexText(female: boolean, r: Rng): string {
  const x = r.next();
  if (x < 0.9) return female ? "Female" : "Male";
  if (x < 0.97) return female ? "female" : "male";
  if (x < 0.99) return female ? "FEMALE " : "MALE ";
  return female ? "F" : "M";
}
const fx = (x: number, d: number): string => (d === 0 ? String(Math.round(x)) : x.toFixed(d));

function flag(
  header: string,
  variable: string | undefined,
  style: Style,
  get: (p: Patient) => boolean,
  miss: readonly [number, number] = [0.02, 0.12],
): SynthColumn {
  return {
    header,
    variable,
    miss,
    cell: (p, r) => {
      const s = get(p) ? style[0] : style[1];
      return r.chance(0.01) ? s.toLowerCase() + " " : s;
    },
  };
}
function date(
  header: string,
  variable: string | undefined,
  get: (p: Patient) => number,
  miss: readonly [number, number] = [0.02, 0.1],
): SynthColumn {
  return {
    header,
    variable,
    miss,
    cell: (p, _r, D) => (get(p) === get(p) ? isoDate(get(p), D) : null),
  };
}
function num(
  header: string,
  variable: string | undefined,
  unit: string,
  digits: number,
  get: (p: Patient) => number,
  miss: readonly [number, number] = [0.03, 0.15],
): SynthColumn {
  return { header, variable, unit, miss, cell: (p) => fx(get(p), digits) };
}

/** Columns every export has, one per protocol variable the registry records. */
export const BASE_COLUMNS: readonly SynthColumn[] = [
  {
    header: "PatientID",
    variable: "patient_id",
    miss: [0, 0],
    cell: () => "" /* filled by the writer */,
  },
  date("DOB", "birth_date", (p) => p.birth, [0.01, 0.08]),
  { header: "Sex", variable: "sex", miss: [0.01, 0.08], cell: (p, r) => sexText(p.female, r) },
  num("Weight_kg", "weight", "kg", 1, (p) => p.weight, [0.03, 0.2]),
  num("Temp_max", "max_temperature", "degC", 1, (p) => p.maxTemp, [0.05, 0.3]),
  num("ACR97_count", "acr1997_total", "1", 0, (p) => p.acrCount, [0.03, 0.2]),
  flag("EULAR_ACR_2019", "eular2019_classified", YN, (p) => p.eularClassified, [0.05, 0.25]),
  {
    header: "ANA_titer",
    variable: "ana_titre",
    miss: [0.03, 0.15],
    cell: (p) => (p.anaTitre === 0 ? "<40" : String(p.anaTitre)),
  },
  date("Biopsy_date", "biopsy_date", (p) => p.biopsyDate, [0.01, 0.09]),
  {
    header: "Biopsy_class",
    variable: "ln_class",
    miss: [0.01, 0.08],
    cell: (p, r) => LN_CLASSES[p.lnClass]! + (r.chance(0.02) ? " " : ""),
  },
  {
    header: "Biopsy_activity",
    variable: "ln_activity",
    miss: [0.05, 0.3],
    cell: (p) => p.activityGrade || null,
  },
  {
    header: "UPCR",
    variable: "upcr",
    unitColumn: "UPCR_unit",
    miss: [0.02, 0.12],
    cell: (p) =>
      p.upcr < 0.1
        ? "<0.1"
        : p.upcrUnit === 0
          ? fx(p.upcr, 2)
          : p.upcrUnit === 1
            ? fx(p.upcr * 113.12, 1)
            : fx(p.upcr * 1000, 0),
  },
  {
    header: "UPCR_unit",
    miss: [0, 0],
    cell: (p) => (p.upcr < 0.1 ? "g/g" : UPCR_UNITS[p.upcrUnit]!),
  },
  num("Proteinuria_24h_g", "protein_24h", "g/24h", 2, (p) => p.protein24h, [0.15, 0.3]),
  num("SLEDAI2K", "sledai2k_total", "1", 0, (p) => p.sledaiTotal, [0.02, 0.15]),
  ...BILAG_DOMAINS.map((d, k): SynthColumn => ({
    header: "BILAG_" + d.slice(0, 1).toUpperCase() + d.slice(1),
    variable: "bilag_" + d,
    miss: [0.02, 0.12],
    cell: (p) => p.bilag[k]!,
  })),
  {
    header: "CD19_flow",
    variable: "cd19_positive",
    miss: [0, 0],
    cell: (p) => (p.flowDone ? (p.cd19 ? "positive" : "negative") : null),
  },
  {
    header: "CD70_flow",
    variable: "cd70_positive",
    miss: [0, 0],
    cell: (p) => (p.flowDone ? (p.cd70 ? "positive" : "negative") : null),
  },
  flag("Prior_IS", "prior_immunosuppressant", YN, (p) => p.priorIs),
  num(
    "IS_duration_months",
    "conventional_therapy_duration",
    "months",
    0,
    (p) => p.therapyMonths,
    [0.03, 0.2],
  ),
  { header: "Response", variable: "therapy_response", miss: [0.03, 0.15], cell: (p) => p.response },
  flag("Relapse", "relapse_after_remission", YESNO, (p) => p.relapse),
  {
    header: "WOCBP",
    variable: "childbearing_potential",
    miss: [0.02, 0.15],
    cell: (p) => (p.female ? (p.wocbp ? "yes" : "no") : "N/A"),
  },
  {
    header: "Breastfeeding",
    variable: "breastfeeding",
    miss: [0.02, 0.15],
    cell: (p) => (p.female ? (p.breastfeeding ? "yes" : "no") : "N/A"),
  },
  flag("Pregnant", "pregnant", YESNO, (p) => p.pregnant, [0.02, 0.1]),
  {
    header: "hCG_result",
    variable: "hcg_positive",
    miss: [0, 0],
    cell: (p) => (p.hcgDate === p.hcgDate ? (p.hcgPositive ? "positive" : "negative") : null),
  },
  date("hCG_date", "hcg_date", (p) => p.hcgDate, [0, 0]),
  flag("Drug_allergy_severe", "severe_drug_allergy", YN, (p) => p.drugAllergy),
  flag(
    "Allergic_constitution",
    "allergic_constitution",
    YN,
    (p) => p.allergicConstitution,
    [0.03, 0.25],
  ),
  flag("Active_infection", "active_infection", YN, (p) => p.activeInfection, [0.02, 0.1]),
  flag("Serious_infection", "serious_infection", YN, (p) => p.seriousInfection),
  date(
    "Serious_infection_date",
    "serious_infection_date",
    (p) => p.seriousInfectionDate,
    [0.02, 0.1],
  ),
  {
    header: "CV_event",
    variable: "cv_event_type",
    miss: [0.02, 0.12],
    cell: (p) => CV_TYPES[p.cvType]!,
  },
  date("CV_event_date", "cv_event_date", (p) => p.cvDate, [0.02, 0.1]),
  flag("Planned_CV_surgery", "planned_cv_surgery", YN, (p) => p.plannedSurgery, [0.02, 0.1]),
  flag(
    "Congenital_Ig_deficiency",
    "congenital_ig_deficiency",
    YN,
    (p) => p.congenitalIg,
    [0.02, 0.1],
  ),
  {
    header: "Malignancy",
    variable: "malignancy_type",
    miss: [0.02, 0.1],
    cell: (p) => MALIGNANCIES[p.malType]!,
  },
  date("Malignancy_date", "malignancy_date", (p) => p.malDate, [0.02, 0.1]),
  date("Malignancy_cure_date", "malignancy_cure_date", (p) => p.malCureDate, [0.02, 0.1]),
  flag("ESRD", "esrd", YN, (p) => p.esrd, [0.01, 0.08]),
  flag("Dialysis", "dialysis", YN, (p) => p.dialysis, [0.01, 0.08]),
  { header: "TB_status", variable: "tb_status", miss: [0.02, 0.12], cell: (p) => TB[p.tb]! },
  {
    header: "Chest_imaging",
    variable: "chest_imaging_result",
    miss: [0, 0],
    cell: (p) => (p.imagingDate === p.imagingDate ? p.imagingResult : null),
  },
  date("Chest_imaging_date", "chest_imaging_date", (p) => p.imagingDate, [0, 0]),
  flag("HBsAg", "hbsag_positive", POSNEG, (p) => p.hbsag, [0.02, 0.1]),
  flag("HBcAb", "hbcab_positive", POSNEG, (p) => p.hbcab, [0.03, 0.15]),
  {
    header: "HBV_DNA_IU_mL",
    variable: "hbv_dna",
    miss: [0.1, 0.3],
    cell: (p) => (p.hbvDna >= 1.7e8 ? ">170000000" : p.hbvDna < 20 ? "<20" : fx(p.hbvDna, 0)),
  },
  flag("HCV_Ab", "hcv_ab_positive", POSNEG, (p) => p.hcvAb, [0.02, 0.1]),
  flag("HCV_RNA", "hcv_rna_positive", POSNEG, (p) => p.hcvRna, [0.1, 0.3]),
  flag("HIV_Ab", "hiv_ab_positive", POSNEG, (p) => p.hiv, [0.02, 0.1]),
  flag("Syphilis", "syphilis_positive", POSNEG, (p) => p.syphilis, [0.02, 0.15]),
  {
    header: "ANC",
    variable: "anc",
    unitColumn: "ANC_unit",
    miss: [0.02, 0.1],
    cell: (p) => (p.ancUnit === 0 ? fx(p.anc, 2) : fx(p.anc * 1000, 0)),
  },
  { header: "ANC_unit", miss: [0, 0], cell: (p) => ANC_UNITS[p.ancUnit]! },
  flag("GCSF", "gcsf_given", ONEZERO, (p) => p.gcsf, [0.02, 0.1]),
  date("GCSF_date", "gcsf_last_date", (p) => p.gcsfDate, [0.02, 0.1]),
  flag("Neutropenia_SLE", "neutropenia_due_to_sle", YN, (p) => p.neutropeniaSle, [0.05, 0.3]),
  num("Hb_g_L", "haemoglobin", "g/L", 0, (p) => p.hb, [0.02, 0.1]),
  flag("Anaemia_SLE", "anaemia_due_to_sle", YN, (p) => p.anaemiaSle, [0.05, 0.3]),
  num("ALT", "alt", "U/L", 0, (p) => p.alt, [0.02, 0.1]),
  num("AST", "ast", "U/L", 0, (p) => p.ast, [0.02, 0.12]),
  num("TBIL_umol_L", "total_bilirubin", "umol/L", 1, (p) => p.bilirubin, [0.02, 0.12]),
  {
    header: "Creatinine",
    variable: "creatinine",
    unitColumn: "Creatinine_unit",
    miss: [0.01, 0.09],
    cell: (p) => (p.creatUnit === 2 ? fx(p.creatinine, 2) : fx(p.creatinine * 88.42, 0)),
  },
  { header: "Creatinine_unit", miss: [0, 0], cell: (p) => CREAT_UNITS[p.creatUnit]! },
  flag("Renal_impairment_SLE", "renal_impairment_due_to_sle", YN, (p) => p.renalSle, [0.05, 0.3]),
  num("INR", "inr", "1", 2, (p) => p.inr, [0.02, 0.15]),
  num("PT_sec", "pt", "1", 1, (p) => p.pt, [0.05, 0.25]),
  flag("Psychiatric_disorder", "psychiatric_disorder", TF, (p) => p.psych, [0.02, 0.1]),
  flag("Cognitive_impairment", "severe_cognitive_impairment", TF, (p) => p.cognitive, [0.02, 0.1]),
  flag("NPSLE", "due_to_npsle", TF, (p) => p.npsle, [0.05, 0.3]),
  flag("Other_trial", "other_trial", YN, (p) => p.otherTrial, [0.02, 0.1]),
  date("Other_trial_end", "other_trial_end_date", (p) => p.otherTrialEnd, [0.02, 0.1]),
];

const ETHNICITY = ["White", "Black", "Asian", "Hispanic", "Other", "Mixed"];
const COMMENTS = [
  "stable on MMF",
  'flare after taper, "partial" response',
  "lost to follow-up 2023, returned",
  "HCQ stopped (retinopathy screen), restarted",
  "",
  "",
  "",
  "referred for CAR-T work-up",
  "rituximab x2, belimumab since 2024",
];

/** Extra columns a real registry export carries that the protocol does not read. */
export const WIDE_COLUMNS: readonly SynthColumn[] = [
  {
    header: "Site",
    miss: [0, 0],
    cell: (_p, r) => "SITE-" + String(r.int(1, 24)).padStart(2, "0"),
  },
  {
    header: "Ethnicity",
    miss: [0.05, 0.2],
    cell: (_p, r) => ETHNICITY[r.int(0, ETHNICITY.length - 1)]!,
  },
  date(
    "Registry_entry_date",
    undefined,
    (p) => p.birth + 6570 + ((p.biopsyDate - p.birth) % 3000),
    [0, 0],
  ),
  { header: "Last_visit_date", miss: [0, 0.05], cell: (_p, r, D) => isoDate(D - r.int(0, 400), D) },
  num("Complement_C3_g_L", undefined, "g/L", 2, (p) => 1.1 - 0.6 * p.activity + 0.1 * (p.upcr % 1)),
  num("Complement_C4_g_L", undefined, "g/L", 2, (p) => 0.22 - 0.12 * p.activity),
  num("Platelets_10e9_L", undefined, "x10^9/L", 0, (p) => 150 + 200 * (1 - p.activity) + p.weight),
  num("WBC_10e9_L", undefined, "x10^9/L", 1, (p) => p.anc * 1.6 + 1.2),
  num("Lymphocytes_10e9_L", undefined, "x10^9/L", 2, (p) => 0.6 + 0.8 * (1 - p.activity)),
  {
    header: "CRP_mg_L",
    miss: [0.05, 0.2],
    cell: (p, r) => (r.chance(0.4) ? "<5" : fx(5 + 40 * p.activity * r.next(), 1)),
  },
  num("Albumin_g_L", undefined, "g/L", 0, (p) => 42 - 12 * p.activity),
  num("eGFR_CKD_EPI", undefined, "mL/min/1.73m2", 0, (p) => 100 / p.creatinine),
  num("Urine_RBC_hpf", undefined, "1", 0, (p) => (p.sledai[11] ? 12 + 30 * p.activity : 2)),
  flag("HCQ_current", undefined, YN, (p) => p.priorIs),
  num("Prednisone_mg_day", undefined, "mg", 1, (p) => 5 + 30 * p.activity),
  { header: "Comments", miss: [0, 0], cell: (_p, r) => COMMENTS[r.int(0, COMMENTS.length - 1)]! },
];
