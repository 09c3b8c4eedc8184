/**
 * `unknown_if`: a value that cannot be used under some condition.
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 */
import { FALSE, UNKNOWN } from "../types.ts";
import type { BoolVec } from "../types.ts";
import { bool } from "./types.ts";
import type { FunctionSpec } from "./types.ts";

/**
 * `unknown_if(condition, value)`: the value, except unknown where the condition holds or may
 * hold — for a measurement the protocol says cannot be used in some circumstance (a neutrophil
 * count taken within two weeks of G-CSF) or a test that is too old to count.
 */
export const UNKNOWN_IF: FunctionSpec = {
  name: "unknown_if",
  params: [bool("condition"), bool("value")],
  returns: { type: "boolean" },
  doc: "the value where the condition is false, unknown where it is true or unknown",
  example: "unknown_if(gcsf_recent, anc < anc_min)",
  kernel(args, n, out) {
    const c = args[0] as BoolVec;
    const v = args[1] as BoolVec;
    const o = out as BoolVec;
    if (FALSE !== 0) throw new Error("truth codes changed");
    // without a branch on the condition: v where c is 0 (FALSE), else UNKNOWN
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      o[i] = x ^ ((x ^ UNKNOWN) & -((c[i]! + 0xff) >>> 8));
    }
  },
};
