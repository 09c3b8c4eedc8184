/**
 * Complementary suppression proven with a solver. The protection rule, for threshold t:
 * - every unpublished count whose true value is 1..t-1 (a suppressed cell, or a difference the
 *   report implies) can be proven neither non-zero nor smaller than t-1: the adversary's
 *   interval [min, max] has min = 0 and max >= t-1;
 * - every other suppressed count has an interval of at least t values (max - min + 1 >= t).
 * The adversary knows every relation in `relations` (equalities and inequalities between
 * counts), the value of every published count, and that counts are non-negative integers.
 * While the rule fails for some cell on the linear relaxation, one more published number is
 * hidden for it: the least needed one among the relations that bind its failing bound (non-zero
 * dual values), since only those can move it; the integer program then settles the cells the
 * relaxation passes but does not prove. Proving a cell never hides anything.
 */
import { intervalModel, type IntervalModel, type LinearRelation } from "./intervals.ts";
import { rank } from "./ledger.ts";
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

/**
 * What must hold of a count's interval [lo, hi]: lo = 0 (when `zero`), hi >= `top`, and at
 * least `width` values. For a count of known value (ruleOf) this is the protection rule; a report
 * file's hidden count, whose value is not known, has a rule of its own (audit.ts fileRules).
 */
export interface Need {
  zero: boolean;
  top: number;
  width: number;
}

export function ruleOf(value: number, t: number, width = true): Need {
  if (value >= 1 && value < t) return { zero: true, top: t - 1, width: t };
  return { zero: false, top: 0, width: width ? t : 1 };
}

export function meets(need: Need, [lo, hi]: [number, number]): boolean {
  return (!need.zero || lo <= 0) && hi >= need.top && hi - lo + 1 >= need.width;
}

export function protect(
  highs: Highs,
  cells: ReadonlyMap<string, ProtectCell>,
  relations: readonly LinearRelation[],
  threshold: number,
  initial: Iterable<string>,
  /** published cells that can no longer be hidden (an earlier report's) */
  locked: ReadonlySet<string> = new Set(),
  /** false: only small counts are protected (a hidden count's width is not checked) */
  width = true,
  /** told how many protected cells are proven so far, of how many */
  progress?: (proven: number, total: number) => void,
  /** unpublished cells held to the rule too: the counts earlier reports hid */
  also: Iterable<string> = [],
  /**
   * unpublished cells whose value is only one they can take (a report file's counts): held to
   * their own rule, or (null) to none, instead of the rule of their value
   */
  rules: ReadonlyMap<string, Need | null> = new Map(),
): Protection {
  const hidden = new Set<string>();
  for (const id of initial) if (cells.get(id)?.published) hidden.add(id);
  // (a small count an earlier report published at a lower threshold is out: nothing to protect)
  const sensitive = [...cells.values()].filter(
    (c) =>
      c.value >= 1 && c.value < threshold && !rules.has(c.id) && !(c.published && locked.has(c.id)),
  );
  const guarded = [...also, ...[...rules].flatMap(([id, r]) => (r ? [id] : []))].filter((id) =>
    cells.has(id),
  );
  // (a count whose rule is null needs no proof: it is never in `todo`)
  const need = (id: string): Need => {
    const r = rules.get(id);
    return r === undefined || r === null ? ruleOf(cells.get(id)!.value, threshold, width) : r;
  };
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
  // inner bounds: values each unknown takes in some integer solution. The true counts are one;
  // a solution stays one when more cells are hidden, so these only ever widen.
  const seen = new Map<string, [number, number]>();
  for (const c of cells.values()) seen.set(c.id, [c.value, c.value]);
  let solves = 0;
  const value = (id: string) => cells.get(id)!.value;
  for (;;) {
    const unknowns = [...cells.values()]
      .filter((c) => !c.published || hidden.has(c.id))
      .map((c) => c.id);
    const todo = [...new Set([...sensitive.map((c) => c.id), ...guarded, ...hidden])].filter(
      (id) => !intervals.has(id) && rules.get(id) !== null,
    );
    if (todo.length === 0) return { hidden, intervals, solves };
    const model = intervalModel(highs, unknowns, value, relations, (x) => {
      // one integer solution: every unknown can take the value it has in it
      for (let j = 0; j < unknowns.length; j++) {
        const b = seen.get(unknowns[j]!)!;
        const v = x[j]!;
        if (v < b[0]) b[0] = v;
        if (v > b[1]) b[1] = v;
      }
    });
    const proven = (id: string) => {
      const inner = seen.get(id)!;
      if (!meets(need(id), inner)) return false;
      intervals.set(id, [...inner]);
      return true;
    };
    // failing cells, each with the relations that bind its relaxed bounds
    const failing = new Map<string, Set<number>>();
    // passed by the relaxation, not yet shown on integers: settled by the integer program only
    // once nothing fails the relaxation (hiding a cell is never needed to prove one)
    const unproven: string[] = [];
    try {
      const total = intervals.size + todo.length;
      for (const id of todo) {
        progress?.(intervals.size, total);
        if (proven(id)) continue;
        const rule = need(id);
        // the relaxation's bounds hold every integer solution: a failure there is final
        const inner = seen.get(id)!;
        const binding = new Set<number>();
        const lo = rule.zero && inner[0] === 0 ? 0 : model.relaxed(id, false);
        if (lo > 0) for (const k of model.binding()) binding.add(k);
        if (rule.zero && lo > 0) {
          failing.set(id, binding);
          continue;
        }
        const hi = rule.zero && inner[1] >= rule.top ? inner[1] : model.relaxed(id, true);
        if (meets(rule, [lo, hi])) {
          if (!proven(id)) unproven.push(id);
          continue;
        }
        for (const k of model.binding()) binding.add(k);
        failing.set(id, binding);
      }
      if (failing.size === 0)
        for (const id of unproven)
          if (!settle(model, id)) {
            const binding = new Set<number>();
            for (const max of [false, true]) {
              model.relaxed(id, max);
              for (const k of model.binding()) binding.add(k);
            }
            failing.set(id, binding);
          }
    } finally {
      solves += model.solves;
      model.dispose();
    }
    if (failing.size === 0) return { hidden, intervals, solves };
    const picks = new Set<string>();
    for (const [id, binding] of failing) {
      const p = nearest(binding) ?? complement(id);
      if (p) picks.add(p);
    }
    if (picks.size === 0)
      return {
        hidden,
        intervals,
        solves,
        failure: `no more numbers can be hidden to protect ${[...failing.keys()].join(", ")}`,
      };
    for (const p of picks) hidden.add(p);
  }

  /**
   * Proves the rule for `id` on integers: first by asking whether an integer solution reaches
   * the values the rule needs (feasibility questions, quick for HiGHS), then, if not, by the
   * exact integer minimum and maximum.
   */
  function settle(model: IntervalModel, id: string): boolean {
    const rule = need(id);
    const inner = seen.get(id)!;
    if (rule.zero) {
      if (inner[0] > 0) model.reaches(id, 0, false);
      if (inner[1] < rule.top) model.reaches(id, rule.top, true);
    } else {
      const w = rule.width;
      if (inner[1] - inner[0] + 1 < w) model.reaches(id, inner[0] + w - 1, true);
      if (inner[1] - inner[0] + 1 < w) model.reaches(id, inner[1] - w + 1, false);
    }
    if (meets(rule, inner)) {
      intervals.set(id, [...inner]);
      return true;
    }
    const range: [number, number] = [model.exact(id, false), model.exact(id, true)];
    if (!meets(rule, range)) return false;
    intervals.set(id, range);
    return true;
  }

  /**
   * The least needed published cell in the relations that bind a failing bound: hiding one of
   * them is what can move that bound (a cell elsewhere would be hidden for nothing).
   */
  function nearest(binding: ReadonlySet<number>): string | undefined {
    let best: ProtectCell | undefined;
    for (const k of binding)
      for (const id of [...relations[k]!.plus, ...relations[k]!.minus]) {
        const c = cells.get(id)!;
        if (!c.published || hidden.has(id) || locked.has(id)) continue;
        if (!best || rank(c, best) < 0) best = c;
      }
    return best?.id;
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
