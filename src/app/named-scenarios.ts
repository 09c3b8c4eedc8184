/**
 * Named scenarios kept side by side in the page: each is what differs from the protocol as
 * written (parameters, criteria set aside, rule edits, added and removed criteria, hand-edited
 * cells: the same parts as an exported scenario file) with its counts when it was kept, so that
 * several what-ifs can be compared in one table and switched between.
 *
 * @example
 * const a = keepScenario("UPCR 0.5", screen); // { name, overrides, disabled, rules, …, counts }
 * // later: await switchTo(screen, a)  (src/ui/editor/apply.ts)
 */
import type { ScreenState } from "./screen.svelte.ts";
import { scenarioEdits, type ScenarioEdits } from "./scenario.ts";
import type { Overrides } from "./engine-api.ts";

export interface NamedScenario extends ScenarioEdits {
  name: string;
  overrides: Overrides;
  /** ids of the criteria set aside */
  disabled: string[];
  counts: { eligible: number; needsReview: number; ineligible: number };
}

/** The running screen's scenario under `name` (a plain copy: later changes do not touch it). */
export function keepScenario(name: string, s: ScreenState): NamedScenario {
  const c = s.counts;
  return structuredClone({
    name,
    overrides: { ...s.overrides },
    disabled: s.protocol.criteria.filter((_, k) => s.enabled[k] === false).map((c) => c.id),
    ...scenarioEdits(s.written, s),
    counts: { eligible: c.eligible, needsReview: c.needsReview, ineligible: c.ineligible },
  });
}

/** `list` with `entry` added, or replacing the one of the same name (kept in place). */
export function withScenario(
  list: readonly NamedScenario[],
  entry: NamedScenario,
): NamedScenario[] {
  const at = list.findIndex((x) => x.name === entry.name);
  if (at < 0) return [...list, entry];
  return list.map((x, i) => (i === at ? entry : x));
}

/** A name not yet used: "Scenario A", "Scenario B", … */
export function nextName(list: readonly NamedScenario[]): string {
  for (let i = 0; ; i++) {
    const letter = i < 26 ? String.fromCharCode(65 + i) : String(i + 1);
    const name = `Scenario ${letter}`;
    if (!list.some((x) => x.name === name)) return name;
  }
}
