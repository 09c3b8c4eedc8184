import { attritionRows } from "./attrition.ts";
import type { ResultSet } from "../results/result-set.ts";
import { Ledger, suppress } from "./ledger.ts";
import { runAudit, type AuditJob, type AuditResult } from "./audit.ts";
import { cellKeys, joinRecords, recordOf } from "./series.ts";
import { loadedSolver } from "./solver.ts";
import { publishableSubgroup } from "./subgroup-rule.ts";
import { checkThreshold, DEFAULT_THRESHOLD } from "./threshold.ts";
import { shareBand } from "./completeness.ts";
import { FAIL, UNDECIDED } from "../types.ts";
import type { AggregateReport, Count, ReportMeta, ReportOptions, StatusCells } from "./types.ts";

export const REPORT_SCHEMA = "cohort-prescreener/aggregate-report";
/** the one symbol of every unpublished count */
export const HIDDEN = "*";

/** The protection rule, as the report states it. */
export function ruleText(t: number): string {
  return (
    `No count from 1 to ${t - 1} is published. For every unpublished count, the smallest and ` +
    `largest values consistent with all published numbers and every relation between them ` +
    `(computed exactly by integer programming) span at least ${t} values, and 0 stays possible ` +
    `for every true count from 1 to ${t - 1}.`
  );
}

/** A report cannot be made as asked (bad threshold; no suppression that protects it). */
export class ReportError extends Error {}

/**
 * Build the shareable aggregate report of a result set, with small-cell suppression applied to
 * every number (on by default, threshold 11) and complementary suppression over every relation
 * the report implies: status sums, funnel differences, per-criterion sums, combination sums,
 * subgroup row and column sums.
 *
 * @example
 * const report = buildReport(rs, { protocol, parameters, date: "2026-11-25" }, { subgroups: [{ name: "sex", codes, dict }] });
 * JSON.stringify(report);
 */
export function buildReport(
  rs: ResultSet,
  meta: ReportMeta,
  opts: ReportOptions = {},
): AggregateReport {
  const plan = planReport(rs, meta, opts);
  if (!plan.job) return plan.finish();
  const solver = opts.solver ?? loadedSolver();
  if (!solver) throw new ReportError("the suppression solver is not loaded (loadSolver)");
  return plan.finish(runAudit(solver, plan.job));
}

/**
 * A report in two halves, so the audit (the solver's work, seconds on a small extract) can run
 * elsewhere (a worker): `job` is what the audit needs (null when suppression is off), `finish`
 * writes the report once its result is known (throws ReportError when it failed).
 */
export function planReport(
  rs: ResultSet,
  meta: ReportMeta,
  opts: ReportOptions = {},
): { job: AuditJob | null; finish: (result?: AuditResult) => AggregateReport } {
  const checked = checkThreshold(opts.threshold ?? DEFAULT_THRESHOLD);
  if (checked.error !== undefined) throw new ReportError(checked.error);
  const threshold = checked.threshold;
  const enabled = opts.suppression ?? true;
  const L = new Ledger();
  const counts = rs.counts();
  // priorities for complementary suppression: headline 3, margins 1, details 0
  const T = L.cell("total", counts.total, 3);
  const E = L.cell("eligible", counts.eligible, 3);
  const NR = L.cell("needsReview", counts.needsReview, 3);
  const I = L.cell("ineligible", counts.ineligible, 3);
  const H = L.cell("eligibleHigh", counts.eligibleRange[1], 3);
  L.relate([E, NR, I], [T]);
  L.relate([E, NR], [H]);
  L.relate([H, I], [T]);

  // a criterion decided only at site removes no one: it has no funnel step (and its zero
  // removals, known to be zero, must not serve as complementary cells)
  const perAll = rs.perCriterion();
  const siteOnly = new Set(
    perAll.filter((c) => c.site === counts.total && counts.total > 0).map((c) => c.index),
  );
  const funnel = rs.attrition(opts.order);
  funnel.steps = funnel.steps.filter((s) => !siteOnly.has(s.index));
  let prevLo = T;
  let prevHi = T;
  let prevGap: string | undefined;
  const steps = funnel.steps.map((s, k) => {
    const last = k === funnel.steps.length - 1; // the same numbers as the headline
    const lo = L.cell(`funnel.${k}.remainingLow`, s.remainingLow, last ? 3 : 1);
    const hi = L.cell(`funnel.${k}.remainingHigh`, s.remainingHigh, last ? 3 : 1);
    const rLo = L.cell(`funnel.${k}.removedLow`, s.removedLow);
    const rHi = L.cell(`funnel.${k}.removedHigh`, s.removedHigh);
    const gap = L.cell(
      `funnel.${k}.unknownRemaining`,
      s.remainingHigh - s.remainingLow,
      last ? 3 : 0,
    );
    L.relate([lo, rLo], [prevLo]);
    L.relate([hi, rHi], [prevHi]);
    L.relate([lo, gap], [hi]);
    if (prevGap) L.relate([prevGap, rLo], [gap, rHi]);
    else L.relate([rLo], [gap, rHi]);
    [prevLo, prevHi, prevGap] = [lo, hi, gap];
    return { s, lo, hi, rLo, rHi, gap };
  });
  if (steps.length > 0) {
    L.relate([prevLo], [E]);
    L.relate([prevHi], [H]);
  }

  const per = perAll.filter((c) => c.enabled);
  const perIds = per.map((c, k) => {
    const id = (f: string, v: number, priority = 1) => L.cell(`criteria.${k}.${f}`, v, priority);
    const ids = {
      failing: id("failing", c.failing),
      unknown: id("unknown", c.unknown),
      pass: id("pass", c.pass),
      siteAssessed: id("siteAssessed", c.site),
      failingAlone: id("failingAlone", c.failingAlone, 0),
      unknownAlone: id("unknownAlone", c.unknownAlone, 0),
    };
    L.relate([ids.failing, ids.unknown, ids.pass, ids.siteAssessed], [T]);
    L.relate(
      [ids.failingAlone, L.hidden(`criteria.${k}.failingWithOthers`, c.failing - c.failingAlone)],
      [ids.failing],
    );
    return ids;
  });
  if (per.length > 0) {
    const sumAlone = per.reduce((s, c) => s + c.failingAlone, 0);
    L.relate(
      [
        ...perIds.map((p) => p.failingAlone),
        L.hidden("ineligibleMultiple", counts.ineligible - sumAlone),
      ],
      [I],
    );
    const sumUnkAlone = per.reduce((s, c) => s + c.unknownAlone, 0);
    L.relate(
      [
        ...perIds.map((p) => p.unknownAlone),
        L.hidden("needsReviewMultiple", counts.needsReview - sumUnkAlone),
      ],
      [NR],
    );
  }

  // what every reader can also write: counts within counts
  const byIndex = new Map(per.map((c, k) => [c.index, perIds[k]!]));
  for (const p of perIds) {
    L.bound([p.unknownAlone], [p.unknown]);
    L.bound([p.failing], [I]);
    L.bound([p.unknown], [NR, I]);
    L.bound([E], [p.pass, p.siteAssessed]);
  }
  if (per.length > 0) {
    L.bound(
      [I],
      perIds.map((p) => p.failing),
    );
    L.bound(
      [NR],
      perIds.map((p) => p.unknown),
    );
  }
  // every funnel step against its criterion: the first step removes exactly its failing (and
  // unknown) patients; a later one at most those, at least those failing it alone; once every
  // enabled criterion has a step, the last removes exactly those failing it alone (and, when
  // unknown counts as failing, at most those failing or unknown on it alone)
  const covers = per.every(
    (c) => siteOnly.has(c.index) || steps.some((x) => x.s.index === c.index),
  );
  steps.forEach(({ s, rLo, rHi }, k) => {
    const c = byIndex.get(s.index);
    if (!c) return;
    if (k === 0) {
      L.relate([rHi], [c.failing]);
      L.relate([rLo], [c.failing, c.unknown]);
    } else if (k === steps.length - 1 && covers) {
      L.relate([rHi], [c.failingAlone]);
      L.bound([rLo], [c.failingAlone, c.unknownAlone]);
    } else {
      L.bound([c.failingAlone], [rHi]);
      L.bound([rHi], [c.failing]);
      L.bound([rLo], [c.failing, c.unknown]);
    }
  });

  // each completeness band bounds a variable's missing count, which equals (or bounds) the
  // unknown count of every criterion whose unknown patients are (or lie within) those missing it
  const n = counts.total;
  const undecided = per.map((c) => rs.verdictsOf(c.index));
  const bands = (enabled ? (opts.completeness ?? []) : []).map((v, j) => {
    let m = 0;
    for (let r = 0; r < n; r++) m += v.missing[r]!;
    const band = shareBand(n - m, n, threshold);
    const miss = L.hidden(`completeness.${j}.missing`, m);
    const lo = L.cell(`completeness.${j}.low`, n - band.known[1]);
    const hi = L.cell(`completeness.${j}.high`, n - band.known[0]);
    L.bound([lo], [miss]);
    L.bound([miss], [hi]);
    undecided.forEach((verdicts, k) => {
      let within = true; // unknown on the criterion => missing the variable
      let covers = true; // missing the variable => unknown on the criterion
      for (let r = 0; r < n && (within || covers); r++) {
        const u = verdicts[r] === UNDECIDED;
        const x = v.missing[r] === 1;
        if (u && !x) within = false;
        if (x && !u) covers = false;
      }
      const unk = perIds[k]!.unknown;
      if (within && covers) L.relate([unk], [miss]);
      else if (within) L.bound([unk], [miss]);
      else if (covers) L.bound([miss], [unk]);
    });
    return { variable: v.variable, text: band.text, lo, hi };
  });

  const comb = rs.combinations(opts.topCombinations ?? 10);
  const anyFail = L.cell("combinations.rowsWithAnyFail", comb.rowsWithAnyFail, 3);
  L.relate([anyFail], [I]);
  const setIds = comb.sets.map((s, k) => {
    const id = L.cell(`combinations.${k}`, s.count);
    const only = s.criteria.length === 1 ? per.findIndex((c) => c.index === s.criteria[0]) : -1;
    if (only >= 0) L.relate([id], [perIds[only]!.failingAlone]);
    return id;
  });
  const other = L.cell("combinations.other", comb.otherRows);
  L.relate([...setIds, other], [anyFail]);
  // the sets are listed most frequent first; patients in several sets' criteria fail with others
  for (let k = 1; k < setIds.length; k++) L.bound([setIds[k]!], [setIds[k - 1]!]);
  per.forEach((c, k) => {
    const multi = comb.sets.flatMap((s, j) =>
      s.criteria.length > 1 && s.criteria.includes(c.index) ? [setIds[j]!] : [],
    );
    if (multi.length > 0) L.bound(multi, [`criteria.${k}.failingWithOthers`]);
  });

  const subgroupsRefused: { name: string; reason: string }[] = [];
  const chosen = (opts.subgroups ?? []).flatMap((sg) => {
    const d = publishableSubgroup(sg.name, sg, threshold, opts.idColumn);
    if (d.ok) return [{ name: sg.name, codes: d.codes, dict: d.dict }];
    subgroupsRefused.push({ name: sg.name, reason: d.reason });
    return [];
  });
  const subgroups = chosen.map((sg, g) => {
    const rows = rs.subgroups(sg.codes, sg.dict).groups.map((row, k) => {
      const id = (f: string, v: number, priority = 0) =>
        L.cell(`subgroups.${g}.${k}.${f}`, v, priority);
      const ids = {
        eligible: id("eligible", row.eligible),
        needsReview: id("needsReview", row.needsReview),
        ineligible: id("ineligible", row.ineligible),
        total: id("total", row.total, 1),
      };
      L.relate([ids.eligible, ids.needsReview, ids.ineligible], [ids.total]);
      return { value: row.value, ids };
    });
    for (const [f, margin] of [
      ["eligible", E],
      ["needsReview", NR],
      ["ineligible", I],
      ["total", T],
    ] as const) {
      L.relate(
        rows.map((r) => r.ids[f]),
        [margin],
      );
    }
    return { name: sg.name, rows };
  });

  const earlier = opts.earlier ?? [];
  const subgroupRecord = chosen.map((sg, g) => ({
    name: sg.name,
    g,
    dict: sg.dict,
    codes: sg.codes,
  }));
  const label = `${meta.protocol.id} ${JSON.stringify(meta.parameters)} ${meta.date}`;
  const keys = cellKeys(
    steps.map((x) => x.s.id),
    per.map((c) => c.id),
    comb.sets.map((x) => x.ids),
    subgroups.map((sg) => ({ name: sg.name, levels: sg.rows.map((r) => r.value) })),
  );
  const status = opts.record || earlier.length ? rs.statusArray() : new Uint8Array(0);
  const critVerdicts = new Map(
    opts.record || earlier.length
      ? per.map((c, k) => [c.id, { k, verdicts: rs.verdictsOf(c.index) }])
      : [],
  );
  const inOther = status.length > 0 ? otherRows(rs, per, comb) : undefined;
  const stepIds = steps.map((x) => x.s.id);
  let job: AuditJob | null = null;
  if (enabled) {
    // the one-relation pass first (cheap), then the solver proves or extends it; with the
    // reports exported before, every small count of any of them, and every small movement of
    // patients between them, must stay unprovable too
    job = {
      threshold,
      cells: L.cells,
      relations: [...L.relations, ...L.bounds.map((b) => ({ ...b, le: true }))],
      initial: [...suppress(L, threshold).keys()],
      earlier: earlier.map((e) => e.label),
      ...(earlier.length > 0
        ? {
            joined: joinRecords(
              recordOf(
                label,
                L,
                new Set(),
                status,
                critVerdicts,
                subgroupRecord,
                keys,
                stepIds,
                inOther,
              ),
              earlier,
            ),
          }
        : {}),
    };
  }
  const finish = (result?: AuditResult): AggregateReport => {
    if (job && !result) throw new Error("this report needs its audit (runAudit)");
    if (result?.failure) throw new ReportError(result.failure);
    const hidden = new Set(result?.hidden ?? []);
    const audit: AggregateReport["suppression"]["audit"] = result && {
      solver: result.solver,
      solves: result.solves,
      cellsChecked: result.cellsChecked,
      reports: 1 + earlier.length,
    };
    opts.record?.(
      recordOf(label, L, hidden, status, critVerdicts, subgroupRecord, keys, stepIds, inOther),
    );
    const out = (id: string): Count =>
      hidden.has(id) ? { suppressed: true, display: HIDDEN } : L.get(id).value;
    const totals: StatusCells = {
      eligible: out(E),
      needsReview: out(NR),
      ineligible: out(I),
      total: out(T),
    };

    const funnelOut = {
      start: out(T),
      steps: steps.map(({ s, lo, hi, rLo, rHi, gap }) => ({
        id: s.id,
        label: s.label,
        remainingLow: out(lo),
        remainingHigh: out(hi),
        removedLow: out(rLo),
        removedHigh: out(rHi),
        unknownRemaining: out(gap),
      })),
    };

    return {
      schema: REPORT_SCHEMA,
      version: 2,
      generated: meta.date,
      ...(enabled
        ? {}
        : {
            notForSharing:
              "Small-cell suppression is off: this is the site's own copy and must not be shared.",
          }),
      protocol: { ...meta.protocol },
      parameters: { ...meta.parameters },
      source: {
        ...(meta.source?.name !== undefined ? { name: meta.source.name } : {}),
        ...(meta.source?.fingerprint !== undefined ? { fingerprint: meta.source.fingerprint } : {}),
        rows: out(T),
      },
      suppression: {
        enabled,
        threshold,
        display: HIDDEN,
        rule: enabled ? ruleText(threshold) : "none: every count is published",
        ...(audit ? { audit } : {}),
      },
      headline: { ...totals, eligibleRange: [out(E), out(H)] },
      criteriaSetAside: perAll.filter((c) => !c.enabled).map((c) => c.id),
      funnel: funnelOut,
      // from the funnel's published (audited) cells only: nothing a reader could not work out
      attrition: attritionRows(funnelOut.start, funnelOut.steps),
      criteria: per.map((c, k) => {
        const p = perIds[k]!;
        return {
          id: c.id,
          kind: c.kind,
          label: c.label,
          failing: out(p.failing),
          unknown: out(p.unknown),
          pass: out(p.pass),
          siteAssessed: out(p.siteAssessed),
          failingAlone: out(p.failingAlone),
          unknownAlone: out(p.unknownAlone),
        };
      }),
      combinations: {
        rowsWithAnyFail: out(anyFail),
        sets: comb.sets.map((s, k) => ({ criteria: s.ids, count: out(setIds[k]!) })),
        otherRows: out(other),
      },
      subgroups: subgroups.map((sg) => ({
        name: sg.name,
        groups: sg.rows.map((r) => ({
          value: r.value,
          eligible: out(r.ids.eligible),
          needsReview: out(r.ids.needsReview),
          ineligible: out(r.ids.ineligible),
          total: out(r.ids.total),
        })),
        totals,
      })),
      subgroupsRefused,
      ...(bands.length > 0
        ? {
            completeness: bands.map((b) => ({
              variable: b.variable,
              share: hidden.has(b.lo) || hidden.has(b.hi) ? HIDDEN : b.text,
            })),
          }
        : {}),
    };
  };
  return { job, finish };
}

/**
 * 1 for each row in "other combinations": failing some criterion, with a set of failed criteria
 * not among those listed (series.ts links it per patient between reports).
 */
function otherRows(
  rs: ResultSet,
  per: readonly { index: number }[],
  comb: { sets: { criteria: number[] }[]; otherRows: number },
): Uint8Array {
  const n = rs.statusArray().length;
  const sets = new Array<string>(n).fill("");
  for (const c of [...per].sort((a, b) => a.index - b.index)) {
    const v = rs.verdictsOf(c.index);
    for (let r = 0; r < n; r++) if (v[r] === FAIL) sets[r] += `${c.index},`;
  }
  const listed = new Set(
    comb.sets.map((s) =>
      [...s.criteria]
        .sort((a, b) => a - b)
        .map((i) => `${i},`)
        .join(""),
    ),
  );
  const out = Uint8Array.from(sets, (x) => Number(x !== "" && !listed.has(x)));
  if (out.reduce((a, b) => a + b, 0) !== comb.otherRows)
    throw new Error("other combinations: rows and count disagree");
  return out;
}
