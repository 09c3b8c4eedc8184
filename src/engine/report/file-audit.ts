/**
 * A report file's hidden counts in a joint audit. Their true values are not known, so:
 * - each is held to a rule that needs no value, implied by the protection rule the file was
 *   made under: when the file alone allows it 0, 0 and t-1 stay reachable (its true value may be
 *   1..t-1); otherwise its interval keeps at least t values (capped by what the file alone
 *   allows, so a file made under an older rule is not held to more than it had);
 * - the audit needs one value per count that fits every relation with the new report's true
 *   counts (a witness: the solver's inner bounds start from it): one integer feasibility
 *   question. Equalities a reader may assume between the file and the new report are dropped
 *   when no such values exist (they cannot all be true then).
 */
import { intervalModel, type LinearRelation } from "./intervals.ts";
import type { Need, ProtectCell } from "./protect.ts";
import type { FreeCells } from "./series.ts";
import type { Highs } from "./solver.ts";

export interface FileAudit {
  /** the joined cells, the file counts and their links given values that fit */
  cells: Map<string, ProtectCell>;
  relations: LinearRelation[];
  /** the rule of each file count (null: the link counts, whose margins have one) */
  rules: Map<string, Need | null>;
  solves: number;
  /** why no values fit (a file whose counts do not add up) */
  failure?: string;
}

export function auditFiles(
  highs: Highs,
  cells: ReadonlyMap<string, ProtectCell>,
  relations: readonly LinearRelation[],
  free: FreeCells,
  t: number,
): FileAudit {
  const rules = new Map<string, Need | null>(free.ids.map((id) => [id, null]));
  const out = new Map(cells);
  let solves = 0;
  const known = (id: string) => cells.get(id)!.value;
  for (const f of free.files) {
    if (f.unknown.length === 0) continue;
    const r = fileRules(highs, f.unknown, known, f.relations, f.threshold ?? t);
    solves += r.solves;
    if (!r.rules)
      return {
        cells: out,
        relations: [...relations],
        rules,
        solves,
        failure: `${f.label}: its counts do not add up`,
      };
    for (const [id, need] of r.rules) rules.set(id, need);
  }
  // values of the free counts that fit everything, the equalities first
  for (const extra of [free.equalities, []]) {
    const all = [...relations, ...extra];
    const ids = free.ids;
    let witness: ArrayLike<number> | undefined;
    const m = intervalModel(highs, ids, known, all, (x) => (witness ??= Array.from(x)));
    try {
      m.reaches(ids[0]!, 0, true);
    } finally {
      solves += m.solves;
      m.dispose();
    }
    if (!witness) continue;
    ids.forEach((id, j) => out.set(id, { ...cells.get(id)!, value: witness![j]! }));
    return { cells: out, relations: all, rules, solves };
  }
  return {
    cells: out,
    relations: [...relations],
    rules,
    solves,
    failure: "no counts fit a report file together with this report",
  };
}

/**
 * The rule of each hidden count of one file (`unknown`), from the file's own relations, or no
 * rules when the file's published counts fit no values.
 */
function fileRules(
  highs: Highs,
  unknown: readonly string[],
  known: (id: string) => number,
  relations: readonly LinearRelation[],
  t: number,
): { rules?: Map<string, Need>; solves: number } {
  const seen = new Map<string, [number, number]>();
  const m = intervalModel(highs, unknown, known, relations, (x) =>
    unknown.forEach((id, j) => {
      const b = seen.get(id);
      if (!b) seen.set(id, [x[j]!, x[j]!]);
      else [b[0], b[1]] = [Math.min(b[0], x[j]!), Math.max(b[1], x[j]!)];
    }),
  );
  try {
    if (!m.reaches(unknown[0]!, 0, true)) return { solves: m.solves };
    const rules = new Map<string, Need>();
    for (const id of unknown) {
      const b = seen.get(id)!;
      if (b[0] > 0) m.reaches(id, 0, false);
      if (b[0] === 0) {
        if (b[1] < t - 1) m.reaches(id, t - 1, true);
        const top = b[1] >= t - 1 ? t - 1 : m.exact(id, true);
        rules.set(id, { zero: true, top, width: top + 1 });
        continue;
      }
      if (b[1] - b[0] + 1 < t) m.reaches(id, b[0] + t - 1, true);
      if (b[1] - b[0] + 1 < t) m.reaches(id, b[1] - t + 1, false);
      const w = b[1] - b[0] + 1 >= t ? t : m.exact(id, true) - m.exact(id, false) + 1;
      rules.set(id, { zero: false, top: 0, width: Math.min(t, w) });
    }
    return { rules, solves: m.solves };
  } finally {
    m.dispose();
  }
}
