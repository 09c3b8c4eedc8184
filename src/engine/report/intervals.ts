/**
 * What an adversary can prove about unpublished counts: the smallest and largest value each one
 * can take, over every non-negative integer solution of the linear relations the published
 * numbers satisfy. Solved with HiGHS. The linear relaxation gives outer bounds (the integer
 * interval lies inside them); every integer solution met on the way (an integral optimum of the
 * relaxation, a solution of a feasibility question) is a witness: each unknown can take the
 * value it has there, which gives inner bounds for every cell at once. The integer program is
 * solved only where the two bounds leave the rule undecided.
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
  /** min (`max` false) or max of `id` over the linear relaxation, rounded inwards (max may be Infinity) */
  relaxed(id: string, max: boolean): number;
  /**
   * The relations (indices into `relations`) that bind the last relaxation solved: only a
   * published number in one of them, once hidden, can move that optimum.
   */
  binding(): number[];
  /** is there an integer solution with `id` <= v (`atLeast` false) or >= v? */
  reaches(id: string, v: number, atLeast: boolean): boolean;
  /** min or max of `id` over the integer solutions (HiGHS branch and bound) */
  exact(id: string, max: boolean): number;
  solves: number;
  dispose(): void;
}

/**
 * A model over `unknowns` (non-negative integers); every other name in `relations` is a
 * published number whose value `known` gives. `witness` receives every integer solution found
 * (values in the order of `unknowns`).
 */
export function intervalModel(
  highs: Highs,
  unknowns: readonly string[],
  known: (id: string) => number,
  relations: readonly LinearRelation[],
  witness: (x: ArrayLike<number>) => void = () => {},
): IntervalModel {
  const col = new Map(unknowns.map((id, j) => [id, j]));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const rowOf: number[] = []; // model row -> relation index
  for (const [k, r] of relations.entries()) {
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
    rowOf.push(k);
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
  type Model = ReturnType<Highs["createModel"]>;
  const lp = highs.createModel(data);
  lp.options.set({ output_flag: false });
  let mipModel: Model | undefined;
  const mip = (): Model => {
    if (!mipModel) {
      mipModel = highs.createModel({ ...data, integrality: new Array(n).fill(1) });
      mipModel.options.set({ output_flag: false });
    }
    return mipModel;
  };
  const { minimize, maximize } = highs.constants.objectiveSense;
  const S = highs.constants.modelStatus;
  let duals: Float64Array | undefined;
  const out: IntervalModel = {
    solves: 0,
    relaxed(id, max) {
      const v = optimum(lp, index(id), max);
      return max ? Math.floor(v + 1e-7) : Math.ceil(v - 1e-7);
    },
    binding() {
      const d = duals ?? new Float64Array(0);
      return rowOf.filter((_, i) => Math.abs(d[i]!) > 1e-9);
    },
    reaches(id, v, atLeast) {
      const j = index(id);
      if (!atLeast && v < 0) return false;
      const m = mip();
      m.changeColBounds(j, atLeast ? v : 0, atLeast ? CAP : v);
      try {
        const status = m.run().modelStatus;
        out.solves++;
        if (status !== S.optimal) return false;
        report(m);
        return true;
      } finally {
        m.changeColBounds(j, 0, CAP);
      }
    },
    exact(id, max) {
      const v = optimum(mip(), index(id), max);
      return Number.isFinite(v) ? Math.round(v) : v;
    },
    dispose() {
      lp.dispose();
      mipModel?.dispose();
    },
  };
  function index(id: string): number {
    const j = col.get(id);
    if (j === undefined) throw new Error(`not an unknown: ${id}`);
    return j;
  }
  /** passes the model's solution to `witness` when it is integral */
  function report(model: Model): void {
    const x = model.getSolution().colValue;
    for (const v of x) if (Math.abs(v - Math.round(v)) > 1e-7) return;
    witness(Array.from(x, Math.round));
  }
  /** the optimum of column j (Infinity when unbounded above) */
  function optimum(model: Model, j: number, max: boolean): number {
    model.changeColCost(j, 1);
    model.changeObjectiveSense(max ? maximize : minimize);
    // (the status and solution are read before the cost changes back: that change clears them)
    const status = model.run().modelStatus;
    out.solves++;
    try {
      duals = undefined;
      if (status === S.unbounded || status === S.unboundedOrInfeasible) return Infinity;
      if (status !== S.optimal) throw new Error(`solver ended with status ${status}`);
      report(model);
      if (model === lp) duals = model.getSolution().rowDual.slice();
      const value = model.getObjectiveValue();
      return value >= CAP / 2 ? Infinity : value;
    } finally {
      model.changeColCost(j, 0);
    }
  }
  return out;
}
