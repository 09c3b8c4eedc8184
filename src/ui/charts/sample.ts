/** Sample data shaped like the seed lupus-nephritis trial, for the gallery and render tests. */
import type {
  Combination,
  CriterionRef,
  CriterionStat,
  FunnelStep,
  SensitivityPoint,
  SubgroupRow,
} from "./types.ts";

export const SAMPLE_TOTAL = 5000;

/** Criteria with a made-up pass and unknown share each (independent, for a plausible funnel). */
const MODEL: (CriterionRef & { pass: number; unknown: number; alone: number })[] = [
  { index: 0, id: "I1", label: "Age 18-65", pass: 0.86, unknown: 0.004, alone: 61 },
  {
    index: 1,
    id: "I2",
    label: "SLE classification (ACR 1997 or EULAR/ACR 2019)",
    pass: 0.78,
    unknown: 0.09,
    alone: 38,
  },
  {
    index: 2,
    id: "I3",
    label: "Biopsy LN class III/IV within 1 year",
    pass: 0.52,
    unknown: 0.14,
    alone: 212,
  },
  {
    index: 3,
    id: "I4",
    label: "UPCR ≥ 1.0 g/g or 24-h protein ≥ 1.0 g",
    pass: 0.61,
    unknown: 0.11,
    alone: 143,
  },
  { index: 4, id: "I5", label: "SLEDAI-2K ≥ 6", pass: 0.58, unknown: 0.21, alone: 97 },
  { index: 5, id: "I6", label: "BILAG-2004: one A or two B", pass: 0.66, unknown: 0.27, alone: 44 },
  { index: 6, id: "E5", label: "Malignancy within 5 years", pass: 0.97, unknown: 0.02, alone: 9 },
  { index: 7, id: "E6", label: "End-stage renal failure", pass: 0.95, unknown: 0.01, alone: 6 },
  {
    index: 8,
    id: "E9",
    label: "Organ function (ANC, Hb, ALT/AST, CrCl, INR)",
    pass: 0.83,
    unknown: 0.12,
    alone: 52,
  },
];

export const SAMPLE_CRITERIA: CriterionRef[] = MODEL.map(({ index, id, label }) => ({
  index,
  id,
  label,
  text: `${id}: ${label} (sample text)`,
}));

export function sampleCriterionStats(total = SAMPLE_TOTAL): CriterionStat[] {
  return MODEL.map((c) => ({
    index: c.index,
    id: c.id,
    label: c.label,
    fail: Math.round(total * (1 - c.pass - c.unknown)),
    unknown: Math.round(total * c.unknown),
    alone: c.alone < 11 ? { suppressed: true } : c.alone,
  }));
}

/** Funnel steps in the given order; lower counts unknown as fail, upper as pass. */
export function sampleFunnel(order: readonly number[], total = SAMPLE_TOTAL): FunnelStep[] {
  let lower = 1;
  let upper = 1;
  const steps: FunnelStep[] = [];
  for (const i of order) {
    const c = MODEL[i];
    if (!c) continue;
    lower *= c.pass;
    upper *= c.pass + c.unknown;
    steps.push({
      index: c.index,
      id: c.id,
      label: c.label,
      lower: Math.round(total * lower),
      upper: Math.round(total * upper),
    });
  }
  return steps;
}

export const SAMPLE_COMBINATIONS: Combination[] = [
  { criteria: [2], count: 212 },
  { criteria: [3], count: 143 },
  { criteria: [2, 3], count: 131 },
  { criteria: [4], count: 97 },
  { criteria: [0], count: 61 },
  { criteria: [3, 4], count: 58 },
  { criteria: [8], count: 52 },
  { criteria: [2, 3, 4], count: 47 },
  { criteria: [5], count: 44 },
  { criteria: [1], count: 38 },
  { criteria: [2, 8], count: 23 },
  { criteria: [4, 5], count: 19 },
  { criteria: [6], count: { suppressed: true } },
];

export const SAMPLE_SUBGROUPS: SubgroupRow[] = [
  { group: "Site A – Leiden", eligible: 142, needsReview: 311, ineligible: 1210 },
  { group: "Site B – Lyon", eligible: 98, needsReview: 260, ineligible: 1012 },
  { group: "Site C – Shanghai", eligible: 171, needsReview: 244, ineligible: 1190 },
  { group: "Site D – Porto", eligible: 7, needsReview: 31, ineligible: 324 },
];

/** Eligible count as the UPCR threshold moves (lower threshold admits more patients). */
export function sampleSensitivity(total = SAMPLE_TOTAL): SensitivityPoint[] {
  const out: SensitivityPoint[] = [];
  for (let t = 0.3; t <= 2.01; t += 0.1) {
    const share = 1 / (1 + Math.exp(3.2 * (t - 1.25)));
    out.push({
      value: Number(t.toFixed(1)),
      eligible: Math.round(total * 0.09 * share),
      needsReview: Math.round(total * 0.16 * share + 40),
    });
  }
  return out;
}
