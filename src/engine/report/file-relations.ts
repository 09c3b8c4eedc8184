/**
 * The relations of a report file, rebuilt from its JSON structure: the same ones build-report.ts
 * records for a report it builds (status sums, funnel, per criterion, failing alone,
 * combinations, subgroup margins), with the same cell ids, so a file's hidden counts are
 * unknowns of the audit like any other. What a file cannot give is what build-report.ts reads
 * on the rows: the completeness bands' links to criteria (their missing counts would stand
 * alone, bound to nothing else) and the per-patient links between reports.
 */
import type { LinearRelation } from "./intervals.ts";
import type { ProtectCell } from "./protect.ts";

type Json = Record<string, unknown>;
const obj = (x: unknown): Json | null =>
  x && typeof x === "object" && !Array.isArray(x) ? (x as Json) : null;
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export interface FileLedger {
  /** every count of the file: published ones with their values, the others with value 0 */
  cells: Map<string, ProtectCell>;
  relations: LinearRelation[];
  /** the counts the file does not give (hidden, and implied by its relations): unknowns */
  unknown: string[];
  /** criterion id and its index k in `criteria.k.*` */
  criteria: Map<string, number>;
  /** the criterion id of each funnel step */
  steps: string[];
}

/** The cells and relations of a report file (already checked against the report's schema). */
export function fileLedger(r: Json): FileLedger {
  const cells = new Map<string, ProtectCell>();
  const unknown: string[] = [];
  const relations: LinearRelation[] = [];
  const cell = (id: string, v: unknown): string => {
    const known = typeof v === "number" && Number.isInteger(v) && v >= 0;
    cells.set(id, { id, value: known ? v : 0, published: known, priority: 0 });
    if (!known) unknown.push(id);
    return id;
  };
  const implied = (id: string) => cell(id, undefined);
  const relate = (plus: string[], minus: string[]) => relations.push({ plus, minus });
  const bound = (plus: string[], minus: string[]) => relations.push({ plus, minus, le: true });

  const head = obj(r.headline) ?? {};
  const T = cell("total", head.total);
  const E = cell("eligible", head.eligible);
  const NR = cell("needsReview", head.needsReview);
  const I = cell("ineligible", head.ineligible);
  const H = cell("eligibleHigh", arr(head.eligibleRange)[1]);
  relate([E, NR, I], [T]);
  relate([E, NR], [H]);
  relate([H, I], [T]);

  const steps = arr(obj(r.funnel)?.steps).map((s) => obj(s) ?? {});
  let [prevLo, prevHi, prevGap] = [T, T, undefined as string | undefined];
  const stepIds = steps.map((s, k) => {
    const lo = cell(`funnel.${k}.remainingLow`, s.remainingLow);
    const hi = cell(`funnel.${k}.remainingHigh`, s.remainingHigh);
    const rLo = cell(`funnel.${k}.removedLow`, s.removedLow);
    const rHi = cell(`funnel.${k}.removedHigh`, s.removedHigh);
    const gap = cell(`funnel.${k}.unknownRemaining`, s.unknownRemaining);
    relate([lo, rLo], [prevLo]);
    relate([hi, rHi], [prevHi]);
    relate([lo, gap], [hi]);
    if (prevGap) relate([prevGap, rLo], [gap, rHi]);
    else relate([rLo], [gap, rHi]);
    [prevLo, prevHi, prevGap] = [lo, hi, gap];
    return { id: String(s.id), rLo, rHi };
  });
  if (steps.length > 0) {
    relate([prevLo], [E]);
    relate([prevHi], [H]);
  }

  const criteria = arr(r.criteria).map((c) => obj(c) ?? {});
  const per = criteria.map((c, k) => {
    const id = (f: string) => cell(`criteria.${k}.${f}`, c[f]);
    const ids = {
      failing: id("failing"),
      unknown: id("unknown"),
      pass: id("pass"),
      siteAssessed: id("siteAssessed"),
      failingAlone: id("failingAlone"),
      unknownAlone: id("unknownAlone"),
    };
    relate([ids.failing, ids.unknown, ids.pass, ids.siteAssessed], [T]);
    relate([ids.failingAlone, implied(`criteria.${k}.failingWithOthers`)], [ids.failing]);
    return ids;
  });
  if (per.length > 0) {
    relate([...per.map((p) => p.failingAlone), implied("ineligibleMultiple")], [I]);
    relate([...per.map((p) => p.unknownAlone), implied("needsReviewMultiple")], [NR]);
    bound(
      [I],
      per.map((p) => p.failing),
    );
    bound(
      [NR],
      per.map((p) => p.unknown),
    );
  }
  for (const p of per) {
    bound([p.unknownAlone], [p.unknown]);
    bound([p.failing], [I]);
    bound([p.unknown], [NR, I]);
    bound([E], [p.pass, p.siteAssessed]);
  }
  // a criterion with no funnel step is one decided only at site (build-report.ts): when every
  // other has a step, the last step removes exactly those failing it alone
  const byId = new Map(criteria.map((c, k) => [String(c.id), per[k]!]));
  const stepped = new Set(stepIds.map((s) => s.id));
  const covers = criteria.every((c) => stepped.has(String(c.id)) || c.siteAssessed === head.total);
  stepIds.forEach(({ id, rLo, rHi }, k) => {
    const c = byId.get(id);
    if (!c) return;
    if (k === 0) {
      relate([rHi], [c.failing]);
      relate([rLo], [c.failing, c.unknown]);
    } else if (k === stepIds.length - 1 && covers) {
      relate([rHi], [c.failingAlone]);
      bound([rLo], [c.failingAlone, c.unknownAlone]);
    } else {
      bound([c.failingAlone], [rHi]);
      bound([rHi], [c.failing]);
      bound([rLo], [c.failing, c.unknown]);
    }
  });

  const comb = obj(r.combinations) ?? {};
  const anyFail = cell("combinations.rowsWithAnyFail", comb.rowsWithAnyFail);
  relate([anyFail], [I]);
  const sets = arr(comb.sets).map((s) => obj(s) ?? {});
  const setIds = sets.map((s, k) => {
    const id = cell(`combinations.${k}`, s.count);
    const names = arr(s.criteria).map(String);
    const only = names.length === 1 ? byId.get(names[0]!) : undefined;
    if (only) relate([id], [only.failingAlone]);
    return id;
  });
  const other = cell("combinations.other", comb.otherRows);
  relate([...setIds, other], [anyFail]);
  for (let k = 1; k < setIds.length; k++) bound([setIds[k]!], [setIds[k - 1]!]);
  criteria.forEach((c, k) => {
    const multi = sets.flatMap((s, j) => {
      const names = arr(s.criteria).map(String);
      return names.length > 1 && names.includes(String(c.id)) ? [setIds[j]!] : [];
    });
    if (multi.length > 0) bound(multi, [`criteria.${k}.failingWithOthers`]);
  });

  arr(r.subgroups).forEach((sg, g) => {
    const rows = arr(obj(sg)?.groups).map((row, k) => {
      const x = obj(row) ?? {};
      const id = (f: string) => cell(`subgroups.${g}.${k}.${f}`, x[f]);
      const ids = {
        eligible: id("eligible"),
        needsReview: id("needsReview"),
        ineligible: id("ineligible"),
        total: id("total"),
      };
      relate([ids.eligible, ids.needsReview, ids.ineligible], [ids.total]);
      return ids;
    });
    for (const [f, margin] of [
      ["eligible", E],
      ["needsReview", NR],
      ["ineligible", I],
      ["total", T],
    ] as const)
      relate(
        rows.map((x) => x[f]),
        [margin],
      );
  });
  return {
    cells,
    relations,
    unknown,
    criteria: new Map(criteria.map((c, k) => [String(c.id), k])),
    steps: stepIds.map((s) => s.id),
  };
}
