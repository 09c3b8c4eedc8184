export {
  buildReport,
  HIDDEN,
  planReport,
  REPORT_SCHEMA,
  ReportError,
  ruleText,
} from "./build-report.ts";
export { runAudit, type AuditJob, type AuditProgress, type AuditResult } from "./audit.ts";
export { Ledger, suppress, type Cell, type Relation, type Suppression } from "./ledger.ts";
export { loadSolver, loadedSolver, type Highs } from "./solver.ts";
export { checkThreshold, DEFAULT_THRESHOLD, MIN_THRESHOLD } from "./threshold.ts";
export { publishableSubgroup, rowLevelReason, OTHER_LEVEL } from "./subgroup-rule.ts";
export type * from "./types.ts";
export { type ReportRecord } from "./series.ts";
export {
  attritionRows,
  mostRestrictiveFirst,
  type AttritionInput,
  type AttritionRow,
} from "./attrition.ts";
export { extractFingerprint, recordFromFile, type ExtractId } from "./ledger-file.ts";
