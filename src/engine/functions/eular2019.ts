/**
 * 2019 EULAR/ACR classification criteria for SLE (Aringer 2019): points and classification.
 * Facts: /work/shared/clinical/scores.md (published papers, not public calculators).
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import type { BoolVec, NumVec } from "../types.ts";
import { bool } from "./types.ts";
import type { AnyVec, FunctionSpec } from "./types.ts";

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
