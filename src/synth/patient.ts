/**
 * One synthetic lupus-nephritis patient: latent disease state and the registry facts drawn
 * from it, with the correlations a real cohort shows (biopsy class drives proteinuria, a shared
 * activity level drives SLEDAI and BILAG, age and weight drive creatinine clearance).
 * About a quarter of patients had a recent flare work-up (recent biopsy, screening labs,
 * pregnancy test, chest imaging, flow cytometry) and are better documented.
 * Dates are day numbers; NaN = no such event. The object is reused row to row.
 */
import { Rng, cumulative } from "./prng.ts";

export const LN_CLASSES = ["I", "II", "III", "IV", "V", "VI", "III+V", "IV+V"] as const;
const CLASS_W = cumulative([2, 8, 20, 34, 15, 5, 7, 9]);
const CLASS_W_WORKUP = cumulative([0, 2, 26, 46, 6, 1, 9, 10]);
const CLASS_ACTIVITY = [0.1, 0.25, 0.6, 0.7, 0.4, 0.2, 0.65, 0.72];
export const CV_TYPES = [
  "none",
  "unstable angina",
  "myocardial infarction",
  "CABG",
  "PCI",
  "diagnostic coronary angiography",
  "heart failure NYHA I-II",
  "heart failure NYHA III-IV",
  "arrhythmia hospitalisation",
  "pacemaker or defibrillator",
  "stroke",
  "other",
] as const;
const CV_W = cumulative([900, 6, 10, 3, 8, 14, 12, 5, 10, 4, 12, 16]);
export const MALIGNANCIES = [
  "none",
  "basal cell carcinoma",
  "localized cutaneous squamous cell carcinoma",
  "cervical carcinoma in situ",
  "thyroid carcinoma",
  "other",
] as const;
const MAL_W = cumulative([950, 8, 4, 10, 8, 20]);
export const TB = ["none", "latent", "active", "treated active"] as const;
const TB_W = cumulative([900, 70, 5, 25]);
/** SLEDAI-2K descriptor probabilities: [base, per unit of activity] */
const SLEDAI_P: readonly (readonly [number, number])[] = [
  [0.005, 0.01],
  [0.004, 0.01],
  [0.002, 0.005],
  [0.003, 0.005],
  [0.004, 0.01],
  [0.01, 0.02],
  [0.004, 0.01],
  [0.01, 0.05],
  [0.05, 0.25],
  [0.01, 0.03],
  [0.05, 0.5],
  [0.1, 0.6],
  [0, 0],
  [0.05, 0.35],
  [0.05, 0.25],
  [0.08, 0.15],
  [0.05, 0.12],
  [0.02, 0.06],
  [0.015, 0.05],
  [0.25, 0.5],
  [0.25, 0.5],
  [0.02, 0.08],
  [0.04, 0.08],
  [0.06, 0.1],
];
const UNIT3 = cumulative([65, 25, 10]);
const CREAT3 = cumulative([40, 20, 40]);
export const SLEDAI_WEIGHTS = [
  8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
];

export interface Patient {
  workup: boolean;
  female: boolean;
  birth: number;
  age: number;
  weight: number;
  maxTemp: number;
  lnClass: number;
  activityGrade: "A" | "A/C" | "C" | "";
  biopsyDate: number;
  activity: number;
  upcr: number;
  /** unit choices of the export: UPCR g/g, mg/mmol, mg/g; ANC x10^9/L, /uL; creatinine umol/L, µmol/L, mg/dL */
  upcrUnit: number;
  ancUnit: number;
  creatUnit: number;
  protein24h: number;
  sledai: Uint8Array;
  sledaiTotal: number;
  bilag: string[];
  acrCount: number;
  anaTitre: number;
  eularClassified: boolean;
  cd19: boolean;
  cd70: boolean;
  flowDone: boolean;
  priorIs: boolean;
  therapyMonths: number;
  response: "complete" | "partial" | "none";
  relapse: boolean;
  wocbp: boolean;
  breastfeeding: boolean;
  pregnant: boolean;
  hcgDate: number;
  hcgPositive: boolean;
  drugAllergy: boolean;
  allergicConstitution: boolean;
  activeInfection: boolean;
  seriousInfection: boolean;
  seriousInfectionDate: number;
  cvType: number;
  cvDate: number;
  plannedSurgery: boolean;
  congenitalIg: boolean;
  malType: number;
  malDate: number;
  malCureDate: number;
  esrd: boolean;
  dialysis: boolean;
  tb: number;
  imagingDate: number;
  imagingResult: "normal" | "abnormal not TB" | "active TB";
  hbsag: boolean;
  hbcab: boolean;
  hbvDna: number;
  hcvAb: boolean;
  hcvRna: boolean;
  hiv: boolean;
  syphilis: boolean;
  anc: number;
  gcsf: boolean;
  gcsfDate: number;
  neutropeniaSle: boolean;
  hb: number;
  anaemiaSle: boolean;
  alt: number;
  ast: number;
  bilirubin: number;
  creatinine: number;
  renalSle: boolean;
  inr: number;
  pt: number;
  psych: boolean;
  cognitive: boolean;
  npsle: boolean;
  otherTrial: boolean;
  otherTrialEnd: number;
}

export function newPatient(): Patient {
  return {
    sledai: new Uint8Array(24),
    bilag: ["E", "E", "E", "E", "E", "E", "E", "E", "E"],
  } as Patient;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Draws every fact of one patient into `p`; D is the screening date (day number). */
export function drawPatient(r: Rng, p: Patient, D: number): void {
  const w = (p.workup = r.chance(0.3));
  p.female = r.chance(0.9);
  p.age = clamp(r.normal(37, 12), 14, 84);
  p.birth = Math.round(D - p.age * 365.2425);
  p.weight = clamp(r.normal(p.female ? 64 : 77, 13), 35, 160);
  // renal biopsy and activity: work-up patients had a recent flare
  const c = (p.lnClass = r.pick(w ? CLASS_W_WORKUP : CLASS_W));
  const proliferative = c === 2 || c === 3 || c === 6 || c === 7;
  p.activityGrade = proliferative
    ? (["A", "A/C", "C"] as const)[r.pick(w ? [60, 92, 100] : [45, 80, 100])]!
    : "";
  const monthsAgo = w ? r.uniform(-0.8, 14) : r.uniform(0, 96);
  p.biopsyDate = Math.round(D - monthsAgo * 30.44);
  let a =
    CLASS_ACTIVITY[c]! + r.normal(0, 0.18) + (w ? 0.15 : 0) - (p.activityGrade === "C" ? 0.3 : 0);
  a = p.activity = clamp(a, 0, 1);
  p.upcr = r.logNormal(Math.exp(-1.6 + 2.6 * a + (c === 4 || c >= 6 ? 0.4 : 0)), 0.55);
  p.upcrUnit = r.pick(UNIT3);
  p.ancUnit = r.chance(0.8) ? 0 : 1;
  p.creatUnit = r.pick(CREAT3);
  p.protein24h = p.upcr * r.logNormal(1, 0.2);
  // SLEDAI-2K descriptors from the shared activity level
  let s = 0;
  for (let k = 0; k < 24; k++) {
    const [b, per] = SLEDAI_P[k]!;
    const on = k === 12 ? p.protein24h > 0.5 : r.chance(b + per * a);
    p.sledai[k] = on ? 1 : 0;
    if (on) s += SLEDAI_WEIGHTS[k]!;
  }
  p.sledaiTotal = s;
  p.maxTemp = p.sledai[21] ? r.uniform(38.1, 39.6) : r.normal(36.9, 0.4);
  // BILAG-2004: renal from activity and proteinuria, others mostly quiet
  const renal =
    a > 0.55 && p.upcr >= 1
      ? r.chance(0.7)
        ? "A"
        : "B"
      : a > 0.35
        ? r.chance(0.6)
          ? "B"
          : "C"
        : r.chance(0.5)
          ? "C"
          : "D";
  for (let k = 0; k < 9; k++) {
    const x = r.next() * (1 - 0.5 * a);
    p.bilag[k] = x < 0.04 ? "B" : x < 0.2 ? "C" : x < 0.55 ? "D" : "E";
  }
  p.bilag[7] = renal;
  if (p.sledai[14] || p.sledai[16]) p.bilag[1] = r.chance(0.5) ? "B" : "C";
  if (p.sledai[8]) p.bilag[3] = r.chance(0.6) ? "B" : "C";
  // classification
  p.acrCount = clamp(Math.round(r.normal(5.6, 1.3)), 2, 11);
  p.anaTitre = [0, 40, 80, 160, 320, 640, 1280][r.pick([4, 9, 22, 45, 70, 90, 100])]!;
  p.eularClassified = p.anaTitre >= 80 && r.chance(0.94);
  p.flowDone = w ? r.chance(0.97) : r.chance(0.7);
  p.cd19 = r.chance(0.93);
  p.cd70 = r.chance(w ? 0.72 : 0.5);
  // treatment history
  p.priorIs = r.chance(0.9);
  p.therapyMonths = r.logNormal(w ? 20 : 30, 0.8);
  p.response = (["complete", "partial", "none"] as const)[
    r.pick(w ? [15, 40, 100] : [35, 70, 100])
  ]!;
  p.relapse = r.chance(w ? 0.4 : 0.3);
  // reproduction
  p.wocbp = p.female && (p.age < 48 ? r.chance(0.9) : r.chance(0.15));
  p.breastfeeding = p.wocbp && r.chance(0.02);
  p.pregnant = p.wocbp && r.chance(0.02);
  p.hcgDate =
    p.female && r.chance(w ? 0.95 : 0.3)
      ? D - (w && r.chance(0.92) ? r.int(0, 7) : r.int(8, 400))
      : NaN;
  p.hcgPositive = p.pregnant || r.chance(0.01);
  // exclusions
  p.drugAllergy = r.chance(0.03);
  p.allergicConstitution = r.chance(0.03);
  p.activeInfection = r.chance(0.01);
  p.seriousInfection = r.chance(0.3);
  p.seriousInfectionDate = p.seriousInfection ? D - r.int(0, r.chance(0.1) ? 31 : 2500) : NaN;
  p.cvType = r.pick(CV_W);
  p.cvDate = p.cvType > 0 ? D - r.int(0, 3650) : NaN;
  p.plannedSurgery = r.chance(0.004);
  p.congenitalIg = r.chance(0.003);
  p.malType = r.pick(MAL_W);
  p.malDate = p.malType > 0 ? D - r.int(30, 4000) : NaN;
  p.malCureDate = p.malType > 0 && r.chance(0.8) ? p.malDate + r.int(20, 400) : NaN;
  if (p.malCureDate > D) p.malCureDate = NaN;
  p.tb = r.pick(TB_W);
  p.imagingDate = r.chance(w ? 0.95 : 0.6) ? D - (w ? r.int(0, 200) : r.int(0, 1500)) : NaN;
  p.imagingResult =
    p.tb === 2 && r.chance(0.8) ? "active TB" : r.chance(0.1) ? "abnormal not TB" : "normal";
  p.hbsag = r.chance(0.03);
  p.hbcab = p.hbsag || r.chance(0.15);
  p.hbvDna = p.hbsag
    ? r.chance(0.05)
      ? 2e8
      : r.logNormal(2000, 2.5)
    : r.chance(0.95)
      ? 0
      : r.logNormal(30, 1);
  p.hcvAb = r.chance(0.015);
  p.hcvRna = p.hcvAb && r.chance(0.5);
  p.hiv = r.chance(0.003);
  p.syphilis = r.chance(0.01);
  // labs
  p.gcsf = r.chance(0.03);
  p.gcsfDate = p.gcsf ? D - r.int(0, r.chance(0.3) ? 14 : 900) : NaN;
  p.anc = r.chance(0.02) ? r.uniform(0.2, 0.8) : r.logNormal(3.6, 0.45);
  p.neutropeniaSle = r.chance(0.6);
  p.hb = clamp(r.normal(118 - 25 * a, 16), 40, 175) - (r.chance(0.004) ? 50 : 0);
  p.anaemiaSle = r.chance(0.7);
  p.alt = r.chance(0.01) ? r.uniform(125, 600) : r.logNormal(22, 0.5);
  p.ast = r.chance(0.006) ? r.uniform(125, 500) : p.alt * r.logNormal(1, 0.25);
  p.bilirubin = r.chance(0.006) ? r.uniform(32, 120) : r.logNormal(8, 0.4);
  // creatinine rises with activity and with age; clearance follows through Cockcroft-Gault
  p.creatinine = r.logNormal(
    (p.female ? 0.75 : 0.95) * (1 + 0.9 * a * a) * (1 + (p.age - 35) * 0.004),
    0.35,
  );
  const crcl = (((140 - p.age) * p.weight) / (72 * p.creatinine)) * (p.female ? 0.85 : 1);
  p.esrd = crcl < 15 && r.chance(0.6);
  p.dialysis = p.esrd && r.chance(0.8);
  p.renalSle = r.chance(0.85);
  p.inr = r.chance(0.02) ? r.uniform(1.9, 3.5) : clamp(r.normal(1.03, 0.08), 0.8, 1.6);
  p.pt = 12 + (p.inr - 1) * 11 + r.normal(0, 0.4);
  p.psych = r.chance(0.07);
  p.cognitive = r.chance(0.015);
  p.npsle = r.chance(0.3);
  p.otherTrial = r.chance(0.1);
  p.otherTrialEnd = p.otherTrial && r.chance(0.92) ? D - r.int(0, 1500) : NaN;
}
