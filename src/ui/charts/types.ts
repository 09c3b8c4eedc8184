/**
 * Props of the analysis charts. Every chart takes plain data (no engine objects, no stores)
 * and reports clicks through an `onselect` callback, so the app decides what a click filters.
 */
import type { StatusWord } from "../../engine/types.ts";

export type { StatusWord };

/**
 * A count as the charts receive it. A plain number is drawn and printed as is. An object can
 * mark a small cell as suppressed (printed "<11", drawn at `value` or 0) or override the text
 * with `display` while `value` still sizes the bar.
 */
export type Count = number | { value?: number; suppressed?: boolean; display?: string };

/** A criterion as the charts name it: protocol index, short id ("I1") and label ("Age 18-65"). */
export interface CriterionRef {
  /** position in the protocol (the engine's criterion index); what selections report */
  index: number;
  id: string;
  label: string;
  /** the protocol's full text, shown as a tooltip */
  text?: string;
}

export interface HeadlineProps {
  total: Count;
  eligible: Count;
  needsReview: Count;
  ineligible: Count;
  /** the eligible range's upper end (eligible + needs review) as published, when it is */
  upper?: Count;
  onselect?: (selection: { status: StatusWord }) => void;
}

/** One attrition step: patients still in after this criterion and all before it. */
export interface FunnelStep extends CriterionRef {
  /** remaining when unknown counts as fail */
  lower: Count;
  /** remaining when unknown counts as pass */
  upper: Count;
  /** the same step under the protocol as written, when a what-if is active */
  was?: { lower: number; upper: number };
}

export interface FunnelProps {
  /** all patients, drawn as the first bar */
  total: Count;
  /** steps in the current order */
  steps: FunnelStep[];
  /** `step` is the criterion index; `position` its place in the current order */
  onselect?: (selection: { step: number; position: number }) => void;
  /** the new order as criterion indices, after a drag or Alt+Arrow / move button */
  onreorder?: (order: number[]) => void;
}

export interface CriterionStat extends CriterionRef {
  /** patients failing this criterion on their data */
  fail: Count;
  /** patients for whom it is unknown (missing data) */
  unknown: Count;
  /** patients failing this criterion and nothing else */
  alone: Count;
  /**
   * Exactly what setting it aside changes: eligible gained, and the change in needs review
   * (failing-alone patients with another unknown land there, unknown-alone ones leave it)
   */
  gain?: { eligible: number; needsReview: number };
  /** the counts under the protocol as written, when a what-if is active */
  was?: { fail: number; unknown: number };
}

export type CriterionSort = "fail" | "unknown" | "alone" | "protocol";
export type CriterionPart = "fail" | "unknown" | "alone";

export interface CriterionBarsProps {
  criteria: CriterionStat[];
  /** all patients: the bars' full width */
  total: Count;
  /** initial sort; the user can change it with the buttons above the chart */
  sort?: CriterionSort;
  onsort?: (sort: CriterionSort) => void;
  onselect?: (selection: { criterion: number; what: CriterionPart }) => void;
}

export interface Combination {
  /** criterion indices failed together (exactly this set) */
  criteria: number[];
  count: Count;
}

export interface CombinationsProps {
  /** the criteria that may appear in combinations (rows of the matrix), in protocol order */
  criteria: CriterionRef[];
  /** combinations, most frequent first is not required: the chart sorts by count */
  combinations: Combination[];
  /** how many combinations to show (default 12, clamped to 1..20) */
  limit?: number;
  /** patients failing some combination not shown (noted under the chart when > 0) */
  other?: Count;
  onselect?: (selection: { combination: number[] }) => void;
}

export interface SubgroupRow {
  group: string;
  eligible: Count;
  needsReview: Count;
  ineligible: Count;
  /** the group's size as published; without it, the sum of the three counts */
  total?: Count;
}

export interface SubgroupsProps {
  /** the category column's name, e.g. "Site" */
  category: string;
  groups: SubgroupRow[];
  onselect?: (selection: { group: string; status: StatusWord }) => void;
}

export interface SensitivityPoint {
  value: number;
  eligible: Count;
  needsReview: Count;
}

export interface SensitivityProps {
  /** parameter name, e.g. "UPCR threshold" */
  parameter: string;
  /** unit symbol for the axis, e.g. "g/g" */
  unit?: string;
  points: SensitivityPoint[];
  /** the parameter's current value, marked on the chart */
  current?: number;
  /** the protocol's default value, marked on the chart */
  defaultValue?: number;
  onselect?: (selection: { value: number }) => void;
}
