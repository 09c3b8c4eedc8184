/**
 * What users take away: per-patient CSV, the scenario JSON (protocol + what-if + mapping),
 * the edit list. Built as Blob parts in chunks so 1M rows never become one giant string.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import { STATUS_WORDS, VERDICT_WORDS } from "../engine/types.ts";
import { csvCell } from "../engine/csv-cell.ts";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../engine/json-depth.ts";
import { validateProtocol } from "../engine/protocol/validate.ts";
import { parseJsonText, schemaChecker } from "../engine/documents/schema-check.ts";
import { SCENARIO_SCHEMA } from "../engine/documents/scenario-schema.ts";
import { compileProtocol } from "../engine/compile-protocol.ts";
import { formatStored } from "./cell-edit.ts";
import type { Overrides } from "./engine-api.ts";
import type { Mapping } from "../ingest/map/mapping.ts";
import { toMapping, type MappingChoice } from "./mapping-model.ts";
import type { ScreenState } from "./screen.svelte.ts";
import { scenarioEdits, type ScenarioEdits } from "./scenario.ts";
import { own } from "../engine/user-keys.ts";

/**
 * Per-patient CSV: id, status, one verdict column per criterion, optionally the raw columns.
 * `rows` (the grid's shown order: filtered, sorted) limits and orders the rows; all rows in
 * file order when absent.
 */
export function patientCsvParts(
  s: ScreenState,
  withRaw: boolean,
  chunk = 20_000,
  rows?: Int32Array,
): string[] {
  const idName = s.protocol.idVariable ?? "patient_id";
  const idCol = own(s.table.columns, idName);
  const raw = withRaw ? Object.entries(s.table.columns).filter(([n]) => n !== idName) : [];
  const header = [
    idName,
    "status",
    ...s.protocol.criteria.map((c) => c.id),
    ...raw.map(([n]) => n),
  ];
  const parts = [header.map(csvCell).join(",") + "\n"];
  const n = rows ? rows.length : s.table.nRows;
  for (let start = 0; start < n; start += chunk) {
    const lines: string[] = [];
    for (let j = start; j < Math.min(n, start + chunk); j++) {
      const i = rows ? rows[j]! : j;
      const cells = [
        csvCell(idCol ? formatStored(idCol, i) : String(i + 1)),
        STATUS_WORDS[s.status[i] as 0 | 1 | 2],
        ...s.verdicts.map((v) => VERDICT_WORDS[v[i] as 0 | 1 | 2 | 3]),
      ];
      for (const [, col] of raw) cells.push(csvCell(formatStored(col, i)));
      lines.push(cells.join(","));
    }
    parts.push(lines.join("\n") + "\n");
  }
  return parts;
}

export interface ScenarioFile extends ScenarioEdits {
  kind: "cohort-prescreener/scenario";
  version: 1;
  protocolId: string;
  /** included when the protocol is not a built-in */
  protocol?: Protocol;
  overrides: Overrides;
  disabled: string[];
  /** the column mapping, in the ingest's Mapping format */
  mapping?: Mapping;
  order?: string[];
}

export function scenarioJson(
  s: ScreenState,
  mapping: readonly MappingChoice[],
  includeProtocol: boolean,
): string {
  const file: ScenarioFile = {
    kind: "cohort-prescreener/scenario",
    version: 1,
    protocolId: s.protocol.id,
    ...(includeProtocol ? { protocol: s.protocol } : {}),
    overrides: { ...s.overrides },
    disabled: s.protocol.criteria.filter((_, k) => !s.enabled[k]).map((c) => c.id),
    mapping: toMapping(s.protocol.id, mapping),
    order: s.order.map((k) => s.protocol.criteria[k]!.id),
    ...scenarioEdits(s.written, s),
  };
  return JSON.stringify(file, null, 2);
}

const checkScenario = schemaChecker(SCENARIO_SCHEMA, { doc: "docs/documents.md" });

/**
 * Parses a scenario file: a syntax error with its line and column, then every problem with its
 * JSON path (`s.json: /cellEdits/0/row`), its embedded protocol checked as a protocol file is.
 * Nothing is thrown.
 */
export function parseScenario(
  text: string,
  where = "scenario",
): { scenario?: ScenarioFile; problems: Problem[] } {
  const parsed = parseJsonText(text, where);
  if (!parsed.ok) return { problems: [parsed.problem] };
  const data = parsed.value;
  const refuse = (message: string) => ({
    problems: [{ where, message, severity: "error" as const }],
  });
  if (jsonDepthExceeds(data, MAX_JSON_DEPTH))
    return refuse("nested too deeply: not a scenario file");
  const f = data as Partial<ScenarioFile> | null;
  if (!f || typeof f !== "object" || f.kind !== "cohort-prescreener/scenario")
    return refuse(`not a scenario file (expected "kind": "cohort-prescreener/scenario")`);
  const problems = checkScenario(data).map((p) => ({ ...p, where: `${where}: ${p.where}` }));
  // an embedded protocol is checked as a protocol file is (`prescreen check`): schema, names,
  // rules; a scenario whose protocol would not run changes nothing
  if (f.protocol !== null && typeof f.protocol === "object" && !Array.isArray(f.protocol)) {
    const v = validateProtocol(f.protocol);
    const found = v.protocol ? compileProtocol(v.protocol).problems : v.problems;
    for (const p of found.filter((x) => x.severity === "error"))
      problems.push({
        ...p,
        where: `${where}: protocol${p.where.startsWith("/") ? p.where : ` ${p.where}`}`,
      });
    if (v.protocol && v.protocol.id !== f.protocolId)
      problems.push({
        where: `${where}: /protocolId`,
        message: `the embedded protocol's id "${v.protocol.id}" is not "protocolId" ("${String(f.protocolId)}")`,
        severity: "error",
      });
  }
  return problems.length ? { problems } : { scenario: f as ScenarioFile, problems };
}

/** The edit list as CSV (row, patient, column, before, after). */
export function editsCsv(s: ScreenState): string {
  const idName = s.protocol.idVariable ?? "patient_id";
  const idCol = own(s.table.columns, idName);
  const lines = ["row,patient,column,new_value"];
  for (const e of s.edits) {
    const id = idCol ? formatStored(idCol, e.row) : String(e.row + 1);
    lines.push([String(e.row + 1), csvCell(id), csvCell(e.column), csvCell(e.text)].join(","));
  }
  return lines.join("\n") + "\n";
}

/** Triggers a download of a Blob made on the page (no network). */
export function download(name: string, parts: BlobPart[], type: string) {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
