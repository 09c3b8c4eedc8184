import {
  ELIGIBLE,
  INELIGIBLE,
  NEEDS_REVIEW,
  type CodeArray,
  type Status,
  type Verdict,
} from "../types.ts";
import {
  and,
  andNot,
  countAndNot,
  has,
  newBitset,
  not,
  or,
  popcount,
  toIndices,
  xor,
  type Bitset,
} from "./bitset.ts";
import { FailSets } from "./fail-sets.ts";
import { countAndNotAnd, narrow, packVerdicts, setSizes, single, slice2 } from "./kernels.ts";
import type {
  PackedVerdicts,
  Attrition,
  CombinationSummary,
  CriterionMeta,
  CriterionSummary,
  RowFilter,
  StatusCounts,
  SubgroupSummary,
} from "./types.ts";

/**
 * Verdicts of every criterion for every row, with statuses and cohort summaries that stay cheap
 * to recompute after a what-if: each criterion keeps a FAIL and an UNDECIDED bitset, and summaries
 * are word operations over those bitsets. SITE never blocks. A disabled criterion is set aside:
 * it counts in neither statuses nor summaries. The verdict arrays are held by reference.
 *
 * @example
 * const rs = new ResultSet(meta, 1000, verdicts);
 * rs.counts(); // { eligible, needsReview, ineligible, total, eligibleRange: [lo, hi] }
 * rs.setVerdicts(3, newVerdicts); // what-if on criterion 3
 * rs.perCriterion()[3].failingAlone;
 */
/** The steps of building a ResultSet, in order (see the constructor's `onStep`). */
export const RESULT_STEPS = ["bitsets", "fail sets", "unknown sets"] as const;
export type ResultStep = (typeof RESULT_STEPS)[number];

export class ResultSet {
  private readonly verdicts: Uint8Array[];
  private readonly rawFail: Bitset[];
  private readonly rawUnd: Bitset[];
  private readonly fail: Bitset[];
  private readonly und: Bitset[];
  private readonly tally: { pass: number; fail: number; unknown: number; site: number }[];
  private readonly enabled: boolean[];
  private readonly sets: FailSets;
  /** per-row sets of undecided criteria (words only), for incremental unknown-alone counts */
  private readonly undSets: FailSets;
  /**
   * Failing-alone and unknown-alone counts of enabled criteria, maintained per changed row when
   * sets fit in 64 bits (stride <= 2); otherwise computed from bitsets on demand. `failUnd`:
   * rows failing criterion i alone that are also unknown on another (needs review without it).
   */
  private readonly alone:
    { fail: Int32Array; unknown: Int32Array; failUnd: Int32Array } | undefined;
  private readonly empty: Bitset;
  private readonly anyFail: Bitset;
  private readonly multiFail: Bitset;
  private readonly anyUnd: Bitset;
  private readonly multiUnd: Bitset;
  private readonly tmp: Bitset;
  private readonly tmp2: Bitset;
  /** per row: number of enabled criteria failing / undecided (kept in step with any/multi bitsets) */
  private readonly nFail: Uint8Array | Uint16Array;
  private readonly nUnd: Uint8Array | Uint16Array;
  private statuses: Uint8Array | undefined;
  /** funnel of the last order asked: per step the remaining bitsets and counts, valid up to `valid` */
  private funnel:
    | {
        key: string;
        pos: Int32Array;
        lo: Bitset[];
        hi: Bitset[];
        cLo: number[];
        cHi: number[];
        valid: number;
      }
    | undefined;

  constructor(
    readonly criteria: readonly CriterionMeta[],
    readonly nRows: number,
    verdicts: readonly Uint8Array[],
    /** told after each step of the build (a 0.1-0.2 s loop at 1M rows: progress for the page) */
    onStep?: (step: ResultStep) => void,
    /**
     * The verdicts already packed (kernels.ts `packVerdicts`, e.g. by the threads that wrote
     * them, checked there): per criterion its FAIL and UNDECIDED bitsets and its SITE count.
     * Held by reference.
     */
    packed?: PackedVerdicts,
  ) {
    if (verdicts.length !== criteria.length)
      throw new RangeError(
        `invalid verdicts: ${verdicts.length} arrays for ${criteria.length} criteria`,
      );
    const n = nRows;
    this.empty = newBitset(n);
    this.anyFail = newBitset(n);
    this.multiFail = newBitset(n);
    this.anyUnd = newBitset(n);
    this.multiUnd = newBitset(n);
    this.tmp = newBitset(n);
    this.tmp2 = newBitset(n);
    this.verdicts = [];
    this.rawFail = [];
    this.rawUnd = [];
    this.tally = [];
    this.enabled = criteria.map(() => true);
    this.sets = new FailSets(n, criteria.length);
    verdicts.forEach((v, i) =>
      this.load(i, v, packed && { f: packed.fail[i]!, u: packed.und[i]!, site: packed.site[i]! }),
    );
    onStep?.("bitsets");
    this.fail = this.rawFail.slice();
    this.und = this.rawUnd.slice();
    this.sets.fill(this.fail);
    onStep?.("fail sets");
    this.undSets = new FailSets(n, criteria.length, false);
    this.undSets.fill(this.und);
    onStep?.("unknown sets");
    if (this.sets.stride <= 2) {
      this.alone = {
        fail: new Int32Array(criteria.length),
        unknown: new Int32Array(criteria.length),
        failUnd: new Int32Array(criteria.length),
      };
      for (let r = 0; r < n; r++) this.contribute(r, 1);
    }
    const Counter = criteria.length < 256 ? Uint8Array : Uint16Array;
    this.nFail = new Counter(n);
    this.nUnd = new Counter(n);
    // (the fail and unknown sets hold every enabled criterion's bits per row)
    setSizes(this.sets.words, this.sets.stride, n, this.nFail);
    setSizes(this.undSets.words, this.undSets.stride, n, this.nUnd);
    slice2(this.fail, this.anyFail, this.multiFail);
    slice2(this.und, this.anyUnd, this.multiUnd);
  }

  /** Replace criterion i's verdicts (a what-if) and update bitsets and fail sets incrementally. */
  setVerdicts(i: number, verdicts: Uint8Array): void {
    this.check(i);
    const beforeFail = this.fail[i]!;
    const beforeUnd = this.und[i]!;
    this.load(i, verdicts);
    if (this.enabled[i]) this.swap(i, beforeFail, beforeUnd, this.rawFail[i]!, this.rawUnd[i]!);
  }

  /** Set criterion i aside (false) or bring it back (true). */
  setEnabled(i: number, on: boolean): void {
    this.check(i);
    if (this.enabled[i] === on) return;
    this.enabled[i] = on;
    const [f, u] = on ? [this.rawFail[i]!, this.rawUnd[i]!] : [this.empty, this.empty];
    this.swap(i, this.fail[i]!, this.und[i]!, f, u);
  }

  isEnabled(i: number): boolean {
    return this.enabled[i] === true;
  }

  /**
   * Criterion i's FAIL and UNDECIDED bitsets as evaluated, enabled or not (held by reference:
   * a what-if replaces them, never writes into them, so a holder keeps a snapshot for free).
   */
  bitsOf(i: number): { fail: Bitset; und: Bitset } {
    this.check(i);
    return { fail: this.rawFail[i]!, und: this.rawUnd[i]! };
  }

  /** Criterion i's verdict array (held by reference, do not mutate). */
  verdictsOf(i: number): Uint8Array {
    this.check(i);
    return this.verdicts[i]!;
  }

  /** Count of rows per status, and the eligible range [eligible, eligible + needs-review]. */
  counts(): StatusCounts {
    const ineligible = popcount(this.anyFail);
    const needsReview = countAndNot(this.anyUnd, this.anyFail);
    const eligible = this.nRows - ineligible - needsReview;
    return {
      eligible,
      needsReview,
      ineligible,
      total: this.nRows,
      eligibleRange: [eligible, eligible + needsReview],
    };
  }

  /**
   * Per criterion: its own verdict counts, and failing alone (rows whose only FAIL is this one: they
   * would become eligible or needs-review without it) and unknown alone (rows with no FAIL whose only
   * UNDECIDED is this one: resolving it as a pass makes them eligible). For a disabled criterion the
   * "alone" counts say what re-enabling it would do.
   */
  perCriterion(): CriterionSummary[] {
    // rows blocked by something other than one unknown: for enabled / for disabled criteria
    const incremental = this.alone !== undefined;
    const blockedOn = incremental ? this.empty : or(this.anyFail, this.multiUnd);
    const blockedOff = or(this.anyFail, this.anyUnd);
    const { alone } = this;
    return this.criteria.map((c, i) => {
      const on = this.enabled[i]!;
      const failingAlone =
        on && alone
          ? alone.fail[i]!
          : countAndNot(this.rawFail[i]!, on ? this.multiFail : this.anyFail);
      const unknownAlone =
        on && alone ? alone.unknown[i]! : countAndNot(this.rawUnd[i]!, on ? blockedOn : blockedOff);
      const t = this.tally[i]!;
      // setting it aside: failing-alone rows leave "ineligible", to "needs review" when some
      // other criterion is unknown for them; unknown-alone rows go from "needs review" to "eligible"
      const failUnd = !on
        ? 0
        : alone
          ? alone.failUnd[i]!
          : countAndNotAnd(this.rawFail[i]!, this.multiFail, this.anyUnd);
      const gain = on
        ? { eligible: failingAlone - failUnd + unknownAlone, needsReview: failUnd - unknownAlone }
        : { eligible: 0, needsReview: 0 };
      return {
        index: i,
        id: c.id,
        kind: c.kind,
        label: c.label,
        enabled: on,
        failing: t.fail,
        unknown: t.unknown,
        pass: t.pass,
        site: t.site,
        failingAlone,
        unknownAlone,
        gain,
      };
    });
  }

  /**
   * Sequential funnel over the enabled criteria of `order` (default: protocol order). Each step's
   * remaining count is a range: `low` counts unknown as fail, `high` counts unknown as pass.
   */
  attrition(order: readonly number[] = this.criteria.map((_, i) => i)): Attrition {
    for (const i of order) this.check(i);
    const n = this.nRows;
    const key = order.join(",");
    if (this.funnel?.key !== key) {
      const pos = new Int32Array(this.criteria.length).fill(-1);
      order.forEach((i, k) => pos[i]! < 0 && (pos[i] = k));
      this.funnel = { key, pos, lo: [], hi: [], cLo: [], cHi: [], valid: 0 };
    }
    // steps before the first changed criterion are reused; a disabled criterion is a no-op step
    const f = this.funnel;
    const ones = not(this.empty, n);
    for (let k = f.valid; k < order.length; k++) {
      const i = order[k]!;
      const lo = (f.lo[k] ??= newBitset(n));
      const hi = (f.hi[k] ??= newBitset(n));
      const [cLo, cHi] = narrow(
        f.lo[k - 1] ?? ones,
        f.hi[k - 1] ?? ones,
        lo,
        hi,
        this.fail[i]!,
        this.und[i]!,
      );
      f.cLo[k] = cLo;
      f.cHi[k] = cHi;
    }
    f.valid = order.length;
    const steps: Attrition["steps"] = [];
    let prevLo = n;
    let prevHi = n;
    order.forEach((i, k) => {
      if (!this.enabled[i]) return;
      const c = this.criteria[i]!;
      const cLo = f.cLo[k]!;
      const cHi = f.cHi[k]!;
      steps.push({
        index: i,
        id: c.id,
        label: c.label,
        remainingLow: cLo,
        remainingHigh: cHi,
        removedLow: prevLo - cLo,
        removedHigh: prevHi - cHi,
      });
      prevLo = cLo;
      prevHi = cHi;
    });
    return { start: n, steps };
  }

  /** The `topK` most frequent sets of failed (enabled) criteria, UpSet style. */
  combinations(topK = 20): CombinationSummary {
    const rowsWithAnyFail = popcount(this.anyFail);
    const sets = this.sets.top(topK).map(({ set, count }) => ({
      criteria: set,
      ids: set.map((i) => this.criteria[i]!.id),
      count,
    }));
    const shown = sets.reduce((s, x) => s + x.count, 0);
    return {
      rowsWithAnyFail,
      distinctSets: this.sets.size,
      sets,
      otherRows: rowsWithAnyFail - shown,
    };
  }

  /** Status counts per category value (site, sex, age band...). Code -1 counts as missing. */
  subgroups(codes: CodeArray, dict: readonly string[]): SubgroupSummary {
    if (codes.length !== this.nRows)
      throw new RangeError(`invalid codes: length ${codes.length} for ${this.nRows} rows`);
    const st = this.statusArray();
    const k = dict.length;
    const cells = new Float64Array((k + 1) * 3);
    for (let r = 0; r < st.length; r++) {
      const c = codes[r]!;
      const p = (c >= 0 && c < k ? c : k) * 3 + st[r]!;
      cells[p] = cells[p]! + 1;
    }
    const groups = [...dict, null].map((value, g) => {
      const counts: [number, number, number] = [
        cells[g * 3]!,
        cells[g * 3 + 1]!,
        cells[g * 3 + 2]!,
      ];
      return {
        value,
        eligible: counts[ELIGIBLE],
        needsReview: counts[NEEDS_REVIEW],
        ineligible: counts[INELIGIBLE],
        total: counts[0] + counts[1] + counts[2],
      };
    });
    return { groups: groups.filter((g) => g.value !== null || g.total > 0) };
  }

  /** Status of one row. */
  rowStatus(row: number): Status {
    if (has(this.anyFail, row)) return INELIGIBLE;
    return has(this.anyUnd, row) ? NEEDS_REVIEW : ELIGIBLE;
  }

  /** Status code per row (ELIGIBLE / NEEDS_REVIEW / INELIGIBLE), cached until the next change. */
  statusArray(): Uint8Array {
    if (this.statuses) return this.statuses;
    const out = new Uint8Array(this.nRows);
    const { anyFail, anyUnd } = this;
    for (let w = 0; w < anyFail.length; w++) {
      const f = anyFail[w]!;
      const u = anyUnd[w]! & ~f;
      if ((f | u) === 0) continue;
      const base = w << 5;
      const end = Math.min(32, this.nRows - base);
      // ELIGIBLE = 0, NEEDS_REVIEW = 1, INELIGIBLE = 2
      for (let b = 0; b < end; b++) out[base + b] = (((f >>> b) & 1) << 1) | ((u >>> b) & 1);
    }
    this.statuses = out;
    return out;
  }

  /** Row indices (ascending) matching a filter, e.g. when the user clicks a bar. */
  rowsWhere(filter: RowFilter): Uint32Array {
    const n = this.nRows;
    if ("status" in filter) {
      if (filter.status === INELIGIBLE) return toIndices(this.anyFail);
      if (filter.status === NEEDS_REVIEW) return toIndices(andNot(this.anyUnd, this.anyFail));
      return toIndices(not(or(this.anyFail, this.anyUnd), n));
    }
    if ("verdict" in filter) return this.rowsWithVerdict(filter.criterion, filter.verdict);
    if ("failingAlone" in filter) {
      const i = filter.failingAlone;
      this.check(i);
      return toIndices(andNot(this.rawFail[i]!, this.enabled[i] ? this.multiFail : this.anyFail));
    }
    if ("unknownAlone" in filter) {
      const i = filter.unknownAlone;
      this.check(i);
      return toIndices(
        andNot(this.rawUnd[i]!, or(this.anyFail, this.enabled[i] ? this.multiUnd : this.anyUnd)),
      );
    }
    const inSet = new Set(filter.combination);
    let acc: Bitset = inSet.size === 0 ? not(this.anyFail, n) : not(this.empty, n);
    this.fail.forEach((f, i) => {
      if (inSet.has(i)) acc = and(acc, f, acc);
      else acc = andNot(acc, f, acc);
    });
    return toIndices(acc);
  }

  private rowsWithVerdict(i: number, verdict: Verdict): Uint32Array {
    this.check(i);
    const v = this.verdicts[i]!;
    let n = 0;
    for (let r = 0; r < v.length; r++) if (v[r] === verdict) n++;
    const out = new Uint32Array(n);
    for (let r = 0, k = 0; k < n; r++) if (v[r] === verdict) out[k++] = r;
    return out;
  }

  private load(i: number, v: Uint8Array, packed?: { f: Bitset; u: Bitset; site: number }): void {
    if (v.length !== this.nRows)
      throw new RangeError(
        `invalid verdicts for ${this.criteria[i]?.id}: length ${v.length}, expected ${this.nRows}`,
      );
    let f: Bitset;
    let u: Bitset;
    let site: number;
    if (packed) ({ f, u, site } = packed);
    else {
      f = newBitset(this.nRows);
      u = newBitset(this.nRows);
      const r = packVerdicts(v, f, u);
      if (r.bad >= 0)
        throw new RangeError(
          `invalid verdict code ${v[r.bad]} at row ${r.bad} of ${this.criteria[i]?.id}`,
        );
      site = r.site;
    }
    const nf = popcount(f);
    const nu = popcount(u);
    this.verdicts[i] = v;
    this.rawFail[i] = f;
    this.rawUnd[i] = u;
    this.tally[i] = { fail: nf, unknown: nu, site, pass: this.nRows - nf - nu - site };
  }

  /**
   * Make (fail, und) criterion i's effective bitsets. Only rows whose bit changed are touched:
   * their per-row counters move by one and their any / at-least-two bits follow.
   */
  private swap(i: number, beforeFail: Bitset, beforeUnd: Bitset, fail: Bitset, und: Bitset): void {
    const diffF = xor(beforeFail, fail, this.tmp);
    const diffU = xor(beforeUnd, und, this.tmp2);
    // one pass over the changed rows: alone counts out, sets and counters, alone counts back in
    const { nFail, nUnd, anyFail, multiFail, anyUnd, multiUnd, alone } = this;
    for (let w = 0; w < diffF.length; w++) {
      const df = diffF[w]! | 0;
      const du = diffU[w]! | 0;
      let m = df | du;
      while (m !== 0) {
        const t = m & -m;
        m ^= t;
        const r = (w << 5) + (31 - Math.clz32(t));
        if (alone) this.contribute(r, -1);
        if (df & t) {
          this.sets.flip(i, r);
          const c = (nFail[r] = nFail[r]! + ((fail[w]! & t) !== 0 ? 1 : -1));
          anyFail[w] = c > 0 ? anyFail[w]! | t : anyFail[w]! & ~t;
          multiFail[w] = c > 1 ? multiFail[w]! | t : multiFail[w]! & ~t;
        }
        if (du & t) {
          this.undSets.flip(i, r);
          const c = (nUnd[r] = nUnd[r]! + ((und[w]! & t) !== 0 ? 1 : -1));
          anyUnd[w] = c > 0 ? anyUnd[w]! | t : anyUnd[w]! & ~t;
          multiUnd[w] = c > 1 ? multiUnd[w]! | t : multiUnd[w]! & ~t;
        }
        if (alone) this.contribute(r, 1);
      }
    }
    this.fail[i] = fail;
    this.und[i] = und;
    this.statuses = undefined;
    const p = this.funnel?.pos[i] ?? -1;
    if (this.funnel && p >= 0 && p < this.funnel.valid) this.funnel.valid = p;
  }

  /** Add (sign 1) or remove (-1) row r's share of the failing-alone / unknown-alone counts. */
  private contribute(r: number, sign: number): void {
    const alone = this.alone!;
    const stride = this.sets.stride;
    const fw = this.sets.words;
    const uw = this.undSets.words;
    const p = r * stride;
    const f = single(fw[p]! | 0, stride === 2 ? fw[p + 1]! | 0 : 0);
    const u0 = uw[p]! | 0;
    const u1 = stride === 2 ? uw[p + 1]! | 0 : 0;
    if (f >= 0) {
      alone.fail[f] = alone.fail[f]! + sign;
      if ((u0 | u1) !== 0) alone.failUnd[f] = alone.failUnd[f]! + sign;
    }
    if (f !== -1) return; // some criterion fails (alone or not): no unknown is alone
    const u = single(u0, u1);
    if (u >= 0) alone.unknown[u] = alone.unknown[u]! + sign;
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.criteria.length)
      throw new RangeError(`invalid criterion index: ${i}`);
  }
}
