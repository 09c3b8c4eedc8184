export { buildReport, REPORT_SCHEMA } from "./build-report.ts";
export { Ledger, suppress, type Cell, type Relation, type Suppression } from "./ledger.ts";
export type * from "./types.ts";
