/**
 * Complementary suppression proven with a solver. The protection rule, for threshold t:
 * - every unpublished count whose true value is 1..t-1 (a suppressed cell, or a difference the
 *   report implies) can be proven neither non-zero nor smaller than t-1: the adversary's
 *   interval [min, max] has min = 0 and max >= t-1;
 * - every other suppressed count has an interval of at least t values (max - min + 1 >= t).
 * The adversary knows every relation in `relations` (equalities and inequalities between
 * counts), the value of every published count, and that counts are non-negative integers.
 * Cells are hidden, least needed first, until the rule holds for every protected cell.
 */
import { intervalModel, type LinearRelation } from "./intervals.ts";
import type { Highs } from "./solver.ts";

export interface ProtectCell {
  id: string;
  value: number;
  /** printed in the report (false: implied by it, never printed) */
  published: boolean;
  /** how much readers need this number: the lowest priorities are hidden first */
  priority: number;
}

export interface Protection {
  /** published cells to hide */
  hidden: Set<string>;
  /** the interval an adversary can prove, per protected cell */
  intervals: Map<string, [number, number]>;
  solves: number;
  /** set when no more cells can be hidden and the rule still fails for some cell */
  failure?: string;
}

/** Does [lo, hi] protect a cell of true value `value` with threshold `t`? */
export function protects(
  value: number,
  [lo, hi]: [number, number],
  t: number,
  width = true,
): boolean {
  const small = value >= 1 && value < t;
  if (small && lo > 0) return false;
  return (!width && !small) || hi - lo + 1 >= t;
}

export function protect(
  highs: Highs,
  cells: ReadonlyMap<string, ProtectCell>,
  relations: readonly LinearRelation[],
  threshold: number,
  initial: Iterable<string>,
  /** published cells that can no longer be hidden (an earlier report's) */
  locked: ReadonlySet<string> = new Set(),
  /**
   * false: only small counts are protected (the width rule for other hidden counts was proven
   * for the report alone; with earlier reports, the small counts include every small movement
   * of patients between the reports)
   */
  width = true,
): Protection {
  const hidden = new Set<string>();
  for (const id of initial) if (cells.get(id)?.published) hidden.add(id);
  const sensitive = [...cells.values()].filter((c) => c.value >= 1 && c.value < threshold);
  for (const c of sensitive) if (c.published && !locked.has(c.id)) hidden.add(c.id);
  const byCell = new Map<string, number[]>();
  relations.forEach((r, k) => {
    for (const id of [...r.plus, ...r.minus]) {
      const list = byCell.get(id) ?? [];
      list.push(k);
      byCell.set(id, list);
    }
  });
  const intervals = new Map<string, [number, number]>();
  let solves = 0;
  const value = (id: string) => cells.get(id)!.value;
  for (;;) {
    const unknowns = [...cells.values()]
      .filter((c) => !c.published || hidden.has(c.id))
      .map((c) => c.id);
    const todo = [
      ...new Set([...sensitive.map((c) => c.id), ...hidden].filter((id) => !intervals.has(id))),
    ];
    if (todo.length === 0) return { hidden, intervals, solves };
    const model = intervalModel(highs, unknowns, value, relations);
    const failing: string[] = [];
    // accepted by the relaxation but not proven on integers: hide more (cheap), and solve the
    // integer program only when nothing more can be hidden (HiGHS' branch and bound is slow)
    const unproven: string[] = [];
    let picks = new Set<string>();
    let done: boolean;
    try {
      for (const id of todo) {
        const { range, exact } = model.relaxed(id);
        // more hidden cells only widen an interval: a cell that passes stays passing
        if (!protects(value(id), range, threshold, width)) failing.push(id);
        else if (exact) intervals.set(id, range);
        else unproven.push(id);
      }
      done = failing.length === 0 && unproven.length === 0;
      if (!done) picks = pickComplements([...failing, ...unproven]);
      if (!done && picks.size === 0) {
        for (const id of unproven) {
          const range = model.exact(id);
          if (protects(value(id), range, threshold, width)) intervals.set(id, range);
          else failing.push(id);
        }
        done = failing.length === 0;
      }
    } finally {
      solves += model.solves;
      model.dispose();
    }
    if (done) return { hidden, intervals, solves };
    if (picks.size === 0)
      return {
        hidden,
        intervals,
        solves,
        failure: `no more numbers can be hidden to protect ${failing.join(", ")}`,
      };
    for (const p of picks) hidden.add(p);
  }

  function pickComplements(ids: string[]): Set<string> {
    const picks = new Set<string>();
    for (const id of ids) {
      const p = complement(id);
      if (p) picks.add(p);
    }
    return picks;
  }

  /**
   * The least needed published cell linked to `start` through the relations: the lowest
   * priority anywhere in its component (so the headline is hidden only when nothing else can
   * be), then the nearest, then non-zero and smallest.
   */
  function complement(start: string): string | undefined {
    const seen = new Set([start]);
    const seenRel = new Set<number>();
    let frontier = [start];
    let best: { c: ProtectCell; d: number } | undefined;
    for (let d = 0; frontier.length > 0; d++) {
      const next: string[] = [];
      for (const id of frontier)
        for (const k of byCell.get(id) ?? []) {
          if (seenRel.has(k)) continue;
          seenRel.add(k);
          for (const t of [...relations[k]!.plus, ...relations[k]!.minus]) {
            if (seen.has(t)) continue;
            seen.add(t);
            const c = cells.get(t)!;
            if (c.published && !hidden.has(t) && !locked.has(t)) {
              if (!best || c.priority < best.c.priority) best = { c, d };
              else if (c.priority === best.c.priority && d === best.d && rank(c, best.c) < 0)
                best = { c, d };
            } else next.push(t);
          }
        }
      frontier = next;
    }
    return best?.c.id;
  }
}

function rank(a: ProtectCell, b: ProtectCell): number {
  return (
    a.priority - b.priority ||
    Number(a.value === 0) - Number(b.value === 0) ||
    a.value - b.value ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
