/**
 * A report file exported earlier, added to the ledger a new report is audited with. Its record
 * is its counts and the relations between them, rebuilt from its structure (file-relations.ts):
 * the counts it hides are unknowns. Each count has the key of what it counts (series.ts
 * cellKeys): the new report's counts of the same kind are linked to them (equal, or by their
 * difference), so no small difference between the file and the new report can be published,
 * nor a hidden count of the file worked out. (Reports exported in this page, or this run, are
 * also linked per patient, through their statuses and verdicts.) The file must be of the same extract: same protocol,
 * same number of rows, and the same fingerprint when both have one.
 */
import type { Table } from "../types.ts";
import { cellKeys, type ReportRecord } from "./series.ts";
import { fileLedger } from "./file-relations.ts";
import { REPORT_SCHEMA } from "./build-report.ts";

/**
 * A fingerprint of an extract that identifies no patient: a hash of its row count, its column
 * names and kinds, and each column's count of non-missing values.
 */
export function extractFingerprint(table: Table): string {
  const parts = [String(table.nRows)];
  for (const name of Object.keys(table.columns).sort()) {
    const c = table.columns[name]!;
    let present = 0;
    if (c.kind === "number") for (const v of c.lo) present += Number(!Number.isNaN(v));
    else if (c.kind === "date") for (const v of c.days) present += Number(!Number.isNaN(v));
    else if (c.kind === "boolean") for (const v of c.values) present += Number(v !== 2);
    else for (const v of c.codes) present += Number(v >= 0);
    parts.push(`${JSON.stringify(name)}:${c.kind}:${present}`);
  }
  return `fnv1a64:${fnv1a64(parts.join("\n"))}`;
}

function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, "0");
}

/** The extract a new report is made from, to check a report file against. */
export interface ExtractId {
  protocolId: string;
  rows: number;
  fingerprint?: string;
}

type Json = Record<string, unknown>;
const obj = (x: unknown): Json | null =>
  x && typeof x === "object" && !Array.isArray(x) ? (x as Json) : null;
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/**
 * The record of a report file (its parsed JSON, of the report's schema: report-file.ts checks
 * it first), or why it cannot join the ledger (another extract, not a shareable report).
 */
export function recordFromFile(
  name: string,
  doc: unknown,
  extract: ExtractId,
): { record: ReportRecord; error?: undefined } | { record?: undefined; error: string } {
  const r = obj(doc);
  const fail = (why: string) => ({ error: why });
  if (!r || r.schema !== REPORT_SCHEMA) return fail(`not an aggregate report (${REPORT_SCHEMA})`);
  if (r.version !== 2) return fail(`report version ${String(r.version)}, expected 2`);
  const suppression = obj(r.suppression);
  if (!suppression?.enabled)
    return fail("a copy with suppression off was never shared: nothing to audit against");
  const protocol = obj(r.protocol);
  if (protocol?.id !== extract.protocolId)
    return fail(`a report of protocol ${String(protocol?.id)}, not ${extract.protocolId}`);
  const source = obj(r.source);
  if (typeof source?.rows === "number" && source.rows !== extract.rows)
    return fail(`a report of ${source.rows} rows; this extract has ${extract.rows}`);
  if (
    typeof source?.fingerprint === "string" &&
    extract.fingerprint !== undefined &&
    source.fingerprint !== extract.fingerprint
  )
    return fail("a report of another extract (its fingerprint differs)");
  const ledger = fileLedger(r);
  const steps = arr(obj(r.funnel)?.steps).map(obj);
  const criteria = arr(r.criteria).map(obj);
  const sets = arr(obj(r.combinations)?.sets).map(obj);
  const subgroups = arr(r.subgroups).map(obj);
  const keys = cellKeys(
    steps.map((s) => String(s?.id)),
    criteria.map((c) => String(c?.id)),
    sets.map((s) => arr(s?.criteria).map(String)),
    subgroups.map((sg) => ({
      name: String(sg?.name),
      levels: arr(sg?.groups).map((row) => {
        const v = obj(row)?.value;
        return typeof v === "string" ? v : null;
      }),
    })),
  );
  return {
    record: {
      label: `${name} (${String(protocol?.id)} ${JSON.stringify(r.parameters ?? {})} ${String(r.generated)})`,
      cells: ledger.cells,
      relations: ledger.relations,
      unknown: ledger.unknown,
      status: new Uint8Array(0),
      criteria: new Map(
        [...ledger.criteria].map(([id, k]) => [id, { k, verdicts: new Uint8Array(0) }]),
      ),
      steps: ledger.steps,
      keys,
      ...(typeof suppression.threshold === "number" ? { threshold: suppression.threshold } : {}),
    },
  };
}
