/**
 * Body-size and corrected-laboratory equations, and the conversion between a clearance in
 * mL/min and one normalised to 1.73 m² of body surface (which needs the patient's BSA).
 *
 * - BMI: weight (kg) / height (m)², WHO.
 * - BSA, Mosteller: √(height cm × weight kg / 3600) m². Mosteller RD, N Engl J Med 1987;317:1098.
 * - BSA, DuBois: 0.007184 × weight^0.425 × height^0.725 m². DuBois D, DuBois EF, Arch Intern Med
 *   1916;17:863-871.
 * - Calcium corrected for albumin (Payne): Ca + 0.8 × (4.0 − albumin) in mg/dL with albumin in
 *   g/dL, i.e. Ca + 0.02 × (40 − albumin) in mmol/L with albumin in g/L. Payne RB et al. BMJ
 *   1973;4:643-646.
 */
import { monotoneSpec } from "./monotone.ts";
import type { ArgType, FunctionSpec } from "./types.ts";

const height: ArgType & { name: string } = { name: "height", type: "number", unit: "cm" };
const weight: ArgType & { name: string } = { name: "weight", type: "number", unit: "kg" };
const bsa: ArgType & { name: string } = { name: "bsa", type: "number", unit: "m2" };

export const BMI: FunctionSpec = monotoneSpec({
  name: "bmi",
  params: [weight, height],
  dirs: [1, -1],
  returns: { type: "number", unit: "kg/m2" },
  doc: "body-mass index: weight / height² (kg/m²)",
  example: "bmi(weight, height) between 18.5 and 40",
  f: ([w, h]) => w! / ((h! / 100) * (h! / 100)),
});

export const BSA_MOSTELLER: FunctionSpec = monotoneSpec({
  name: "bsa_mosteller",
  params: [height, weight],
  dirs: [1, 1],
  returns: { type: "number", unit: "m2" },
  doc: "body-surface area, Mosteller: √(height × weight / 3600) (m²)",
  example: "bsa_mosteller(height, weight)",
  f: ([h, w]) => Math.sqrt((h! * w!) / 3600),
});

export const BSA_DUBOIS: FunctionSpec = monotoneSpec({
  name: "bsa_dubois",
  params: [height, weight],
  dirs: [1, 1],
  returns: { type: "number", unit: "m2" },
  doc: "body-surface area, DuBois: 0.007184 × weight^0.425 × height^0.725 (m²)",
  example: "bsa_dubois(height, weight)",
  f: ([h, w]) => 0.007184 * Math.pow(w!, 0.425) * Math.pow(h!, 0.725),
});

export const CORRECTED_CALCIUM: FunctionSpec = monotoneSpec({
  name: "corrected_calcium",
  params: [
    { name: "calcium", type: "number", unit: "mmol/L", molarMass: 40.078 },
    { name: "albumin", type: "number", unit: "g/L" },
  ],
  dirs: [1, -1],
  returns: { type: "number", unit: "mmol/L", molarMass: 40.078 },
  doc: "calcium corrected for albumin (Payne): Ca + 0.02 × (40 − albumin g/L) mmol/L",
  example: "corrected_calcium(calcium, albumin) > 2.65 mmol/L",
  f: ([ca, alb]) => ca! + 0.02 * (40 - alb!),
});

export const EGFR_ABSOLUTE: FunctionSpec = monotoneSpec({
  name: "egfr_absolute",
  params: [{ name: "egfr", type: "number", unit: "mL/min/1.73m2" }, bsa],
  dirs: [1, 1],
  returns: { type: "number", unit: "mL/min" },
  doc: "a normalised eGFR as an absolute clearance for this body-surface area: egfr × bsa / 1.73 (mL/min)",
  example: "egfr_absolute(egfr, bsa_mosteller(height, weight)) >= 60 mL/min",
  f: ([e, s]) => (e! * s!) / 1.73,
});

export const EGFR_NORMALISED: FunctionSpec = monotoneSpec({
  name: "egfr_normalised",
  params: [{ name: "clearance", type: "number", unit: "mL/min" }, bsa],
  dirs: [1, -1],
  returns: { type: "number", unit: "mL/min/1.73m2" },
  doc: "an absolute clearance normalised to 1.73 m² of body surface: clearance × 1.73 / bsa",
  example: "egfr_normalised(crcl, bsa_dubois(height, weight)) >= 30",
  f: ([c, s]) => (c! * 1.73) / s!,
});

export const BODY_FUNCTIONS: readonly FunctionSpec[] = [
  BMI,
  BSA_MOSTELLER,
  BSA_DUBOIS,
  CORRECTED_CALCIUM,
  EGFR_ABSOLUTE,
  EGFR_NORMALISED,
];
