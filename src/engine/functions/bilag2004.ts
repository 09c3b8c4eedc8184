/**
 * The BILAG-2004 criterion: at least one A or two B grades, three-valued.
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import type { BoolVec, CatVec } from "../types.ts";
import type { FunctionSpec } from "./types.ts";

/** BILAG-2004 domains in signature order. */
export const BILAG_DOMAINS = [
  "constitutional",
  "mucocutaneous",
  "neuropsychiatric",
  "musculoskeletal",
  "cardiorespiratory",
  "gastrointestinal",
  "ophthalmic",
  "renal",
  "haematological",
] as const;
const GRADES = ["A", "B", "C", "D", "E"] as const;

/**
 * Per dictionary code + 1 (slot 0: missing), what a grade adds to a row's packed count: A 1,
 * B 0x100, C..E nothing, missing or not a grade 0x10000 (an unknown grade).
 */
function gradeSteps(dict: readonly string[]): Int32Array {
  const t = new Int32Array(dict.length + 1);
  t[0] = 0x10000;
  for (let c = 0; c < dict.length; c++) {
    const s = dict[c]!.trim().toUpperCase();
    const g = s.length === 1 ? GRADES.indexOf(s as (typeof GRADES)[number]) : -1;
    t[c + 1] = g === 0 ? 1 : g === 1 ? 0x100 : g < 0 ? 0x10000 : 0;
  }
  return t;
}

let bilagCounts = new Int32Array(0);

/**
 * BILAG-2004 criterion: >= 1 A or >= 2 B; unknown only when missing grades could make it true.
 * Without a branch per grade or per row (random grades mispredicted): each domain adds its
 * grade's step from a table, and the verdict comes from the packed counts by arithmetic.
 */
export const BILAG_CRITERION: FunctionSpec = {
  name: "bilag_criterion",
  params: BILAG_DOMAINS.map((name) => ({ name, type: "category", values: GRADES })),
  returns: { type: "boolean" },
  doc: "BILAG-2004: at least one A (severe) or at least two B (moderate) among the 9 domain grades",
  example: "bilag_criterion(bilag_constitutional, ..., bilag_haematological)",
  kernel(args, n, out) {
    const o = out as BoolVec;
    if (bilagCounts.length < n) bilagCounts = new Int32Array(n);
    const counts = bilagCounts; // per row: A count, B count << 8, unknown count << 16
    counts.fill(0, 0, n);
    for (const arg of args as readonly CatVec[]) {
      const t = gradeSteps(arg.dict);
      const codes = arg.codes;
      for (let i = 0; i < n; i++) counts[i] = (counts[i]! + t[codes[i]! + 1]!) | 0;
    }
    if (TRUE !== 1 || UNKNOWN !== 2 || FALSE !== 0) throw new Error("truth codes changed");
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      // (x + 0xff) >>> 8 is 1 for 1 <= x <= 0xff: an A; (x + 0xfe) >>> 8: at least two B
      const yes = (((c & 0xff) + 0xff) >>> 8) | ((((c >>> 8) & 0xff) + 0xfe) >>> 8);
      const maybe = ((c >>> 16) + 0xff) >>> 8;
      o[i] = yes | ((maybe & (yes ^ 1)) << 1);
    }
  },
};
