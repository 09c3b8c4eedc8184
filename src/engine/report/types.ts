import type { CodeArray } from "../types.ts";

/** A count as published: a number, or a marker when suppressed. */
export type Count = number | SuppressedCount;

export interface SuppressedCount {
  /** primary: the true count is 1..threshold-1; secondary: hidden so a primary cannot be worked out */
  suppressed: "primary" | "secondary";
  /** what a page shows: "<11" for primary, "*" for secondary */
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
  version: 1;
  generated: string;
  protocol: { id: string; title: string; version: string };
  parameters: Record<string, number | string | boolean>;
  source: { name?: string; rows: Count };
  suppression: {
    enabled: boolean;
    threshold: number;
    primaryDisplay: string;
    secondaryDisplay: string;
  };
  headline: StatusCells & { eligibleRange: [Count, Count] };
  /** criteria set aside by the user: not part of any count below */
  criteriaSetAside: string[];
  funnel: {
    start: Count;
    steps: {
      id: string;
      label: string;
      remainingLow: Count;
      remainingHigh: Count;
      removedLow: Count;
      removedHigh: Count;
      /** remainingHigh - remainingLow: still possible but with an unknown so far */
      unknownRemaining: Count;
    }[];
  };
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
}

export interface ReportMeta {
  protocol: { id: string; title: string; version: string };
  parameters: Record<string, number | string | boolean>;
  /** ISO date (or date-time) of the run */
  date: string;
  source?: { name?: string };
}

export interface ReportOptions {
  /** counts 1..threshold-1 are suppressed; default 11 */
  threshold?: number;
  /** default true */
  suppression?: boolean;
  /** funnel order as criterion indices; default protocol order */
  order?: number[];
  /** how many combinations to list; default 10 */
  topCombinations?: number;
  subgroups?: { name: string; codes: CodeArray; dict: readonly string[] }[];
}
