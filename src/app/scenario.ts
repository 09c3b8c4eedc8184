/**
 * A scenario is everything that differs from the protocol as written: parameter values,
 * criteria set aside, rules edited (old and new text), criteria added or removed, and cells
 * edited by hand. `differences` lists them in one place for the What-if tab, the exported
 * scenario, the report and its JSON, so nothing that was changed can go unmentioned.
 *
 * @example
 * differences(written, screen).map(describeDifference);
 * // ["UPCR threshold: 0.5 → 0.3 g/g", "I5 rule: sledai >= 6 → sledai >= 4", …]
 */
import type { Protocol, ProtocolCriterion } from "../engine/protocol/types.ts";
import type { ParamValue } from "./engine-api.ts";
import type { Table } from "../engine/types.ts";
import { formatStored, storedText, type Edit } from "./cell-edit.ts";
import { own, userRecord } from "../engine/user-keys.ts";

export type Difference =
  | {
      kind: "parameter";
      name: string;
      label: string;
      from: ParamValue | undefined;
      to: ParamValue;
      unit?: string;
    }
  | { kind: "set-aside"; id: string; label: string }
  | { kind: "rule"; id: string; label: string; from: string; to: string }
  | { kind: "added"; id: string; label: string; rule: string }
  | { kind: "removed"; id: string; label: string; rule: string }
  | {
      kind: "cell";
      row: number;
      patient: string;
      column: string;
      from: string;
      to: string;
    };

/** What a scenario changes, read from the running screen. */
export interface ScenarioState {
  protocol: Protocol;
  overrides: Readonly<Record<string, ParamValue>>;
  enabled: readonly boolean[];
  edits: readonly Edit[];
  table: Table;
}

/** A criterion's rule as text ("site-assessed: …" when it has none). */
export function ruleText(c: ProtocolCriterion): string {
  return c.rule ?? `site-assessed: ${c.siteAssessed ?? ""}`;
}

export function differences(written: Protocol, s: ScenarioState): Difference[] {
  const out: Difference[] = [];
  const p = s.protocol;
  for (const def of p.parameters) {
    const to = own(s.overrides, def.name);
    if (to === undefined) continue;
    const from = written.parameters.find((x) => x.name === def.name)?.default ?? def.default;
    if (to === from) continue;
    out.push({
      kind: "parameter",
      name: def.name,
      label: def.label ?? def.name,
      from,
      to,
      ...(def.unit ? { unit: def.unit } : {}),
    });
  }
  // parameter defaults changed in the protocol itself count too
  for (const def of p.parameters) {
    const was = written.parameters.find((x) => x.name === def.name);
    if (was && was.default !== def.default && own(s.overrides, def.name) === undefined)
      out.push({
        kind: "parameter",
        name: def.name,
        label: def.label ?? def.name,
        from: was.default,
        to: def.default,
        ...(def.unit ? { unit: def.unit } : {}),
      });
  }
  const before = new Map(written.criteria.map((c) => [c.id, c]));
  const now = new Set(p.criteria.map((c) => c.id));
  p.criteria.forEach((c, k) => {
    const old = before.get(c.id);
    if (!old) out.push({ kind: "added", id: c.id, label: c.label, rule: ruleText(c) });
    else if (ruleText(old) !== ruleText(c))
      out.push({ kind: "rule", id: c.id, label: c.label, from: ruleText(old), to: ruleText(c) });
    if (s.enabled[k] === false) out.push({ kind: "set-aside", id: c.id, label: c.label });
  });
  for (const c of written.criteria)
    if (!now.has(c.id)) out.push({ kind: "removed", id: c.id, label: c.label, rule: ruleText(c) });
  const idCol = own(s.table.columns, p.idVariable ?? "patient_id");
  for (const e of s.edits) {
    const col = own(s.table.columns, e.column);
    out.push({
      kind: "cell",
      row: e.row,
      patient: idCol ? formatStored(idCol, e.row) : String(e.row + 1),
      column: e.column,
      from: col ? storedText(col, e.before) : "",
      to: e.text,
    });
  }
  return out;
}

const show = (v: ParamValue | undefined) => (v === undefined ? "(none)" : String(v));
const cell = (t: string) => (t === "" ? "(missing)" : t);

/** One line of plain words per difference. */
export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case "parameter":
      return `${d.label}: ${show(d.from)} → ${show(d.to)}${d.unit ? ` ${d.unit}` : ""}`;
    case "set-aside":
      return `${d.id} ${d.label}: set aside (not applied)`;
    case "rule":
      return `${d.id} ${d.label}: rule edited from \`${d.from}\` to \`${d.to}\``;
    case "added":
      return `${d.id} ${d.label}: criterion added (\`${d.rule}\`)`;
    case "removed":
      return `${d.id} ${d.label}: criterion removed (was \`${d.rule}\`)`;
    case "cell":
      return `patient ${d.patient}, ${d.column}: ${cell(d.from)} → ${cell(d.to)} (edited by hand)`;
  }
}

/** The criterion ids whose rule differs from the protocol as written (header markers). */
export function editedRules(written: Protocol, p: Protocol): Set<string> {
  const before = new Map(written.criteria.map((c) => [c.id, c]));
  return new Set(
    p.criteria
      .filter((c) => {
        const old = before.get(c.id);
        return !old || ruleText(old) !== ruleText(c);
      })
      .map((c) => c.id),
  );
}

/** What a scenario file adds to parameters and set-aside criteria (all optional, additive). */
export interface ScenarioEdits {
  /** the protocol the scenario differs from */
  asWritten?: { id: string; version: string };
  /** every difference in plain words (for a reader of the file) */
  differences?: string[];
  /** criteria whose rule was edited, with their current rule (or site-assessed reason) */
  rules?: { id: string; rule?: string; siteAssessed?: string; asWritten: string }[];
  addedCriteria?: ProtocolCriterion[];
  removedCriteria?: string[];
  /** hand-edited cells: row (0-based, in the file), the patient's id as a check, column, text */
  cellEdits?: { row: number; patient: string; column: string; text: string }[];
}

export function scenarioEdits(written: Protocol, s: ScenarioState): ScenarioEdits {
  const diffs = differences(written, s);
  const byId = new Map(s.protocol.criteria.map((c) => [c.id, c]));
  return {
    asWritten: { id: written.id, version: written.version },
    differences: diffs.map(describeDifference),
    rules: diffs.flatMap((d) => {
      const c = d.kind === "rule" ? byId.get(d.id) : undefined;
      if (!c || d.kind !== "rule") return [];
      return [
        {
          id: c.id,
          ...(c.rule !== undefined ? { rule: c.rule } : { siteAssessed: c.siteAssessed ?? "" }),
          asWritten: d.from,
        },
      ];
    }),
    addedCriteria: diffs.flatMap((d) => (d.kind === "added" ? [byId.get(d.id)!] : [])),
    removedCriteria: diffs.flatMap((d) => (d.kind === "removed" ? [d.id] : [])),
    cellEdits: diffs.flatMap((d) =>
      d.kind === "cell" ? [{ row: d.row, patient: d.patient, column: d.column, text: d.to }] : [],
    ),
  };
}

/** The protocol as written with a scenario's rule edits, added and removed criteria. */
export function editedProtocol(written: Protocol, e: ScenarioEdits): Protocol {
  const p = structuredClone(written);
  for (const r of e.rules ?? []) {
    const c = p.criteria.find((x) => x.id === r.id);
    if (!c) continue;
    if (r.rule !== undefined) {
      c.rule = r.rule;
      delete c.siteAssessed;
    } else {
      c.siteAssessed = r.siteAssessed ?? "";
      delete c.rule;
    }
  }
  const removed = new Set(e.removedCriteria ?? []);
  p.criteria = [...p.criteria.filter((c) => !removed.has(c.id)), ...(e.addedCriteria ?? [])];
  return p;
}

/**
 * The scenario as the aggregate report states it: the protocol as written and every
 * difference, hand-edited cells counted per column (no patient ids in a shared report).
 */
export function reportScenario(written: Protocol, s: ScenarioState) {
  const diffs = differences(written, s);
  const cells = userRecord<number>();
  for (const d of diffs) if (d.kind === "cell") cells[d.column] = (cells[d.column] ?? 0) + 1;
  const shown = diffs.filter((d) => d.kind !== "cell").map(describeDifference);
  const nCells = Object.values(cells).reduce((a, b) => a + b, 0);
  if (nCells)
    shown.push(
      `${nCells} ${nCells === 1 ? "value" : "values"} edited by hand (${Object.entries(cells)
        .map(([c, n]) => `${c}: ${n}`)
        .join(", ")})`,
    );
  return {
    protocolAsWritten: { id: written.id, version: written.version },
    whatIf: diffs.length > 0,
    differences: shown,
    editedCells: cells,
  };
}
