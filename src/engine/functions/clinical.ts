/**
 * The clinical functions of the criteria language, one file per score: Cockcroft-Gault,
 * ACR 1997, 2019 EULAR/ACR, SLEDAI-2K, the BILAG-2004 criterion, `unknown_if`, `age_from`,
 * `any_of` (drugs), the renal equations and the body measures.
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 *
 * All kernels are three-valued: numbers are intervals [lo, hi] (a missing component widens
 * the interval by what it could add), booleans are TRUE / FALSE / UNKNOWN and a verdict is
 * decided whenever the unknown parts cannot change it.
 *
 * @example
 * cockcroft_gault(age, weight, sex = 'female', creatinine)       // mL/min interval
 * sledai2k(sledai_seizure, sledai_psychosis, ...)                 // 24 descriptors -> points
 * bilag_criterion(bilag_constitutional, ..., bilag_haematological) // >= 1 A or >= 2 B
 */
import { ACR1997_COUNT } from "./acr1997.ts";
import { AGE_FROM } from "./age.ts";
import { ANY_OF } from "./any-of.ts";
import { BILAG_CRITERION } from "./bilag2004.ts";
import { BODY_FUNCTIONS } from "./body.ts";
import { COCKCROFT_GAULT } from "./cockcroft-gault.ts";
import { EULAR_SCORE_SPEC, EULAR_SPEC } from "./eular2019.ts";
import { RENAL_FUNCTIONS } from "./renal.ts";
import { SLEDAI2K } from "./sledai2k.ts";
import type { FunctionSpec } from "./types.ts";
import { UNKNOWN_IF } from "./unknown-if.ts";

export const CLINICAL_FUNCTIONS: readonly FunctionSpec[] = [
  COCKCROFT_GAULT,
  ACR1997_COUNT,
  EULAR_SPEC,
  EULAR_SCORE_SPEC,
  SLEDAI2K,
  BILAG_CRITERION,
  UNKNOWN_IF,
  AGE_FROM,
  ANY_OF,
  ...RENAL_FUNCTIONS,
  ...BODY_FUNCTIONS,
];
