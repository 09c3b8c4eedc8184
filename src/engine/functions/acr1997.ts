/**
 * ACR 1997 revised criteria for SLE: the number of the 11 criteria met, as an interval.
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 */
import type { NumVec } from "../types.ts";
import { bool } from "./types.ts";
import type { FunctionSpec } from "./types.ts";
import { weightedCount } from "./weighted-count.ts";

export const ACR1997_ITEMS = [
  "malar_rash",
  "discoid_rash",
  "photosensitivity",
  "oral_ulcers",
  "arthritis",
  "serositis",
  "renal_disorder",
  "neurologic_disorder",
  "haematologic_disorder",
  "immunologic_disorder",
  "ana",
] as const;
const ACR_WEIGHTS = ACR1997_ITEMS.map(() => 1);

/** ACR 1997 revised criteria: number of the 11 criteria met, as [#true, #true + #unknown]. */
export const ACR1997_COUNT: FunctionSpec = {
  name: "acr1997_count",
  params: ACR1997_ITEMS.map(bool),
  returns: { type: "number" },
  doc: "ACR 1997 SLE criteria met (0-11) from the 11 criterion flags; SLE when >= 4",
  example: "acr1997_count(acr_malar_rash, acr_discoid_rash, ..., acr_ana) >= 4",
  kernel: (args, n, out) => weightedCount(args, ACR_WEIGHTS, n, out as NumVec),
};
