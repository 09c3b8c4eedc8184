import type { Status, Verdict } from "../types.ts";

/** What the results need to know about a criterion. */
export interface CriterionMeta {
  id: string;
  kind: "inclusion" | "exclusion";
  label: string;
}

export interface StatusCounts {
  eligible: number;
  needsReview: number;
  ineligible: number;
  total: number;
  /** [eligible, eligible + needs-review] */
  eligibleRange: [number, number];
}

export interface CriterionSummary {
  index: number;
  id: string;
  kind: "inclusion" | "exclusion";
  label: string;
  enabled: boolean;
  failing: number;
  unknown: number;
  pass: number;
  site: number;
  failingAlone: number;
  unknownAlone: number;
  /**
   * Exactly what setting this (enabled) criterion aside changes: rows failing it alone become
   * eligible, or needs review when another criterion is unknown for them; rows unknown on it
   * alone go from needs review to eligible. `needsReview` can be negative. Zero when disabled.
   */
  gain: { eligible: number; needsReview: number };
}

export interface AttritionStep {
  index: number;
  id: string;
  label: string;
  /** remaining when unknown counts as fail */
  remainingLow: number;
  /** remaining when unknown counts as pass */
  remainingHigh: number;
  removedLow: number;
  removedHigh: number;
}

export interface Attrition {
  start: number;
  steps: AttritionStep[];
}

export interface CombinationSummary {
  /** rows with at least one FAIL (= ineligible) */
  rowsWithAnyFail: number;
  distinctSets: number;
  /** most frequent exact sets of failed criteria; a row counts in exactly one set */
  sets: { criteria: number[]; ids: string[]; count: number }[];
  /** rows with at least one FAIL whose set is not among `sets` */
  otherRows: number;
}

export interface SubgroupRow {
  /** category value; null = missing */
  value: string | null;
  eligible: number;
  needsReview: number;
  ineligible: number;
  total: number;
}

export interface SubgroupSummary {
  groups: SubgroupRow[];
}

export type RowFilter =
  | { status: Status }
  | { criterion: number; verdict: Verdict }
  | { failingAlone: number }
  | { unknownAlone: number }
  /** rows whose set of failed (enabled) criteria is exactly this one */
  | { combination: readonly number[] };

/** Verdicts packed per criterion (ResultSet's `packed`): FAIL and UNDECIDED bitsets, SITE count. */
export interface PackedVerdicts {
  fail: readonly Uint32Array[];
  und: readonly Uint32Array[];
  site: readonly number[];
}
