/**
 * What an adversary can prove about unpublished counts: the smallest and largest value each one
 * can take, over every non-negative integer solution of the linear relations the published
 * numbers satisfy. Solved with HiGHS: the linear relaxation first (fast); when its optimum is
 * integral it is also the integer optimum, otherwise the integer program is solved exactly.
 */
import type { Highs } from "./solver.ts";

/** sum(plus) = sum(minus), or sum(plus) <= sum(minus) when `le` */
export interface LinearRelation {
  plus: readonly string[];
  minus: readonly string[];
  le?: boolean;
}

/** no count reaches this; a maximum at the cap is no upper bound at all */
const CAP = 1e9;

export interface IntervalModel {
  /**
   * [min, max] of `id` over the linear relaxation (max may be Infinity), rounded inwards to
   * integers; `exact` when both optima are integral solutions, so the integer interval is the
   * same. The relaxed interval always contains the integer one.
   */
  relaxed(id: string): { range: [number, number]; exact: boolean };
  /** [min, max] of `id` over the integer solutions (HiGHS branch and bound) */
  exact(id: string): [number, number];
  solves: number;
  dispose(): void;
}

/**
 * A model over `unknowns` (non-negative integers); every other name in `relations` is a
 * published number whose value `known` gives.
 */
export function intervalModel(
  highs: Highs,
  unknowns: readonly string[],
  known: (id: string) => number,
  relations: readonly LinearRelation[],
): IntervalModel {
  const col = new Map(unknowns.map((id, j) => [id, j]));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (const r of relations) {
    const coef = new Map<number, number>();
    let constant = 0; // sum(plus) - sum(minus) over known terms
    const add = (id: string, sign: number) => {
      const j = col.get(id);
      if (j === undefined) constant += sign * known(id);
      else coef.set(j, (coef.get(j) ?? 0) + sign);
    };
    for (const id of r.plus) add(id, 1);
    for (const id of r.minus) add(id, -1);
    const terms = [...coef].filter(([, v]) => v !== 0);
    if (terms.length === 0) continue; // only published numbers: it holds, and tells nothing
    for (const [j, v] of terms) {
      indices.push(j);
      values.push(v);
    }
    starts.push(indices.length);
    lower.push(r.le ? -highs.infinity : -constant);
    upper.push(-constant);
  }
  const n = unknowns.length;
  const data = {
    numCols: n,
    numRows: lower.length,
    colCost: new Array<number>(n).fill(0),
    colLower: new Array<number>(n).fill(0),
    // a finite cap: HiGHS proves an unbounded maximum slowly (a second solve without presolve)
    colUpper: new Array<number>(n).fill(CAP),
    rowLower: lower,
    rowUpper: upper,
    matrix: { format: "csr" as const, numRows: lower.length, numCols: n, starts, indices, values },
  };
  const lp = highs.createModel(data);
  lp.options.set({ output_flag: false });
  let mip: ReturnType<Highs["createModel"]> | undefined;
  const { minimize, maximize } = highs.constants.objectiveSense;
  const S = highs.constants.modelStatus;
  const out: IntervalModel = {
    solves: 0,
    relaxed(id) {
      const j = index(id);
      const lo = solve(lp, j, false);
      const hi = solve(lp, j, true);
      if (lo !== null && hi !== null) return { range: [lo, hi], exact: true };
      return {
        range: [lo ?? relaxedValue(lp, j, false), hi ?? relaxedValue(lp, j, true)],
        exact: false,
      };
    },
    exact(id) {
      const j = index(id);
      const [lo, hi] = this.relaxed(id).range;
      return [exact(j, false, lo), exact(j, true, hi)];
    },
    dispose() {
      lp.dispose();
      mip?.dispose();
    },
  };
  /** the optimum; null when the solution is fractional (unless `any`) */
  function index(id: string): number {
    const j = col.get(id);
    if (j === undefined) throw new Error(`not an unknown: ${id}`);
    return j;
  }
  function solve(
    model: NonNullable<typeof mip>,
    j: number,
    max: boolean,
    any = false,
  ): number | null {
    model.changeColCost(j, 1);
    model.changeObjectiveSense(max ? maximize : minimize);
    // (the status and solution are read before the cost changes back: that change clears them)
    const status = model.run().modelStatus;
    out.solves++;
    try {
      if (status === S.unbounded || status === S.unboundedOrInfeasible) return Infinity;
      if (status !== S.optimal) throw new Error(`solver ended with status ${status}`);
      const value = model.getObjectiveValue();
      if (value >= CAP / 2) return Infinity;
      if (any) return value;
      const x = model.getSolution().colValue;
      for (const v of x) if (Math.abs(v - Math.round(v)) > 1e-7) return null;
      return Math.round(value);
    } finally {
      model.changeColCost(j, 0);
    }
  }
  /** the relaxation's optimum, rounded towards the integers it allows */
  function relaxedValue(model: NonNullable<typeof mip>, j: number, max: boolean): number {
    const v = solve(model, j, max, true)!;
    return max ? Math.floor(v + 1e-7) : Math.ceil(v - 1e-7);
  }
  /**
   * The integer optimum. The relaxation's optimum rounded inwards (`bound`) is reached when some
   * integer solution has it: a feasibility question, far quicker for HiGHS than optimising.
   */
  function exact(j: number, max: boolean, bound: number): number {
    if (!mip) {
      mip = highs.createModel({ ...data, integrality: new Array(n).fill(1) });
      mip.options.set({ output_flag: false });
    }
    if (Number.isFinite(bound)) {
      mip.changeColBounds(j, max ? bound : 0, max ? CAP : bound);
      const status = mip.run().modelStatus;
      out.solves++;
      mip.changeColBounds(j, 0, CAP);
      if (status === S.optimal) return bound;
    }
    const exact = solve(mip, j, max);
    if (exact === null) throw new Error("integer solution is not integral");
    return exact;
  }
  return out;
}
