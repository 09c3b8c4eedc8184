import {
  ELIGIBLE,
  FAIL,
  INELIGIBLE,
  NEEDS_REVIEW,
  PASS,
  SITE,
  UNDECIDED,
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
  popcount32,
  toIndices,
  xor,
  type Bitset,
} from "./bitset.ts";
import { FailSets } from "./fail-sets.ts";
import type {
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
export class ResultSet {
  private readonly verdicts: Uint8Array[];
  private readonly rawFail: Bitset[];
  private readonly rawUnd: Bitset[];
  private readonly fail: Bitset[];
  private readonly und: Bitset[];
  private readonly tally: { pass: number; fail: number; unknown: number; site: number }[];
  private readonly enabled: boolean[];
  private readonly sets: FailSets;
  private readonly empty: Bitset;
  private readonly anyFail: Bitset;
  private readonly multiFail: Bitset;
  private readonly anyUnd: Bitset;
  private readonly multiUnd: Bitset;
  private readonly tmp: Bitset;
  private dirty = true;
  private statuses: Uint8Array | undefined;

  constructor(
    readonly criteria: readonly CriterionMeta[],
    readonly nRows: number,
    verdicts: readonly Uint8Array[],
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
    this.verdicts = [];
    this.rawFail = [];
    this.rawUnd = [];
    this.tally = [];
    this.enabled = criteria.map(() => true);
    this.sets = new FailSets(n, criteria.length);
    verdicts.forEach((v, i) => this.load(i, v));
    this.fail = this.rawFail.slice();
    this.und = this.rawUnd.slice();
    this.fail.forEach((f, i) => this.sets.toggle(i, f));
  }

  /** Replace criterion i's verdicts (a what-if) and update bitsets and fail sets incrementally. */
  setVerdicts(i: number, verdicts: Uint8Array): void {
    this.check(i);
    const before = this.fail[i]!;
    this.load(i, verdicts);
    if (this.enabled[i]) this.swap(i, before, this.rawFail[i]!, this.rawUnd[i]!);
  }

  /** Set criterion i aside (false) or bring it back (true). */
  setEnabled(i: number, on: boolean): void {
    this.check(i);
    if (this.enabled[i] === on) return;
    this.enabled[i] = on;
    const before = this.fail[i]!;
    this.swap(i, before, on ? this.rawFail[i]! : this.empty, on ? this.rawUnd[i]! : this.empty);
  }

  isEnabled(i: number): boolean {
    return this.enabled[i] === true;
  }

  /** Criterion i's verdict array (held by reference, do not mutate). */
  verdictsOf(i: number): Uint8Array {
    this.check(i);
    return this.verdicts[i]!;
  }

  /** Count of rows per status, and the eligible range [eligible, eligible + needs-review]. */
  counts(): StatusCounts {
    this.refresh();
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
    this.refresh();
    return this.criteria.map((c, i) => {
      const on = this.enabled[i]!;
      const failingAlone = countAndNot(this.rawFail[i]!, on ? this.multiFail : this.anyFail);
      or(this.anyFail, on ? this.multiUnd : this.anyUnd, this.tmp);
      const unknownAlone = countAndNot(this.rawUnd[i]!, this.tmp);
      const t = this.tally[i]!;
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
      };
    });
  }

  /**
   * Sequential funnel over the enabled criteria of `order` (default: protocol order). Each step's
   * remaining count is a range: `low` counts unknown as fail, `high` counts unknown as pass.
   */
  attrition(order: readonly number[] = this.criteria.map((_, i) => i)): Attrition {
    const n = this.nRows;
    const lo = not(this.empty, n);
    const hi = not(this.empty, n);
    const steps: Attrition["steps"] = [];
    let prevLo = n;
    let prevHi = n;
    for (const i of order) {
      this.check(i);
      if (!this.enabled[i]) continue;
      const f = this.fail[i]!;
      const u = this.und[i]!;
      let cLo = 0;
      let cHi = 0;
      for (let w = 0; w < lo.length; w++) {
        const h = hi[w]! & ~f[w]!;
        const l = lo[w]! & ~(f[w]! | u[w]!);
        hi[w] = h;
        lo[w] = l;
        cHi += popcount32(h);
        cLo += popcount32(l);
      }
      const c = this.criteria[i]!;
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
    }
    return { start: n, steps };
  }

  /** The `topK` most frequent sets of failed (enabled) criteria, UpSet style. */
  combinations(topK = 20): CombinationSummary {
    this.refresh();
    const rowsWithAnyFail = popcount(this.anyFail);
    const sets = this.sets
      .top(topK)
      .map(({ set, count }) => ({
        criteria: set,
        ids: set.map((i) => this.criteria[i]!.id),
        count,
      }));
    const shown = sets.reduce((s, x) => s + x.count, 0);
    return {
      rowsWithAnyFail,
      distinctSets: this.sets.entries().length,
      sets,
      otherRows: rowsWithAnyFail - shown,
    };
  }

  /** Status counts per category value (site, sex, age band...). Code -1 counts as missing. */
  subgroups(codes: Int32Array, dict: readonly string[]): SubgroupSummary {
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
    this.refresh();
    if (has(this.anyFail, row)) return INELIGIBLE;
    return has(this.anyUnd, row) ? NEEDS_REVIEW : ELIGIBLE;
  }

  /** Status code per row (ELIGIBLE / NEEDS_REVIEW / INELIGIBLE), cached until the next change. */
  statusArray(): Uint8Array {
    this.refresh();
    if (this.statuses) return this.statuses;
    const out = new Uint8Array(this.nRows);
    const { anyFail, anyUnd } = this;
    for (let w = 0; w < anyFail.length; w++) {
      const f = anyFail[w]!;
      const u = anyUnd[w]! & ~f;
      if ((f | u) === 0) continue;
      const base = w << 5;
      const end = Math.min(32, this.nRows - base);
      for (let b = 0; b < end; b++)
        out[base + b] = (f >>> b) & 1 ? INELIGIBLE : (u >>> b) & 1 ? NEEDS_REVIEW : ELIGIBLE;
    }
    this.statuses = out;
    return out;
  }

  /** Row indices (ascending) matching a filter, e.g. when the user clicks a bar. */
  rowsWhere(filter: RowFilter): Uint32Array {
    this.refresh();
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
    const hits: number[] = [];
    for (let r = 0; r < v.length; r++) if (v[r] === verdict) hits.push(r);
    return Uint32Array.from(hits);
  }

  private load(i: number, v: Uint8Array): void {
    if (v.length !== this.nRows)
      throw new RangeError(
        `invalid verdicts for ${this.criteria[i]?.id}: length ${v.length}, expected ${this.nRows}`,
      );
    const f = newBitset(this.nRows);
    const u = newBitset(this.nRows);
    let nf = 0;
    let nu = 0;
    let ns = 0;
    for (let w = 0, base = 0; w < f.length; w++, base += 32) {
      let fw = 0;
      let uw = 0;
      const end = Math.min(32, this.nRows - base);
      for (let b = 0; b < end; b++) {
        const x = v[base + b]!;
        if (x === FAIL) fw |= 1 << b;
        else if (x === UNDECIDED) uw |= 1 << b;
        else if (x === SITE) ns++;
        else if (x !== PASS)
          throw new RangeError(
            `invalid verdict code ${x} at row ${base + b} of ${this.criteria[i]?.id}`,
          );
      }
      f[w] = fw;
      u[w] = uw;
      nf += popcount32(fw);
      nu += popcount32(uw);
    }
    this.verdicts[i] = v;
    this.rawFail[i] = f;
    this.rawUnd[i] = u;
    this.tally[i] = { fail: nf, unknown: nu, site: ns, pass: this.nRows - nf - nu - ns };
  }

  private swap(i: number, before: Bitset, fail: Bitset, und: Bitset): void {
    this.sets.toggle(i, xor(before, fail, this.tmp));
    this.fail[i] = fail;
    this.und[i] = und;
    this.dirty = true;
    this.statuses = undefined;
  }

  /** Recompute any / at-least-two bitsets with bit-sliced counters: O(words x criteria). */
  private refresh(): void {
    if (!this.dirty) return;
    slice2(this.fail, this.anyFail, this.multiFail);
    slice2(this.und, this.anyUnd, this.multiUnd);
    this.dirty = false;
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.criteria.length)
      throw new RangeError(`invalid criterion index: ${i}`);
  }
}

function slice2(sets: readonly Bitset[], ones: Bitset, twos: Bitset): void {
  ones.fill(0);
  twos.fill(0);
  for (const s of sets) {
    for (let w = 0; w < ones.length; w++) {
      const x = s[w]!;
      twos[w] = twos[w]! | (ones[w]! & x);
      ones[w] = ones[w]! | x;
    }
  }
}
