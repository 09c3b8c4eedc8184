/**
 * Row filters the analysis panel sets (a click on a bar or count) and their masks over rows.
 * Counting is the ResultSet's job (src/engine/results); this module only translates clicks.
 */
import type { ResultSet, RowFilter as EngineFilter } from "../engine/results/index.ts";
import type { CodeArray, Status, Verdict } from "../engine/types.ts";

export type RowFilter =
  | { kind: "status"; status: Status }
  | { kind: "verdict"; criterion: number; verdict: Verdict }
  | { kind: "failAlone"; criterion: number }
  | { kind: "combination"; criteria: number[] }
  | { kind: "subgroup"; column: string; value: string | null; status?: Status };

const STATUS = ["eligible", "needs review", "ineligible"];
const VERDICT = ["pass", "fail", "unknown", "site-assessed"];

export function filterLabel(f: RowFilter, ids: readonly string[]): string {
  switch (f.kind) {
    case "status":
      return `status: ${STATUS[f.status]}`;
    case "verdict":
      return `${ids[f.criterion] ?? "?"}: ${VERDICT[f.verdict]}`;
    case "failAlone":
      return `failing only ${ids[f.criterion] ?? "?"}`;
    case "combination":
      return `failing exactly ${f.criteria.map((k) => ids[k] ?? "?").join(" + ")}`;
    case "subgroup":
      return `${f.column} = ${f.value ?? "(missing)"}${f.status === undefined ? "" : `, ${STATUS[f.status]}`}`;
  }
}

function toEngine(f: RowFilter): EngineFilter | null {
  switch (f.kind) {
    case "status":
      return { status: f.status };
    case "verdict":
      return { criterion: f.criterion, verdict: f.verdict };
    case "failAlone":
      return { failingAlone: f.criterion };
    case "combination":
      return { combination: f.criteria };
    case "subgroup":
      return null;
  }
}

/** 0/1 mask of the rows a filter selects. */
export function rowMask(
  f: RowFilter,
  rs: ResultSet,
  status: Uint8Array,
  category: (name: string) => { codes: CodeArray; dict: readonly string[] } | undefined,
): Uint8Array {
  const n = rs.nRows;
  const m = new Uint8Array(n);
  const ef = toEngine(f);
  if (ef) {
    for (const i of rs.rowsWhere(ef)) m[i] = 1;
    return m;
  }
  if (f.kind !== "subgroup") return m;
  const col = category(f.column);
  if (!col) return m;
  const code = f.value === null ? -1 : col.dict.indexOf(f.value);
  for (let i = 0; i < n; i++)
    m[i] = col.codes[i] === code && (f.status === undefined || status[i] === f.status) ? 1 : 0;
  return m;
}
