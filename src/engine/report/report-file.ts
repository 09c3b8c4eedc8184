/**
 * An earlier report file read for the ledger (the app's "add an earlier report…", `prescreen
 * report --ledger`): its JSON text parsed, checked against the report's schema, then matched to
 * this extract. Every problem comes back with its JSON path; nothing is thrown. Apart from
 * index.ts: the JSON Schema library must stay out of the workers (see mapping-document.ts).
 *
 * @example
 * const r = readReportFile("base.json", text, { protocolId: "ln-cd19-cd70", rows: 5000 });
 * if (r.problems) show(r.problems); // [{ where: "base.json: /headline/total", ... }]
 */
import type { Problem } from "../protocol/types.ts";
import { REPORT_DOCUMENT_SCHEMA } from "../documents/report-schema.ts";
import { parseJsonText, schemaChecker } from "../documents/schema-check.ts";
import { REPORT_SCHEMA } from "./build-report.ts";
import { recordFromFile, type ExtractId } from "./ledger-file.ts";
import type { ReportRecord } from "./series.ts";

const checkReport = schemaChecker(REPORT_DOCUMENT_SCHEMA, { doc: "docs/report-schema.md" });

export function readReportFile(
  name: string,
  text: string,
  extract: ExtractId,
): { record: ReportRecord; problems?: undefined } | { record?: undefined; problems: Problem[] } {
  const parsed = parseJsonText(text, name);
  if (!parsed.ok) return { problems: [parsed.problem] };
  const doc = parsed.value as { schema?: unknown; version?: unknown } | null;
  const refuse = (message: string) => ({
    problems: [{ where: name, message, severity: "error" as const }],
  });
  // another kind of document is named as such, not listed field by field
  if (doc === null || typeof doc !== "object" || doc.schema !== REPORT_SCHEMA)
    return refuse(`not an aggregate report (${REPORT_SCHEMA})`);
  if (doc.version !== 2) return refuse(`report version ${JSON.stringify(doc.version)}, expected 2`);
  const problems = checkReport(doc).map((p) => ({ ...p, where: `${name}: ${p.where}` }));
  if (problems.length > 0) return { problems };
  const r = recordFromFile(name, doc, extract);
  return r.record ? { record: r.record } : refuse(r.error);
}
