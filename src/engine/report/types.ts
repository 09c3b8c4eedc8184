import type { AttritionInput, AttritionRow } from "./attrition.ts";
import type { CodeArray } from "../types.ts";
import type { Highs } from "./solver.ts";
import type { ReportRecord } from "./series.ts";
import type { CompletenessInput } from "./completeness.ts";

/** A count as published: a number, or a marker when suppressed. */
export type Count = number | SuppressedCount;

/**
 * A count not published. Every such count looks the same (one symbol): whether it is small or
 * hidden so that a small one cannot be worked out is not told, since that would tell a reader
 * which hidden counts are zero or large.
 */
export interface SuppressedCount {
  suppressed: true;
  /** what a page shows: `suppression.display` ("*") */
  display: string;
}

export interface StatusCells {
  eligible: Count;
  needsReview: Count;
  ineligible: Count;
  total: Count;
}

/** Aggregate feasibility report, `schema` + `version` identify the format (docs/report-schema.md). */
export interface AggregateReport {
  schema: "cohort-prescreener/aggregate-report";
  version: 2;
  generated: string;
  /** present only when suppression is off: the site's own copy, never to be shared */
  notForSharing?: string;
  protocol: { id: string; title: string; version: string };
  parameters: Record<string, number | string | boolean>;
  /**
   * `fingerprint`: of the extract (ledger-file.ts extractFingerprint; identifies no patient), so
   * a later report of the same extract can be audited with this one
   */
  source: { name?: string; fingerprint?: string; rows: Count };
  suppression: {
    enabled: boolean;
    threshold: number;
    /** the one symbol every unpublished count shows */
    display: string;
    /** the protection rule applied, in words */
    rule: string;
    /** how the rule was checked: solver, number of solves, unpublished counts proven safe */
    audit?: { solver: string; solves: number; cellsChecked: number; reports: number };
  };
  headline: StatusCells & { eligibleRange: [Count, Count] };
  /** criteria set aside by the user: not part of any count below */
  criteriaSetAside: string[];
  funnel: {
    start: Count;
    steps: (AttritionInput & {
      /** remainingHigh - remainingLow: still possible but with an unknown so far */
      unknownRemaining: Count;
    })[];
  };
  /** the funnel as an ATLAS attrition table (attrition.ts): percentages of published counts */
  attrition: AttritionRow[];
  criteria: {
    id: string;
    kind: "inclusion" | "exclusion";
    label: string;
    failing: Count;
    unknown: Count;
    pass: Count;
    siteAssessed: Count;
    failingAlone: Count;
    unknownAlone: Count;
  }[];
  combinations: {
    rowsWithAnyFail: Count;
    sets: { criteria: string[]; count: Count }[];
    otherRows: Count;
  };
  subgroups: {
    name: string;
    groups: (StatusCells & { value: string | null })[];
    totals: StatusCells;
  }[];
  /** subgroup columns asked for but not published, with the reason (patient ids, too few) */
  subgroupsRefused: { name: string; reason: string }[];
  /**
   * The share of patients with a value per variable asked for (ReportOptions.completeness), a
   * band of whole percents (completeness.ts) audited with the counts, or the hidden marker
   */
  completeness?: { variable: string; share: string }[];
}

export interface ReportMeta {
  protocol: { id: string; title: string; version: string };
  parameters: Record<string, number | string | boolean>;
  /** ISO date (or date-time) of the run */
  date: string;
  source?: { name?: string; fingerprint?: string };
}

export interface ReportOptions {
  /** counts 1..threshold-1 are suppressed; default 11, never below 5 (checkThreshold) */
  threshold?: number;
  /** the loaded solver (loadSolver); default the one already loaded in this process or page */
  solver?: Highs;
  /** the protocol's patient-id column: never a subgroup */
  idColumn?: string;
  /**
   * Reports already exported from the same extract (their records): the new report is audited
   * together with them, so no difference between reports narrows a hidden count.
   */
  earlier?: readonly ReportRecord[];
  /** receives this report's record, to audit later exports of the same extract with it */
  record?: (r: ReportRecord) => void;
  /** default true */
  suppression?: boolean;
  /** funnel order as criterion indices; default protocol order */
  order?: number[];
  /** how many combinations to list; default 10 */
  topCombinations?: number;
  subgroups?: { name: string; codes: CodeArray; dict: readonly string[] }[];
  /** variables whose completeness the report prints: their bands join the audit */
  completeness?: readonly CompletenessInput[];
}
