/**
 * `any_of(cell, 'drug', 'class', …)`: whether a multi-valued cell (`MMF; tacrolimus`) names any
 * of the listed drugs or classes, in any spelling the vocabulary knows (drugs.ts).
 *
 * | the cell                                              | any_of  |
 * | ----------------------------------------------------- | ------- |
 * | names a listed drug or a drug of a listed class       | met     |
 * | every entry recognised, none listed (or `none`)       | not met |
 * | no listed drug, at least one entry not recognised     | unknown |
 * | blank                                                 | unknown |
 *
 * The checker builds one spec per call (the list is part of the kernel); `ANY_OF` is the
 * registry entry for autocomplete and docs.
 *
 * @example
 * any_of(prior_therapies, 'mycophenolate mofetil', 'tacrolimus', 'anti-CD20')
 */
import { FALSE, TRUE, UNKNOWN, type BoolVec, type CatVec } from "../types.ts";
import { drugClasses, drugKey, splitDrugCell } from "./drugs.ts";
import type { FunctionSpec } from "./types.ts";

export interface AnyOfSpec extends FunctionSpec {
  /** canonical names of the listed drugs and classes */
  readonly wanted: readonly string[];
}

/** Truth of one cell against canonical names (FALSE / TRUE / UNKNOWN). */
export function cellTruth(cell: string, wanted: ReadonlySet<string>): number {
  const entries = splitDrugCell(cell);
  if (entries.length === 0) return UNKNOWN;
  let unrecognised = false;
  for (const e of entries) {
    const name = drugKey(e);
    if (name === undefined) unrecognised = true;
    else if (wanted.has(name) || drugClasses(name).some((c) => wanted.has(c))) return TRUE;
  }
  return unrecognised ? UNKNOWN : FALSE;
}

export const ANY_OF: FunctionSpec = {
  name: "any_of",
  params: [{ name: "cell", type: "category" }],
  returns: { type: "boolean" },
  doc: "whether a multi-valued cell names any of the listed drugs or classes (any spelling); unknown when blank or an entry is not recognised",
  example: "any_of(prior_therapies, 'mycophenolate mofetil', 'tacrolimus', 'anti-CD20')",
  kernel(_args, n, out) {
    (out as BoolVec).fill(UNKNOWN, 0, n);
  },
};

/** The spec of one call, listing `wanted` (canonical names). */
export function anyOfSpec(wanted: readonly string[]): AnyOfSpec {
  const set = new Set(wanted);
  // truths by dictionary code, computed once per dictionary (a column's values repeat)
  let dict: readonly string[] | null = null;
  let truths = new Uint8Array(0);
  return {
    ...ANY_OF,
    wanted,
    kernel(args, n, out) {
      const v = args[0] as CatVec;
      const o = out as BoolVec;
      if (v.dict !== dict || truths.length !== v.dict.length) {
        dict = v.dict;
        truths = Uint8Array.from(v.dict, (s) => cellTruth(s, set));
      }
      for (let i = 0; i < n; i++) {
        const c = v.codes[i]!;
        o[i] = c < 0 ? UNKNOWN : truths[c]!;
      }
    },
  };
}
