/**
 * Kidney-function equations with their published constants. Creatinine in mg/dL (IDMS
 * standardised), cystatin C in mg/L, age in years; results in mL/min/1.73 m². Inputs in other
 * units are converted by the checker (creatinine µmol/L through 113.12 g/mol).
 *
 * - CKD-EPI 2009 creatinine: Levey AS et al. Ann Intern Med 2009;150:604-612.
 *   141 × min(Scr/κ,1)^α × max(Scr/κ,1)^-1.209 × 0.993^age × 1.018 [female] (× 1.159 [Black]);
 *   κ 0.7 F / 0.9 M, α -0.329 F / -0.411 M.
 * - CKD-EPI 2021 creatinine: Inker LA et al. N Engl J Med 2021;385:1737-1749.
 *   142 × min(Scr/κ,1)^α × max(Scr/κ,1)^-1.200 × 0.9938^age × 1.012 [female];
 *   κ 0.7 F / 0.9 M, α -0.241 F / -0.302 M.
 * - CKD-EPI 2021 creatinine-cystatin C (same paper): 135 × min(Scr/κ,1)^α × max(Scr/κ,1)^-0.544
 *   × min(Scys/0.8,1)^-0.323 × max(Scys/0.8,1)^-0.778 × 0.9961^age × 0.963 [female];
 *   α -0.219 F / -0.144 M.
 * - MDRD (4-variable, IDMS-traceable): Levey AS et al. Ann Intern Med 2006;145:247-254.
 *   175 × Scr^-1.154 × age^-0.203 × 0.742 [female] (× 1.212 [Black]).
 *
 * The race coefficients of 2009 and MDRD are not applied: registries seldom record race, and the
 * 2021 recommendations (NKF-ASN task force) are to estimate without it; a protocol that needs
 * them multiplies the result (`ckd_epi_2009(...) * if(black, 1.159, 1)`).
 *
 * Every equation falls with creatinine, cystatin C and age, so intervals map corner to corner.
 */
import { monotoneSpec } from "./monotone.ts";
import type { ArgType, FunctionSpec } from "./types.ts";

const CREATININE_MOLAR_MASS = 113.12;
const NORMALISED = { type: "number", unit: "mL/min/1.73m2" } as const;
const age: ArgType & { name: string } = { name: "age", type: "number", unit: "years" };
const female: ArgType & { name: string } = { name: "female", type: "boolean" };
const creatinine: ArgType & { name: string } = {
  name: "creatinine",
  type: "number",
  unit: "mg/dL",
  molarMass: CREATININE_MOLAR_MASS,
};
const cystatin: ArgType & { name: string } = { name: "cystatin_c", type: "number", unit: "mg/L" };

/** min(x,1)^a × max(x,1)^b: the two-slope spline of the CKD-EPI equations */
const spline = (x: number, a: number, b: number): number =>
  Math.pow(Math.min(x, 1), a) * Math.pow(Math.max(x, 1), b);

export const CKD_EPI_2009: FunctionSpec = monotoneSpec({
  name: "ckd_epi_2009",
  params: [creatinine, age, female],
  dirs: [-1, -1, 0],
  returns: NORMALISED,
  doc: "CKD-EPI 2009 creatinine eGFR (mL/min/1.73 m²), without the race coefficient",
  example: "ckd_epi_2009(creatinine, age, sex = 'female') >= 60",
  f: ([scr, a, f]) => {
    const fem = f === 1;
    const k = fem ? 0.7 : 0.9;
    return (
      141 *
      spline(scr! / k, fem ? -0.329 : -0.411, -1.209) *
      Math.pow(0.993, a!) *
      (fem ? 1.018 : 1)
    );
  },
});

export const CKD_EPI_2021: FunctionSpec = monotoneSpec({
  name: "ckd_epi_2021",
  params: [creatinine, age, female],
  dirs: [-1, -1, 0],
  returns: NORMALISED,
  doc: "CKD-EPI 2021 creatinine eGFR (mL/min/1.73 m²), race-free",
  example: "ckd_epi_2021(creatinine, age, sex = 'female') between 25 and 75",
  f: ([scr, a, f]) => {
    const fem = f === 1;
    const k = fem ? 0.7 : 0.9;
    return (
      142 * spline(scr! / k, fem ? -0.241 : -0.302, -1.2) * Math.pow(0.9938, a!) * (fem ? 1.012 : 1)
    );
  },
});

export const CKD_EPI_2021_CYS: FunctionSpec = monotoneSpec({
  name: "ckd_epi_2021_cys",
  params: [creatinine, cystatin, age, female],
  dirs: [-1, -1, -1, 0],
  returns: NORMALISED,
  doc: "CKD-EPI 2021 creatinine-cystatin C eGFR (mL/min/1.73 m²), race-free",
  example: "ckd_epi_2021_cys(creatinine, cystatin_c, age, sex = 'female') >= 30",
  f: ([scr, cys, a, f]) => {
    const fem = f === 1;
    const k = fem ? 0.7 : 0.9;
    return (
      135 *
      spline(scr! / k, fem ? -0.219 : -0.144, -0.544) *
      spline(cys! / 0.8, -0.323, -0.778) *
      Math.pow(0.9961, a!) *
      (fem ? 0.963 : 1)
    );
  },
});

export const MDRD: FunctionSpec = monotoneSpec({
  name: "mdrd",
  params: [creatinine, age, female],
  dirs: [-1, -1, 0],
  returns: NORMALISED,
  doc: "MDRD 4-variable eGFR, IDMS-traceable (175), mL/min/1.73 m², without the race coefficient",
  example: "mdrd(creatinine, age, sex = 'female') < 30",
  f: ([scr, a, f]) => 175 * Math.pow(scr!, -1.154) * Math.pow(a!, -0.203) * (f === 1 ? 0.742 : 1),
});

export const RENAL_FUNCTIONS: readonly FunctionSpec[] = [
  CKD_EPI_2009,
  CKD_EPI_2021,
  CKD_EPI_2021_CYS,
  MDRD,
];
