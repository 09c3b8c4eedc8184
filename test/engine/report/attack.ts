/**
 * The subtraction attack, written from the report's JSON structure alone (independently of the
 * builder's ledger): list every linear relation a reader can form between published numbers
 * (status sums, funnel differences, per-criterion sums, combination sums, subgroup margins),
 * then repeatedly solve any relation with exactly one unknown. Any suppressed count so solved,
 * or any derived unpublished count that is small, is a disclosure.
 */
import type { AggregateReport, Count } from "../../../src/engine/report/types.ts";

interface Term {
  name: string;
  published: Count | undefined; // undefined: implied, never printed
  truth: number;
}

export interface Disclosure {
  name: string;
  value: number;
  via: string;
}

/** A relation: sum of `plus` terms equals sum of `minus` terms. */
export interface Rel {
  plus: Term[];
  minus: Term[];
}

export function relationsOf(pub: AggregateReport, truth: AggregateReport): Rel[] {
  const t = (name: string, get: (r: AggregateReport) => Count): Term => ({
    name,
    published: get(pub),
    truth: get(truth) as number,
  });
  const hidden = (name: string, truthValue: number): Term => ({
    name,
    published: undefined,
    truth: truthValue,
  });
  const rels: Rel[] = [];
  const eq = (plus: Term[], ...minus: Term[]) => rels.push({ plus, minus });
  const T = t("total", (r) => r.headline.total);
  const E = t("eligible", (r) => r.headline.eligible);
  const NR = t("needsReview", (r) => r.headline.needsReview);
  const I = t("ineligible", (r) => r.headline.ineligible);
  const H = t("eligibleRange[1]", (r) => r.headline.eligibleRange[1]);
  eq([E, NR, I], T);
  eq([t("eligibleRange[0]", (r) => r.headline.eligibleRange[0])], E);
  eq([E, NR], H);
  eq([H, I], T);
  eq([t("source.rows", (r) => r.source.rows)], T);
  eq([t("funnel.start", (r) => r.funnel.start)], T);

  let prevLo = T;
  let prevHi = T;
  let prevGap: Term | undefined;
  pub.funnel.steps.forEach((_, k) => {
    type F = "remainingLow" | "remainingHigh" | "removedLow" | "removedHigh" | "unknownRemaining";
    const f = (field: F) => t(`funnel[${k}].${field}`, (r) => r.funnel.steps[k]![field]);
    const [lo, hi, rLo, rHi, gap] = [
      f("remainingLow"),
      f("remainingHigh"),
      f("removedLow"),
      f("removedHigh"),
      f("unknownRemaining"),
    ];
    eq([lo, rLo], prevLo);
    eq([hi, rHi], prevHi);
    eq([lo, gap], hi);
    // the unknown gap shrinks by what the optimistic count removes less than the pessimistic one
    eq(prevGap ? [prevGap, rLo] : [rLo], gap, rHi);
    [prevLo, prevHi, prevGap] = [lo, hi, gap];
  });
  if (pub.funnel.steps.length) {
    eq([prevLo], E);
    eq([prevHi], H);
  }

  const alone: Term[] = [];
  const unkAlone: Term[] = [];
  pub.criteria.forEach((c, k) => {
    type F = "failing" | "unknown" | "pass" | "siteAssessed" | "failingAlone" | "unknownAlone";
    const f = (field: F) => t(`criteria[${c.id}].${field}`, (r) => r.criteria[k]![field]);
    const fa = f("failingAlone");
    const failing = f("failing");
    alone.push(fa);
    unkAlone.push(f("unknownAlone"));
    eq([failing, f("unknown"), f("pass"), f("siteAssessed")], T);
    eq([fa, hidden(`failingWithOthers[${c.id}]`, failing.truth - fa.truth)], failing);
    pub.combinations.sets.forEach((s, j) => {
      if (s.criteria.length === 1 && s.criteria[0] === c.id)
        eq(
          [fa],
          t(`combinations[${j}]`, (r) => r.combinations.sets[j]!.count),
        );
    });
  });
  if (alone.length) {
    const sum = (xs: Term[]) => xs.reduce((s, x) => s + x.truth, 0);
    eq([...alone, hidden("ineligibleWithSeveralFails", I.truth - sum(alone))], I);
    eq([...unkAlone, hidden("needsReviewWithSeveralUnknowns", NR.truth - sum(unkAlone))], NR);
  }

  const any = t("combinations.rowsWithAnyFail", (r) => r.combinations.rowsWithAnyFail);
  const sets = pub.combinations.sets.map((_, j) =>
    t(`combinations[${j}]`, (r) => r.combinations.sets[j]!.count),
  );
  eq([any], I);
  eq([...sets, t("combinations.other", (r) => r.combinations.otherRows)], any);

  pub.subgroups.forEach((sg, g) => {
    const cols = ["eligible", "needsReview", "ineligible", "total"] as const;
    type Col = (typeof cols)[number];
    const cell = (k: number, col: Col) =>
      t(`${sg.name}[${k}].${col}`, (r) => r.subgroups[g]!.groups[k]![col]);
    const margin = (col: Col) => t(`${sg.name}.totals.${col}`, (r) => r.subgroups[g]!.totals[col]);
    sg.groups.forEach((_, k) =>
      eq([cell(k, "eligible"), cell(k, "needsReview"), cell(k, "ineligible")], cell(k, "total")),
    );
    for (const col of cols)
      eq(
        sg.groups.map((_, k) => cell(k, col)),
        margin(col),
      );
    eq([margin("eligible")], E);
    eq([margin("needsReview")], NR);
    eq([margin("ineligible")], I);
    eq([margin("total")], T);
  });
  return rels;
}

/** Peel: solve relations with one unknown until nothing changes; report what leaked. */
export function attack(
  pub: AggregateReport,
  truth: AggregateReport,
  threshold: number,
): Disclosure[] {
  const rels = relationsOf(pub, truth);
  const known = new Set<string>();
  for (const r of rels)
    for (const x of [...r.plus, ...r.minus]) if (typeof x.published === "number") known.add(x.name);
  const leaks: Disclosure[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const rel of rels) {
      const r = [...rel.plus, ...rel.minus];
      const unknown = [...new Set(r.filter((x) => !known.has(x.name)).map((x) => x.name))];
      if (unknown.length !== 1) continue;
      const x = r.find((y) => y.name === unknown[0])!;
      known.add(x.name);
      changed = true;
      const via = r.map((y) => y.name).join(" ~ ");
      if (x.published !== undefined) leaks.push({ name: x.name, value: x.truth, via });
      else if (x.truth >= 1 && x.truth < threshold)
        leaks.push({ name: x.name, value: x.truth, via });
    }
  }
  return leaks;
}
