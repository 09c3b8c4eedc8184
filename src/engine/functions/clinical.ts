/**
 * Clinical functions for the criteria language: Cockcroft-Gault creatinine clearance, ACR 1997
 * criteria count, 2019 EULAR/ACR classification, SLEDAI-2K, the BILAG-2004 "1 A or 2 B"
 * criterion, and `unknown_if` (a value that cannot be used under some condition).
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 *
 * All kernels are three-valued: numbers are intervals [lo, hi] (a missing component widens
 * the interval by what it could add), booleans are TRUE / FALSE / UNKNOWN and a verdict is
 * decided whenever the unknown parts cannot change it.
 *
 * Registered on import (and `registerClinicalFunctions()` is an idempotent explicit hook).
 *
 * @example
 * cockcroft_gault(age, weight, sex = 'female', creatinine)       // mL/min interval
 * sledai2k(sledai_seizure, sledai_psychosis, ...)                 // 24 descriptors -> points
 * bilag_criterion(bilag_constitutional, ..., bilag_haematological) // >= 1 A or >= 2 B
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import type { BoolVec, CatVec, NumVec } from "../types.ts";
import { registerFunction } from "./registry.ts";
// age from a year of birth or an age on a date, and multi-valued drug cells, register on load
import "./age.ts";
import { ANY_OF } from "./any-of.ts";
import { BODY_FUNCTIONS } from "./body.ts";
import { RENAL_FUNCTIONS } from "./renal.ts";
import type { AnyVec, ArgType, FunctionSpec } from "./types.ts";

const bool = (name: string): ArgType & { name: string } => ({ name, type: "boolean" });

/** Interval product of [a, b] and [c, d]; 0 × ∞ counts as 0 (a zero factor bounds the product). */
function mulLo(a: number, b: number, c: number, d: number): number {
  return Math.min(m(a, c), m(a, d), m(b, c), m(b, d));
}
function mulHi(a: number, b: number, c: number, d: number): number {
  return Math.max(m(a, c), m(a, d), m(b, c), m(b, d));
}
function m(x: number, y: number): number {
  return x === 0 || y === 0 ? (Number.isNaN(x) || Number.isNaN(y) ? NaN : 0) : x * y;
}

/** x / y for a positive divisor interval bound; 0 / 0 counts as 0, x / 0 as ±∞. */
function dv(x: number, y: number): number {
  return x === 0 ? (Number.isNaN(y) ? NaN : 0) : x / y;
}

/**
 * Cockcroft-Gault: (140 − age) × weight / (72 × SCr) × 0.85 if female, SCr in mg/dL
 * (the checker converts µmol/L through creatinine's molar mass). Unknown sex gives the
 * interval [× 0.85, × 1]; a censored creatinine `<0.5` gives a clearance above its bound.
 */
export const COCKCROFT_GAULT: FunctionSpec = {
  name: "cockcroft_gault",
  params: [
    { name: "age", type: "number", unit: "years" },
    { name: "weight", type: "number", unit: "kg" },
    { name: "female", type: "boolean" },
    { name: "creatinine", type: "number", unit: "mg/dL" },
  ],
  returns: { type: "number", unit: "mL/min" },
  doc: "Cockcroft-Gault creatinine clearance (mL/min): (140 − age) × weight / (72 × SCr), × 0.85 if female",
  example: "cockcroft_gault(age, weight, sex = 'female', creatinine)",
  kernel(args, n, out) {
    const age = args[0] as NumVec;
    const wt = args[1] as NumVec;
    const fem = args[2] as BoolVec;
    const scr = args[3] as NumVec;
    const o = out as NumVec;
    for (let i = 0; i < n; i++) {
      const aLo = 140 - age.hi[i]!;
      const aHi = 140 - age.lo[i]!;
      const w = wt.lo[i]!;
      const s = scr.lo[i]!;
      const f = fem[i]!;
      // exact values (most rows): the interval arithmetic below gives exactly this point, as
      // long as no factor is 0 or missing and the sex is known
      if (
        aLo === aHi &&
        w === wt.hi[i]! &&
        s === scr.hi[i]! &&
        s > 0 &&
        aLo !== 0 &&
        w !== 0 &&
        (f === TRUE || f === FALSE) &&
        Number.isFinite(aLo * w) &&
        Number.isFinite(s)
      ) {
        const p = aLo * w;
        const q = p / (72 * s);
        if (q !== 0 && Number.isFinite(q)) {
          o.lo[i] = o.hi[i] = q * (f === TRUE ? 0.85 : 1);
          continue;
        }
      }
      const pLo = mulLo(aLo, aHi, wt.lo[i]!, wt.hi[i]!);
      const pHi = mulHi(aLo, aHi, wt.lo[i]!, wt.hi[i]!);
      // creatinine is positive: a censored lower bound (-Infinity) means "just above 0"
      const sLo = Math.max(scr.lo[i]!, 0);
      const sHi = scr.hi[i]!;
      const fLo = f === TRUE ? 0.85 : f === FALSE ? 1 : 0.85;
      const fHi = f === TRUE ? 0.85 : 1;
      if (!(sHi > 0) || Number.isNaN(pLo) || Number.isNaN(pHi) || f > UNKNOWN) {
        o.lo[i] = NaN;
        o.hi[i] = NaN;
        continue;
      }
      // divide (not multiply by a reciprocal) so exact inputs give exact boundaries: 4320 / 144 = 30
      const dLo = 72 * sLo;
      const dHi = 72 * sHi;
      const qLo = Math.min(dv(pLo, dLo), dv(pLo, dHi), dv(pHi, dLo), dv(pHi, dHi));
      const qHi = Math.max(dv(pLo, dLo), dv(pLo, dHi), dv(pHi, dLo), dv(pHi, dHi));
      o.lo[i] = mulLo(qLo, qHi, fLo, fHi);
      o.hi[i] = mulHi(qLo, qHi, fLo, fHi);
    }
  },
};

/**
 * Counts TRUE flags as an interval [#true, #true + #unknown], each weighted.
 *
 * Whole weights with a total up to 255 (SLEDAI-2K: 105, ACR 1997: 11) are summed four rows at
 * a time (`byteWeightedCount`: each row's sums in one byte of a 32-bit word). Up to 0xffff
 * without a branch per flag: one int32 per row holds the TRUE sum in its low 16 bits and the
 * TRUE-or-unknown sum in its high 16 bits, and each flag adds its entry of a 256-entry table
 * (a branch on random flags mispredicted about a third of the time: 2-4x slower, measured).
 * Other weights take the plain loop.
 */
function weightedCount(
  args: readonly AnyVec[],
  weights: readonly number[],
  n: number,
  o: NumVec,
): void {
  if (!packableWeights(weights)) {
    plainWeightedCount(args, weights, n, o);
    return;
  }
  if (byteWeightedCount(args as readonly BoolVec[], weights, n, o)) return;
  if (countScratch.length < n) countScratch = new Int32Array(n);
  const acc = countScratch;
  const step = countStep;
  acc.fill(0, 0, n);
  // column by column: sequential reads of each flag vector
  for (let k = 0; k < weights.length; k++) {
    const v = args[k] as BoolVec;
    const w = weights[k]!;
    // FALSE adds nothing, TRUE adds to both sums, anything else (unknown) to the upper one
    step.fill(w << 16);
    step[FALSE] = 0;
    step[TRUE] = w | (w << 16);
    for (let i = 0; i < n; i++) acc[i] = (acc[i]! + step[v[i]!]!) | 0;
  }
  const lo = o.lo;
  const hi = o.hi;
  for (let i = 0; i < n; i++) {
    const a = acc[i]!;
    lo[i] = a & 0xffff;
    hi[i] = a >>> 16;
  }
}

const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;
const ONES = 0x01010101;
/** per byte of x: 1 where the byte is not 0, else 0 (no carry crosses bytes) */
const nonZeroBytes = (x: number): number => ((((x & LOW7) + LOW7) | x) & HIGH) >>> 7;
/** byte j of a Uint32Array word is byte 4w + j of its buffer (little-endian) */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * `weightedCount` four rows at a time, for whole weights totalling at most 255: per 32-bit word
 * of a flag vector, the bytes equal to TRUE and the bytes not FALSE as 0/1 per byte (exact for
 * any byte, not only the truth codes), times the weight, added to per-byte sums that cannot
 * carry (a vector not starting on a word boundary is read as two words shifted together).
 * Returns false (nothing written) when the weights do not allow it, or when such a vector ends
 * within 3 bytes of its buffer's end. SLEDAI-2K and ACR 1997 over 1M rows: the table loop's 35 lookups per row took
 * ~0.2 s of the synthetic registry's evaluation.
 */
export function byteWeightedCount(
  args: readonly BoolVec[],
  weights: readonly number[],
  n: number,
  o: NumVec,
): boolean {
  let total = 0;
  for (const w of weights) total += w;
  if (!LITTLE_ENDIAN || total > 0xff || weights.length > args.length) return false;
  const nw = n >>> 2;
  // each flag vector as 32-bit words from the word boundary at or below its start (a column in
  // a shared table may start at any byte); one word more when it does not start on a boundary
  // flags read from the same bytes (unmapped variables all read one missing vector) are one
  // vector with their weights summed
  const { vecs, ws } = sameVectorsMerged(args, weights);
  const views: Uint32Array[] = [];
  for (const v of vecs) {
    const from = v.byteOffset & ~3;
    const words = nw + ((v.byteOffset & 3) === 0 ? 0 : 1);
    if (from + 4 * words > v.buffer.byteLength) return false;
    views.push(new Uint32Array(v.buffer, from, words));
  }
  if (byteLo.length < nw) {
    byteLo = new Int32Array(nw);
    byteHi = new Int32Array(nw);
  }
  const accLo = byteLo;
  const accHi = byteHi;
  accLo.fill(0, 0, nw);
  accHi.fill(0, 0, nw);
  for (let k = 0; k < views.length; k++) {
    const x = views[k]!;
    const w = ws[k]!;
    const shift = (vecs[k]!.byteOffset & 3) << 3;
    if (shift === 0)
      for (let j = 0; j < nw; j++) {
        const b = x[j]!;
        // bytes equal to TRUE (1): those where b ^ 0x01 is 0
        const t = nonZeroBytes(b ^ ONES) ^ ONES;
        accLo[j] = (accLo[j]! + Math.imul(t, w)) | 0;
        accHi[j] = (accHi[j]! + Math.imul(nonZeroBytes(b), w)) | 0;
      }
    else
      for (let j = 0; j < nw; j++) {
        // rows 4j .. 4j+3 straddle two words
        const b = (x[j]! >>> shift) | (x[j + 1]! << (32 - shift));
        const t = nonZeroBytes(b ^ ONES) ^ ONES;
        accLo[j] = (accLo[j]! + Math.imul(t, w)) | 0;
        accHi[j] = (accHi[j]! + Math.imul(nonZeroBytes(b), w)) | 0;
      }
  }
  const lo = o.lo;
  const hi = o.hi;
  for (let j = 0; j < nw; j++) {
    const a = accLo[j]!;
    const c = accHi[j]!;
    const i = j << 2;
    lo[i] = a & 0xff;
    lo[i + 1] = (a >>> 8) & 0xff;
    lo[i + 2] = (a >>> 16) & 0xff;
    lo[i + 3] = a >>> 24;
    hi[i] = c & 0xff;
    hi[i + 1] = (c >>> 8) & 0xff;
    hi[i + 2] = (c >>> 16) & 0xff;
    hi[i + 3] = c >>> 24;
  }
  // the last rows (n not a multiple of 4)
  for (let i = nw << 2; i < n; i++) {
    let l = 0;
    let h = 0;
    for (let k = 0; k < weights.length; k++) {
      const f = args[k]![i]!;
      const w = weights[k]!;
      l += f === TRUE ? w : 0;
      h += f !== FALSE ? w : 0;
    }
    lo[i] = l;
    hi[i] = h;
  }
  return true;
}

/**
 * The distinct vectors among `args` (the same buffer and offset: the same bytes for the batch)
 * with the sum of their weights.
 */
function sameVectorsMerged(
  args: readonly BoolVec[],
  weights: readonly number[],
): { vecs: BoolVec[]; ws: number[] } {
  const vecs: BoolVec[] = [];
  const ws: number[] = [];
  for (let k = 0; k < weights.length; k++) {
    const v = args[k]!;
    const w = weights[k]!;
    const same = vecs.findIndex((u) => u.buffer === v.buffer && u.byteOffset === v.byteOffset);
    if (same >= 0) ws[same] = ws[same]! + w;
    else {
      vecs.push(v);
      ws.push(w);
    }
  }
  return { vecs, ws };
}

let byteLo = new Int32Array(0);
let byteHi = new Int32Array(0);

let countScratch = new Int32Array(0);
const countStep = new Int32Array(256);

/** Whole, non-negative weights whose total fits 16 bits (see weightedCount). */
export function packableWeights(weights: readonly number[]): boolean {
  let total = 0;
  for (const w of weights) {
    if (!Number.isInteger(w) || w < 0) return false;
    total += w;
  }
  return total <= 0xffff;
}

/** `weightedCount` for any weights: a branch per flag. */
export function plainWeightedCount(
  args: readonly AnyVec[],
  weights: readonly number[],
  n: number,
  o: NumVec,
): void {
  const lo = o.lo;
  const hi = o.hi;
  lo.fill(0, 0, n);
  hi.fill(0, 0, n);
  for (let k = 0; k < weights.length; k++) {
    const v = args[k] as BoolVec;
    const w = weights[k]!;
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if (x === TRUE) {
        lo[i]! += w;
        hi[i]! += w;
      } else if (x !== FALSE) hi[i]! += w;
    }
  }
}

export { weightedCount };

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

/**
 * 2019 EULAR/ACR criteria (Aringer 2019) in signature order after the ANA entry criterion:
 * [name, domain, weight]. Domains 0-6 are clinical, 7-9 immunological. Low C3 and low C4 are
 * separate flags: one low scores 3, both 4 (the complement domain).
 */
export const EULAR2019_ITEMS: readonly (readonly [string, number, number])[] = [
  ["fever", 0, 2],
  ["leukopenia", 1, 3],
  ["thrombocytopenia", 1, 4],
  ["autoimmune_haemolysis", 1, 4],
  ["delirium", 2, 2],
  ["psychosis", 2, 3],
  ["seizure", 2, 5],
  ["alopecia", 3, 2],
  ["oral_ulcers", 3, 2],
  ["subacute_cutaneous_or_discoid_lupus", 3, 4],
  ["acute_cutaneous_lupus", 3, 6],
  ["pleural_or_pericardial_effusion", 4, 5],
  ["acute_pericarditis", 4, 6],
  ["joint_involvement", 5, 6],
  ["proteinuria", 6, 4],
  ["biopsy_class_ii_or_v", 6, 8],
  ["biopsy_class_iii_or_iv", 6, 10],
  ["antiphospholipid_antibodies", 7, 2],
  ["low_c3", 8, 3],
  ["low_c4", 8, 3],
  ["anti_dsdna_or_anti_smith", 9, 6],
];
const EULAR_DOMAINS = 10;
const EULAR_CLINICAL_DOMAINS = 7;
const EULAR_COMPLEMENT = 8;
/** classification threshold of the published criteria (not a protocol parameter) */
export const EULAR_THRESHOLD = 10;

/**
 * Scores rows [0, n): writes [lo, hi] points into score and, per row, whether a clinical
 * criterion is surely present (bit 1) or possibly present (bit 2) into clin.
 * Per domain only the highest weight counts: lo uses TRUE items, hi TRUE or UNKNOWN items.
 *
 * Without a branch per flag (random flags mispredicted a third of the time): each row gathers a
 * domain's items as bits (TRUE items in bits 0-7, TRUE-or-unknown in bits 8-15) through a
 * 256-entry table per item, the domain's points come from a table by those bits, and the
 * [lo, hi] total is kept in one int32 (lo in the low 16 bits, hi in the high 16).
 */
function eularScore(args: readonly AnyVec[], n: number, score: NumVec, clin: Uint8Array): void {
  const { lo, hi } = score;
  const { acc, dom } = eularScratch(n);
  acc.fill(0, 0, n);
  clin.fill(0, 0, n);
  // a domain whose items all read the same bytes (unmapped variables all read one missing
  // vector) adds, per row, a function of that one byte: such domains reading the same vector
  // are summed into one table over its byte and take one pass together
  const shared: { v: BoolVec; add: Int32Array; clin: Uint8Array }[] = [];
  const summed = eularSummed;
  for (let d = 0; d < EULAR_DOMAINS; d++) {
    const { items, points } = EULAR_PLAN[d]!;
    const v0 = args[items[0]!] as BoolVec;
    let one = true;
    for (let j = 1; j < items.length; j++) {
      const v = args[items[j]!] as BoolVec;
      if (v.buffer !== v0.buffer || v.byteOffset !== v0.byteOffset) one = false;
    }
    summed[d] = one ? 1 : 0;
    if (!one) continue;
    let t = shared.find((x) => x.v.buffer === v0.buffer && x.v.byteOffset === v0.byteOffset);
    if (!t) shared.push((t = { v: v0, add: new Int32Array(256), clin: new Uint8Array(256) }));
    for (let x = 0; x < 256; x++) {
      let m = 0;
      for (let j = 0; j < items.length; j++) m |= ITEM_BITS[j]![x]!;
      t.add[x] = (t.add[x]! + points[m & 0xff]! + (points[m >>> 8]! << 16)) | 0;
      if (d < EULAR_CLINICAL_DOMAINS)
        t.clin[x]! |= (((m & 0xff) + 0xff) >>> 8) | ((((m >>> 8) + 0xff) >>> 8) << 1);
    }
  }
  for (const { v, add, clin: c } of shared)
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      acc[i] = (acc[i]! + add[x]!) | 0;
      clin[i]! |= c[x]!;
    }
  for (let d = 0; d < EULAR_DOMAINS; d++) {
    if (summed[d] === 1) continue; // (summed above)
    const { items, points } = EULAR_PLAN[d]!;
    dom.fill(0, 0, n);
    for (let j = 0; j < items.length; j++) {
      const v = args[items[j]!] as BoolVec;
      const step = ITEM_BITS[j]!;
      for (let i = 0; i < n; i++) dom[i]! |= step[v[i]!]!;
    }
    for (let i = 0; i < n; i++) {
      const m = dom[i]!;
      acc[i] = (acc[i]! + points[m & 0xff]! + (points[m >>> 8]! << 16)) | 0;
    }
    if (d < EULAR_CLINICAL_DOMAINS)
      for (let i = 0; i < n; i++) {
        const m = dom[i]!;
        // (x + 0xff) >>> 8 is 1 when 0 < x <= 0xff, else 0: an item present (every weight > 0)
        clin[i]! |= (((m & 0xff) + 0xff) >>> 8) | ((((m >>> 8) + 0xff) >>> 8) << 1);
      }
  }
  for (let i = 0; i < n; i++) {
    const a = acc[i]!;
    lo[i] = a & 0xffff;
    hi[i] = a >>> 16;
  }
}

/** per domain: 1 when eularScore summed it through its one shared vector */
const eularSummed = new Uint8Array(EULAR_DOMAINS);

/** per domain: its items' argument indexes, and its points by the set of its items present */
const EULAR_PLAN = Array.from({ length: EULAR_DOMAINS }, (_, d) => {
  const items: number[] = [];
  const weights: number[] = [];
  EULAR2019_ITEMS.forEach(([, dom, w], k) => {
    if (dom !== d) return;
    if (!(w > 0)) throw new Error("EULAR weights must be positive");
    items.push(k + 1); // (argument 0 is the ANA entry criterion)
    weights.push(w);
  });
  if (items.length > 8) throw new Error("a EULAR domain has more than 8 items");
  const points = new Int32Array(1 << items.length);
  for (let m = 1; m < points.length; m++) {
    const present = weights.filter((_, j) => (m >> j) & 1);
    // complement: one of low C3 / low C4 scores 3, both 4; else the highest weight
    points[m] = d === EULAR_COMPLEMENT ? (present.length === 2 ? 4 : 3) : Math.max(...present);
  }
  return { items: Int32Array.from(items), points };
});

/** item j of a domain: a flag's bits (TRUE: j and j + 8; FALSE: none; unknown: j + 8) */
const ITEM_BITS = Array.from({ length: 8 }, (_, j) => {
  const t = new Int32Array(256).fill(1 << (j + 8));
  t[FALSE] = 0;
  t[TRUE] = (1 << j) | (1 << (j + 8));
  return t;
});

/** scratch buffers reused across batches (kernels run one batch at a time) */
let scratch = {
  score: { lo: new Float64Array(0), hi: new Float64Array(0) } as NumVec,
  clin: new Uint8Array(0),
  acc: new Int32Array(0),
  dom: new Int32Array(0),
};
function eularScratch(n: number): typeof scratch {
  if (scratch.clin.length < n) {
    scratch = {
      score: { lo: new Float64Array(n), hi: new Float64Array(n) },
      clin: new Uint8Array(n),
      acc: new Int32Array(n),
      dom: new Int32Array(n),
    };
  }
  return scratch;
}

const EULAR_PARAMS = [bool("ana_at_least_1_80"), ...EULAR2019_ITEMS.map(([name]) => bool(name))];

/** 2019 EULAR/ACR points (0-...), interval over unknown criteria; the ANA entry is not scored. */
export const EULAR_SCORE_SPEC: FunctionSpec = {
  name: "eular_acr_2019_score",
  params: EULAR_PARAMS,
  returns: { type: "number" },
  doc: "2019 EULAR/ACR SLE points: highest weight per domain, summed (entry criterion not scored)",
  example:
    "eular_acr_2019_score(ana_titre >= 80, eular_fever, ..., eular_anti_dsdna_or_anti_smith)",
  kernel(args, n, out) {
    eularScore(args, n, out as NumVec, eularScratch(n).clin);
  },
};

/**
 * 2019 EULAR/ACR classification: ANA >= 1:80 entry, >= 10 points and at least one clinical
 * criterion. True when the known criteria already classify, false when even all unknown
 * criteria present could not, else unknown.
 */
export const EULAR_SPEC: FunctionSpec = {
  name: "eular_acr_2019",
  params: EULAR_PARAMS,
  returns: { type: "boolean" },
  doc: "2019 EULAR/ACR SLE classification: ANA >= 1:80, >= 10 points, >= 1 clinical criterion",
  example: "eular_acr_2019(ana_titre >= 80, eular_fever, ..., eular_anti_dsdna_or_anti_smith)",
  kernel(args, n, out) {
    const o = out as BoolVec;
    const { score, clin } = eularScratch(n);
    eularScore(args, n, score, clin);
    const entry = args[0] as BoolVec;
    for (let i = 0; i < n; i++) {
      const e = entry[i]!;
      const c = clin[i]!;
      if (e === FALSE) o[i] = FALSE;
      else if (e === TRUE && score.lo[i]! >= EULAR_THRESHOLD && (c & 1) !== 0) o[i] = TRUE;
      else if (score.hi[i]! >= EULAR_THRESHOLD && (c & 2) !== 0) o[i] = UNKNOWN;
      else o[i] = FALSE;
    }
  },
};

export const CLINICAL_FUNCTIONS: readonly FunctionSpec[] = [
  COCKCROFT_GAULT,
  ACR1997_COUNT,
  EULAR_SPEC,
  EULAR_SCORE_SPEC,
  SLEDAI2K,
  BILAG_CRITERION,
  UNKNOWN_IF,
  ANY_OF,
  ...RENAL_FUNCTIONS,
  ...BODY_FUNCTIONS,
];

/** Registers the clinical functions (already done on import; calling again is a no-op). */
export function registerClinicalFunctions(): void {
  for (const spec of CLINICAL_FUNCTIONS) registerFunction(spec);
}

registerClinicalFunctions();
