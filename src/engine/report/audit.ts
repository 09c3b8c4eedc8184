/**
 * The report's audit on its own: everything it needs is plain data (cells, relations), so it
 * runs in the page, in Node or in a worker (workers/report.worker.ts) alike.
 */
import type { LinearRelation } from "./intervals.ts";
import { auditFiles } from "./file-audit.ts";
import { protect, type Need, type ProtectCell } from "./protect.ts";
import type { FreeCells } from "./series.ts";
import type { Highs } from "./solver.ts";

export interface AuditJob {
  threshold: number;
  cells: Map<string, ProtectCell>;
  relations: LinearRelation[];
  /** published cells hidden by the one-relation pass (ledger.ts suppress) */
  initial: string[];
  /** the labels of the reports exported before from the same extract */
  earlier: string[];
  /** the report joined with those reports (series.ts joinRecords), when there are some */
  joined?: {
    cells: Map<string, ProtectCell>;
    relations: LinearRelation[];
    locked: Set<string>;
    /** the counts the earlier reports hid: held to the rule with this report too */
    guarded?: string[];
    /** implied counts of the join that need no proof of their own */
    quiet?: string[];
    /** the counts of report files, whose values are not known (file-audit.ts) */
    free?: FreeCells;
  };
}

export interface AuditResult {
  /** published cells to hide */
  hidden: string[];
  solver: string;
  solves: number;
  cellsChecked: number;
  /** why no suppression protects the report (nothing may then be published) */
  failure?: string;
}

/** progress of an audit: unpublished counts proven so far, of those known to need proof */
export type AuditProgress = (proven: number, total: number) => void;

export function runAudit(highs: Highs, job: AuditJob, progress?: AuditProgress): AuditResult {
  const t = job.threshold;
  let p = protect(highs, job.cells, job.relations, t, job.initial, new Set(), true, progress);
  let checked = p.intervals.size;
  if (!p.failure && job.joined) {
    const solves = p.solves;
    const { guarded, quiet = [], free } = job.joined;
    let { locked } = job.joined;
    let { cells, relations } = job.joined;
    const rules = new Map<string, Need | null>(quiet.map((id) => [id, null]));
    let extra = 0;
    let failure: string | undefined;
    if (free) {
      const f = auditFiles(highs, cells, relations, free, t);
      ({ cells, relations } = f);
      for (const [id, r] of f.rules) rules.set(id, r);
      extra = f.solves;
      failure = f.failure;
    }
    // a count a report file published (the same count, as a reader may assume) is out: hiding
    // it again protects nothing, so it is published unless small, and needs no proof
    let initial = p.hidden;
    if (free && !failure && relations.length > job.joined.relations.length) {
      const out = free.known.filter((id) => {
        const v = cells.get(id)!.value;
        rules.set(id, null);
        return v === 0 || v >= t;
      });
      locked = new Set([...locked, ...out]);
      initial = new Set([...initial].filter((id) => !locked.has(id)));
    }
    p = failure
      ? { ...p, failure }
      : protect(highs, cells, relations, t, initial, locked, true, progress, guarded, rules);
    p.solves += solves + extra;
    checked = p.intervals.size;
  }
  const n = job.earlier.length;
  return {
    hidden: [...p.hidden],
    solver: `HiGHS ${highs.version.string}`,
    solves: p.solves,
    cellsChecked: checked,
    ...(p.failure
      ? {
          failure: n
            ? `this report would let hidden counts be worked out together with the ${n} report(s) exported before from this extract (${job.earlier.join("; ")}): ${p.failure}`
            : `the report cannot be protected: ${p.failure}`,
        }
      : {}),
  };
}
