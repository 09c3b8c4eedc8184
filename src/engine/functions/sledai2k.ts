/**
 * SLEDAI-2K total (0-105) from its 24 weighted descriptors (Gladman 2002).
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 */
import type { NumVec } from "../types.ts";
import { bool } from "./types.ts";
import type { FunctionSpec } from "./types.ts";
import { weightedCount } from "./weighted-count.ts";

/** SLEDAI-2K descriptors in signature order with their published weights (Gladman 2002). */
export const SLEDAI2K_ITEMS: readonly (readonly [string, number])[] = [
  ["seizure", 8],
  ["psychosis", 8],
  ["organic_brain_syndrome", 8],
  ["visual_disturbance", 8],
  ["cranial_nerve_disorder", 8],
  ["lupus_headache", 8],
  ["cva", 8],
  ["vasculitis", 8],
  ["arthritis", 4],
  ["myositis", 4],
  ["urinary_casts", 4],
  ["haematuria", 4],
  ["proteinuria", 4],
  ["pyuria", 4],
  ["rash", 2],
  ["alopecia", 2],
  ["mucosal_ulcers", 2],
  ["pleurisy", 2],
  ["pericarditis", 2],
  ["low_complement", 2],
  ["increased_dna_binding", 2],
  ["fever", 1],
  ["thrombocytopenia", 1],
  ["leukopenia", 1],
];
const SLEDAI_WEIGHTS = SLEDAI2K_ITEMS.map(([, w]) => w);

/** SLEDAI-2K total (0-105) from its 24 descriptors; no severity bands (not in the index). */
export const SLEDAI2K: FunctionSpec = {
  name: "sledai2k",
  params: SLEDAI2K_ITEMS.map(([name]) => bool(name)),
  returns: { type: "number" },
  doc: "SLEDAI-2K total (0-105) from its 24 descriptors with the published weights (8/4/2/1)",
  example: "sledai2k(sledai_seizure, sledai_psychosis, ..., sledai_leukopenia) >= 6",
  kernel: (args, n, out) => weightedCount(args, SLEDAI_WEIGHTS, n, out as NumVec),
};
