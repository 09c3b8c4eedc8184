/**
 * The summaries of the protocol as written, kept while what-ifs run, so that every shown number
 * can stand next to its baseline. A snapshot costs no copy: a ResultSet replaces its bitsets and
 * the screen its status array on every change, never writing into the old ones, so holding them
 * keeps them. Funnel steps are matched by criterion id (a rule edit re-screens with a new
 * ResultSet; added criteria have no baseline, removed ones still narrow the baseline funnel).
 *
 * @example
 * const base = Baseline.of(rs, statusArray);
 * base.funnel(["I2", "I1"]).get("I1"); // { low, high } remaining after I2 then I1, as written
 */
import { ELIGIBLE, INELIGIBLE, NEEDS_REVIEW, type CodeArray } from "../types.ts";
import { newBitset, not, type Bitset } from "./bitset.ts";
import { narrow } from "./kernels.ts";
import type { ResultSet } from "./result-set.ts";
import type { StatusCounts } from "./types.ts";

export interface BaselineCriterion {
  failing: number;
  unknown: number;
  failingAlone: number;
}

export interface BaselineGroup {
  eligible: number;
  needsReview: number;
  ineligible: number;
}

export class Baseline {
  private funnelCache: { key: string; steps: Map<string, { low: number; high: number }> } | null =
    null;

  private constructor(
    readonly nRows: number,
    readonly counts: StatusCounts,
    /** per criterion id */
    readonly criteria: ReadonlyMap<string, BaselineCriterion>,
    private readonly bits: ReadonlyMap<string, { fail: Bitset; und: Bitset }>,
    /** ids in protocol order */
    readonly ids: readonly string[],
    private readonly status: Uint8Array,
  ) {}

  /** The baseline of `rs` as it is now (every criterion enabled: the protocol as written). */
  static of(rs: ResultSet, status: Uint8Array = rs.statusArray()): Baseline {
    const per = rs.perCriterion();
    return new Baseline(
      rs.nRows,
      rs.counts(),
      new Map(
        per.map((c) => [
          c.id,
          { failing: c.failing, unknown: c.unknown, failingAlone: c.failingAlone },
        ]),
      ),
      new Map(rs.criteria.map((c, i) => [c.id, rs.bitsOf(i)])),
      rs.criteria.map((c) => c.id),
      status,
    );
  }

  /**
   * Remaining after each criterion of `order` (ids; unknown ids skipped), unknown counted as
   * fail (`low`) and as pass (`high`). Criteria of the baseline missing from `order` (removed
   * in the scenario) come last.
   */
  funnel(order: readonly string[]): Map<string, { low: number; high: number }> {
    const ids = [...order.filter((id) => this.bits.has(id))];
    for (const id of this.ids) if (!ids.includes(id)) ids.push(id);
    const key = ids.join("\u0000");
    if (this.funnelCache?.key === key) return this.funnelCache.steps;
    const n = this.nRows;
    let inLo: Bitset = not(newBitset(n), n);
    let inHi: Bitset = inLo.slice();
    const steps = new Map<string, { low: number; high: number }>();
    for (const id of ids) {
      const b = this.bits.get(id)!;
      const lo = newBitset(n);
      const hi = newBitset(n);
      const [low, high] = narrow(inLo, inHi, lo, hi, b.fail, b.und);
      steps.set(id, { low, high });
      inLo = lo;
      inHi = hi;
    }
    this.funnelCache = { key, steps };
    return steps;
  }

  /** Status counts per category value as written (`null`: missing). */
  subgroups(codes: CodeArray, dict: readonly string[]): Map<string | null, BaselineGroup> {
    const k = dict.length;
    const cells = new Float64Array((k + 1) * 3);
    const st = this.status;
    if (codes.length !== st.length) return new Map();
    for (let r = 0; r < st.length; r++) {
      const c = codes[r]!;
      const p = (c >= 0 && c < k ? c : k) * 3 + st[r]!;
      cells[p] = cells[p]! + 1;
    }
    return new Map(
      [...dict, null].map((value, g) => [
        value,
        {
          eligible: cells[g * 3 + ELIGIBLE]!,
          needsReview: cells[g * 3 + NEEDS_REVIEW]!,
          ineligible: cells[g * 3 + INELIGIBLE]!,
        },
      ]),
    );
  }
}
