/**
 * ag-grid column definitions over typed arrays. Rows are `{ i }` index objects; every value
 * is read through a valueGetter from the screen's arrays, so no per-row copies of the data.
 * Sorting is not ag-grid's: `sortSpecs` turns its sort model into typed-array keys for
 * `viewOrder` (order.ts), which the infinite row model's datasource reads.
 */
import { formatInt } from "../charts/format.ts";
import type { ColDef, ValueGetterParams } from "ag-grid-community";
import { CriterionHeader, type HeaderBoard, type HeaderInfo } from "./header.ts";
import { formatStored, sortKey } from "../../app/cell-edit.ts";
import type { ScreenState } from "../../app/screen.svelte.ts";
import { rowArray, type Column } from "../../engine/types.ts";
import { categoryKey, type SortSpec } from "./order.ts";
import { scopeOf } from "../../engine/compile-protocol.ts";
import { Checker } from "../../engine/lang/check.ts";
import { resolveParams } from "../../engine/lang/scope.ts";
import type { Protocol } from "../../engine/protocol/types.ts";
import { ruleText } from "../../app/scenario.ts";
import { criterionSources } from "../../events/sources.ts";
import { own } from "../../engine/user-keys.ts";

export interface Row {
  i: number;
}

export const SYMBOLS = ["✓", "✗", "?", "S"] as const;
export const VERDICT_CLASS = ["v-pass", "v-fail", "v-unknown", "v-site"] as const;
export const STATUS_TEXT = ["Eligible", "Needs review", "Ineligible"] as const;
export const STATUS_CLASS = ["s-eligible", "s-review", "s-ineligible"] as const;

const rowOf = (p: { data?: Row }) => p.data?.i ?? -1;

/** What a criterion header shows right now (read by the header components on refresh). */
export function headerInfo(s: ScreenState, colId: string): HeaderInfo | undefined {
  const k = s.protocol.criteria.findIndex((c) => `c:${c.id}` === colId);
  const c = s.protocol.criteria[k];
  if (!c) return undefined;
  const off = !s.enabled[k];
  const fails = s.perCriterion[k]?.failing ?? 0;
  const was = s.written.criteria.find((x) => x.id === c.id);
  const now = ruleText(c);
  const edited = !was || ruleText(was) !== now;
  const change = !edited
    ? ""
    : was
      ? `\n✎ Rule edited. Now: ${now}\nAs written: ${ruleText(was)}`
      : `\n✎ Criterion added: ${now}`;
  return {
    title: `${edited ? "✎ " : ""}${c.id} · ${c.label}`,
    sub: off ? "set aside" : c.siteAssessed ? "site-assessed" : `✗ ${formatInt(fails)}`,
    tooltip: `${c.id} · ${c.label} (${c.kind}) — ${c.text}${off ? " [set aside]" : ""}${change}`,
    off,
    edited,
  };
}

/** Per criterion, the variables its rule reads (derived values expanded); [] when it has none. */
export function criterionVariables(p: Protocol): string[][] {
  const checker = new Checker(scopeOf(p, resolveParams(p, {}, {}).params));
  return p.criteria.map((c) =>
    c.rule ? [...(checker.checkRule(c.rule).checked?.variables ?? [])] : [],
  );
}

const readsOf = new WeakMap<Protocol, string[][]>();

/** Event data: for each variable criterion `k` reads that was picked from one event, that event. */
function fromEvents(s: ScreenState, k: number, i: number): string {
  if (!s.sources) return "";
  let reads = readsOf.get(s.protocol);
  if (!reads) readsOf.set(s.protocol, (reads = criterionVariables(s.protocol)));
  const lines = criterionSources(s.sources, reads[k] ?? [], i);
  return lines.length ? `\nFrom the events: ${lines.join("; ")}` : "";
}

export interface ColumnOptions {
  /** raw columns right after the first criterion that reads them (else all at the end) */
  rawBeside?: boolean;
  /** column ids the column chooser hid */
  hidden?: ReadonlySet<string>;
  /** per row, the number of criteria failed (adds the "✗ n" column) */
  failCounts?: () => Uint8Array;
}

/** How many criteria in force row `i` fails. */
function failsAt(s: ScreenState, i: number): number {
  let n = 0;
  s.verdicts.forEach((v, k) => {
    if (s.enabled[k] !== false && v[i] === 1) n++;
  });
  return n;
}

/** Criterion columns are narrow (a symbol per cell): ~10 fit beside the panel at 1440 px. */
export const CRITERION_WIDTH = 80;

export function buildColumns(
  s: ScreenState,
  showRaw: boolean,
  onEditError: (msg: string) => void,
  board?: HeaderBoard,
  opts: ColumnOptions = {},
): ColDef<Row>[] {
  const idName = s.protocol.idVariable ?? "patient_id";
  const idCol = own(s.table.columns, idName);
  const cols: ColDef<Row>[] = [
    {
      colId: "id",
      headerName: "Patient",
      pinned: "left",
      width: 108,
      valueGetter: (p: ValueGetterParams<Row>) => {
        const i = rowOf(p);
        return idCol && i >= 0 ? formatStored(idCol, i) : String(i + 1);
      },
    },
    {
      colId: "status",
      headerName: "Status",
      pinned: "left",
      width: 116,
      valueGetter: (p) => s.status[rowOf(p)] ?? 0,
      valueFormatter: (p) => STATUS_TEXT[p.value as 0 | 1 | 2] ?? "",
      cellClass: (p) => `status ${STATUS_CLASS[p.value as 0 | 1 | 2] ?? ""}`,
    },
  ];
  const failCounts = opts.failCounts;
  if (failCounts)
    cols.push({
      colId: "fails",
      headerName: "✗ n",
      headerTooltip: "Criteria failed (1 = near miss: fails exactly one)",
      pinned: "left",
      width: 64,
      // counted for the rows drawn only: the whole column (failCounts) is built when a sort,
      // a filter or an export asks for it, not on the main thread while the grid first draws
      valueGetter: (p) => failsAt(s, rowOf(p)),
      cellClass: (p) => `fails${p.value === 1 ? " near" : ""}`,
    });
  const crits: ColDef<Row>[] = [];
  s.protocol.criteria.forEach((c, k) => {
    const off = (): boolean => !s.enabled[k];
    crits.push({
      colId: `c:${c.id}`,
      headerName: `${c.id} ${c.label}`,
      ...(board ? { headerComponent: CriterionHeader, headerComponentParams: { board } } : {}),
      width: CRITERION_WIDTH,
      valueGetter: (p) => s.verdicts[k]?.[rowOf(p)] ?? 2,
      valueFormatter: (p) => SYMBOLS[p.value as 0 | 1 | 2 | 3] ?? "",
      cellClass: (p) =>
        `verdict ${VERDICT_CLASS[p.value as 0 | 1 | 2 | 3] ?? ""}${off() ? " off" : ""}`,
      tooltipValueGetter: (p) => {
        const i = rowOf(p as { data?: Row });
        const v = s.verdicts[k]?.[i] ?? 2;
        const word = ["pass", "fail", "unknown", "site-assessed"][v];
        return i >= 0
          ? `${c.id} ${c.kind} — ${word}\n${s.explain(k, i)}${fromEvents(s, k, i)}`
          : "";
      },
    });
  });
  const raws = new Map<string, ColDef<Row>>();
  if (showRaw) {
    for (const [name, col] of Object.entries(s.table.columns)) {
      if (name === idName) continue;
      raws.set(name, {
        colId: `r:${name}`,
        headerName: name,
        headerClass: "raw-head",
        width: 120,
        editable: true,
        valueGetter: (p) => {
          const i = rowOf(p);
          return i >= 0 ? sortKey(col, i) : "";
        },
        valueFormatter: (p) => {
          const i = rowOf(p);
          return i >= 0 ? formatStored(col, i) : "";
        },
        comparator: (a, b) => compareKeys(a as number | string, b as number | string),
        valueSetter: (p) => {
          const i = rowOf(p);
          const text = p.newValue == null ? "" : String(p.newValue);
          void s.editCell(i, name, text).then((problem) => {
            if (problem) onEditError(problem.message);
          });
          return false;
        },
        cellClass: (p) => `raw${s.isEdited(rowOf(p), name) ? " edited" : ""}`,
      });
    }
  }
  if (opts.rawBeside && raws.size) {
    const reads = criterionVariables(s.protocol);
    crits.forEach((def, k) => {
      cols.push(def);
      for (const v of reads[k] ?? []) {
        const raw = raws.get(v);
        if (raw) cols.push(raw);
        raws.delete(v);
      }
    });
  } else cols.push(...crits);
  cols.push(...raws.values());
  for (const c of cols) c.hide = opts.hidden?.has(c.colId!) ?? false;
  return cols;
}

const VERDICT_TEXT = ["pass", "fail", "unknown", "site-assessed"] as const;

/**
 * A cell's text as copied or exported for data row `i`: ids and raw values as stored, the
 * status as shown, verdicts as the words of the per-patient CSV (the ✓ ✗ ? S symbols say
 * nothing once pasted elsewhere).
 */
export function cellText(s: ScreenState, colId: string, i: number): string {
  if (i < 0 || i >= s.table.nRows) return "";
  if (colId === "id") {
    const idCol = own(s.table.columns, s.protocol.idVariable ?? "patient_id");
    return idCol ? formatStored(idCol, i) : String(i + 1);
  }
  if (colId === "status") return STATUS_TEXT[s.status[i] as 0 | 1 | 2] ?? "";
  if (colId === "fails") {
    let n = 0;
    s.verdicts.forEach((v, k) => (n += s.enabled[k] !== false && v[i] === 1 ? 1 : 0));
    return String(n);
  }
  if (colId.startsWith("c:")) {
    const k = s.protocol.criteria.findIndex((c) => `c:${c.id}` === colId);
    return VERDICT_TEXT[(s.verdicts[k]?.[i] ?? 2) as 0 | 1 | 2 | 3];
  }
  if (colId.startsWith("r:")) {
    const col = own(s.table.columns, colId.slice(2));
    return col ? formatStored(col, i) : "";
  }
  return "";
}

/** Missing values sort last; numbers before strings. */
export function compareKeys(a: number | string, b: number | string): number {
  const am = a === "" || (typeof a === "number" && Number.isNaN(a));
  const bm = b === "" || (typeof b === "number" && Number.isNaN(b));
  if (am || bm) return am === bm ? 0 : am ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/** Typed-array sort keys for ag-grid's sort model (unknown columns are skipped). */
export function sortSpecs(
  s: ScreenState,
  model: readonly { colId: string; sort: "asc" | "desc" }[],
  failCounts?: Uint8Array,
): SortSpec[] {
  const idName = s.protocol.idVariable ?? "patient_id";
  const n = s.table.nRows;
  const out: SortSpec[] = [];
  for (const { colId, sort } of model) {
    const desc = sort === "desc";
    let key: SortSpec["key"] | undefined;
    if (colId === "status") key = s.status;
    else if (colId === "fails") key = failCounts;
    else if (colId.startsWith("c:")) {
      const k = s.protocol.criteria.findIndex((c) => `c:${c.id}` === colId);
      key = s.verdicts[k];
    } else if (colId === "id") {
      const col = own(s.table.columns, idName);
      key = col ? columnKey(col, n) : undefined;
    } else if (colId.startsWith("r:")) {
      const col = own(s.table.columns, colId.slice(2));
      key = col ? columnKey(col, n) : undefined;
    }
    if (key) out.push({ key, desc });
  }
  return out;
}

/** One number per row that sorts like the column's values (see sortKey in cell-edit.ts). */
function columnKey(col: Column, n: number): SortSpec["key"] {
  // numbers (by their lower bound), dates and booleans sort by their row array as it is
  return col.kind === "category" ? categoryKey(col.codes, col.dict, n) : rowArray(col);
}
