/**
 * Puts an edited protocol into the running screen: compiled first (a protocol with errors is
 * refused, the screen keeps running the old one), then re-screened over the same table with
 * what the analyst had set kept where it still applies: parameter overrides of parameters that
 * still exist, criteria set aside (by id), the criterion order (by id) and raw cell edits.
 */
import type { ScreenState } from "../../app/screen.svelte.ts";
import { compileProtocol } from "../../engine/compile-protocol.ts";
import type { Problem, Protocol } from "../../engine/protocol/types.ts";
import { editedProtocol, type Difference } from "../../app/scenario.ts";
import type { NamedScenario } from "../../app/named-scenarios.ts";
import { formatStored } from "../../app/cell-edit.ts";
import { own } from "../../engine/user-keys.ts";

export async function applyToScreen(
  screen: ScreenState,
  protocol: Protocol,
): Promise<{ ok: boolean; problems: Problem[] }> {
  const problems = compileProtocol(protocol).problems;
  if (problems.some((p) => p.severity === "error")) return { ok: false, problems };
  const old = screen.protocol.criteria;
  const params = new Set(protocol.parameters.map((p) => p.name));
  const overrides = Object.fromEntries(
    Object.entries(screen.overrides).filter(([name]) => params.has(name)),
  );
  const disabled = old.flatMap((c, k) => (screen.enabled[k] === false ? [c.id] : []));
  const orderIds = screen.order.map((k) => old[k]?.id);
  const edits = screen.edits.slice();
  // an edit of the same protocol keeps the protocol as written (and its baseline counts)
  const written = screen.written.id === protocol.id ? screen.written : undefined;
  const ok = await screen.open(protocol, screen.table, overrides, disabled, written);
  if (!ok) return { ok, problems: screen.problems };
  // keep the analyst's column order; new criteria go where the document puts them
  const index = new Map(protocol.criteria.map((c, k) => [c.id, k]));
  const kept = orderIds.flatMap((id) =>
    id !== undefined && index.has(id) ? [index.get(id)!] : [],
  );
  const rest = protocol.criteria.map((_, k) => k).filter((k) => !kept.includes(k));
  screen.order = mergeOrder(kept, rest);
  screen.edits = edits;
  return { ok, problems: screen.problems };
}

/** Replaces one criterion's rule and applies the protocol (the formula bar's "Enter"). */
export function applyRule(
  screen: ScreenState,
  id: string,
  rule: string,
): Promise<{ ok: boolean; problems: Problem[] }> {
  const p = structuredClone(screen.protocol);
  const c = p.criteria.find((x) => x.id === id);
  if (!c)
    return Promise.resolve({
      ok: false,
      problems: [{ where: id, message: `no criterion '${id}'`, severity: "error" }],
    });
  c.rule = rule;
  delete c.siteAssessed;
  return applyToScreen(screen, p);
}

/** Inserts each new index right after its document predecessor in the kept order. */
function mergeOrder(kept: number[], rest: number[]): number[] {
  const out = kept.slice();
  for (const k of rest) {
    const before = out.indexOf(k - 1);
    out.splice(before < 0 ? out.length : before + 1, 0, k);
  }
  return out;
}

/**
 * Back to the protocol as written: its rules and criteria, parameter defaults, no criterion
 * set aside, no cell edited.
 */
export async function resetScenario(screen: ScreenState): Promise<void> {
  for (const e of screen.edits.slice()) await screen.revertEdit(e.row, e.column);
  if (screen.protocol !== screen.written) await applyToScreen(screen, screen.written);
  await screen.resetAll();
}

/** Undoes one difference from the protocol as written, leaving the others. */
export async function undoDifference(screen: ScreenState, d: Difference): Promise<void> {
  const ids = screen.protocol.criteria.map((c) => c.id);
  if (d.kind === "cell") return screen.revertEdit(d.row, d.column);
  if (d.kind === "set-aside") return screen.setEnabled(ids.indexOf(d.id), true);
  if (d.kind === "parameter" && own(screen.overrides, d.name) !== undefined)
    return screen.resetParam(d.name);
  const p = structuredClone(screen.protocol);
  const was = screen.written;
  if (d.kind === "parameter") {
    const def = p.parameters.find((x) => x.name === d.name);
    const old = was.parameters.find((x) => x.name === d.name);
    if (def && old) def.default = old.default;
  } else if (d.kind === "added") p.criteria = p.criteria.filter((c) => c.id !== d.id);
  else {
    const at = was.criteria.findIndex((c) => c.id === d.id);
    const old = structuredClone(was.criteria[at]!);
    if (d.kind === "rule") p.criteria[ids.indexOf(d.id)] = old;
    else {
      // a removed criterion goes back after its predecessor as written
      const prev = was.criteria[at - 1]?.id;
      p.criteria.splice(
        prev === undefined ? 0 : p.criteria.findIndex((c) => c.id === prev) + 1,
        0,
        old,
      );
    }
  }
  await applyToScreen(screen, p);
}

/**
 * Switches the screen to a named scenario: back to the protocol as written, then its rule
 * edits and criteria, parameters, criteria set aside and hand-edited cells. Problems (a cell
 * whose row is another patient now, a rule that no longer compiles) are returned.
 */
export async function switchTo(screen: ScreenState, sc: NamedScenario): Promise<Problem[]> {
  const out: Problem[] = [];
  await resetScenario(screen);
  if (sc.rules?.length || sc.addedCriteria?.length || sc.removedCriteria?.length) {
    const r = await applyToScreen(screen, editedProtocol(screen.written, sc));
    if (!r.ok) out.push(...r.problems.filter((p) => p.severity === "error"));
  }
  const ids = screen.protocol.criteria.map((c) => c.id);
  for (const id of sc.disabled) if (ids.includes(id)) screen.setEnabled(ids.indexOf(id), false);
  await screen.setOverrides(sc.overrides);
  const idCol = own(screen.table.columns, screen.protocol.idVariable ?? "patient_id");
  for (const e of sc.cellEdits ?? []) {
    const id = idCol && e.row < screen.table.nRows ? formatStored(idCol, e.row) : "";
    if (id !== e.patient) {
      out.push({
        where: sc.name,
        message: `edited cell ${e.column} of patient ${e.patient} not restored: row ${e.row + 1} is another patient`,
        severity: "warning",
      });
      continue;
    }
    const p = await screen.editCell(e.row, e.column, e.text);
    if (p) out.push(p);
  }
  return out;
}
