/**
 * Aggregate feasibility report for sharing: counts only, never rows. Small cells (1 .. t-1)
 * are shown as "<t". NOTE: this is primary suppression only; complementary suppression is
 * the job of src/engine/report, which replaces `suppressCell` here once it lands.
 */
import type { ScreenState } from "./screen.svelte.ts";

export type Cell = number | { suppressed: true; display: string };

export interface AggregateReport {
  schema: "cohort-prescreener/report";
  version: 1;
  generated: string;
  protocol: { id: string; title: string; version: string };
  rows: number;
  suppression: { threshold: number; method: string };
  changed: { name: string; value: unknown; default: unknown }[];
  setAside: string[];
  headline: { eligible: Cell; needsReview: Cell; ineligible: Cell };
  funnel: { index: number; id: string; label: string; lower: Cell; upper: Cell }[];
  criteria: { index: number; id: string; label: string; fail: Cell; unknown: Cell; alone: Cell }[];
  subgroups?: {
    column: string;
    groups: { group: string; eligible: Cell; needsReview: Cell; ineligible: Cell }[];
  };
}

export function suppressCell(n: number, t: number): Cell {
  return t > 1 && n > 0 && n < t ? { suppressed: true, display: `<${t}` } : n;
}

export function aggregateReport(
  s: ScreenState,
  _fileName: string,
  threshold: number,
): AggregateReport {
  const cell = (n: number) => suppressCell(n, threshold);
  const c = s.counts;
  const crit = s.protocol.criteria;
  return {
    schema: "cohort-prescreener/report",
    version: 1,
    generated: new Date().toISOString().slice(0, 10),
    protocol: { id: s.protocol.id, title: s.protocol.title, version: s.protocol.version },
    rows: c.total,
    suppression: { threshold, method: threshold ? "primary" : "none" },
    changed: Object.entries(s.overrides).map(([name, value]) => ({
      name,
      value,
      default: s.paramDefault(name),
    })),
    setAside: crit.filter((_, k) => !s.enabled[k]).map((x) => x.id),
    headline: {
      eligible: cell(c.eligible),
      needsReview: cell(c.needsReview),
      ineligible: cell(c.ineligible),
    },
    funnel: s.funnel.steps.map((st) => ({
      index: st.index,
      id: st.id,
      label: st.label,
      lower: cell(st.remainingLow),
      upper: cell(st.remainingHigh),
    })),
    criteria: s.perCriterion
      .filter((p) => p.enabled)
      .map((p) => ({
        index: p.index,
        id: p.id,
        label: p.label,
        fail: cell(p.failing),
        unknown: cell(p.unknown),
        alone: cell(p.failingAlone),
      })),
    ...(s.subgroups.length
      ? {
          subgroups: {
            column: s.subgroupColumn,
            groups: s.subgroups.map((g) => ({
              group: g.value ?? "(missing)",
              eligible: cell(g.eligible),
              needsReview: cell(g.needsReview),
              ineligible: cell(g.ineligible),
            })),
          },
        }
      : {}),
  };
}

export function reportJson(r: AggregateReport): string {
  return JSON.stringify(r, null, 2);
}
