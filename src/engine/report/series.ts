/**
 * Several reports of one extract, audited together. Two reports of the same patients (a base and
 * a what-if, two thresholds of a parameter) can be differenced: "eligible 412, then 409" tells
 * that exactly 3 patients moved. The link between two reports is the number of patients in each
 * pair of statuses (and, per criterion in both, each pair of verdicts): unpublished counts whose
 * margins are the two reports' counts. They join the audit like any implied count, so a small
 * movement between reports is protected by the same rule; the earlier reports' numbers are
 * already out, so only the new report's numbers may be hidden.
 */
import type { Ledger } from "./ledger.ts";
import type { LinearRelation } from "./intervals.ts";
import type { ProtectCell } from "./protect.ts";

/** What is kept of an exported report to audit later exports of the same extract with it. */
export interface ReportRecord {
  /** names the report in a refusal: protocol, parameters, date */
  label: string;
  cells: Map<string, ProtectCell>;
  relations: LinearRelation[];
  /** the published cells this report hid (held to the rule when later reports join it) */
  hidden?: string[];
  /** each row's status (ELIGIBLE, NEEDS_REVIEW, INELIGIBLE) in this report */
  status: Uint8Array;
  /** per enabled criterion id: its verdicts and the ledger index k of `criteria.k.*` */
  criteria: Map<string, { k: number; verdicts: Uint8Array }>;
  /** published subgroup columns: index g of `subgroups.g.*`, levels, each row's level */
  subgroups?: { name: string; g: number; dict: readonly string[]; codes: Int32Array }[];
  /**
   * What each cell counts, in words that mean the same in any report of the extract (the
   * criterion ids of a funnel step, a subgroup's level): cells of two reports with the same key
   * count the same kind of patients, so their difference is a movement of patients.
   */
  keys?: Map<string, string>;
  /** the criterion id of each funnel step (index k of `funnel.k.*`) */
  steps?: string[];
  /** 1 for each row counted in "other combinations" (a failed set not listed) */
  other?: Uint8Array;
  /**
   * A report read from its file: the counts it does not give (its hidden and implied counts).
   * Their values are unknown here (0 in `cells`): the audit finds values they can take
   * (audit.ts) and holds them to a rule that needs no value.
   */
  unknown?: string[];
  /** the threshold the report was made with (a report file's rule for its hidden counts) */
  threshold?: number;
}

/**
 * The keys of a report's cells (ReportRecord.keys): `steps` the criterion id of each funnel
 * step, `criteria` the enabled criteria in report order, `sets` the listed combinations,
 * `subgroups` the published subgroup columns.
 */
export function cellKeys(
  steps: readonly string[],
  criteria: readonly string[],
  sets: readonly (readonly string[])[],
  subgroups: readonly { name: string; levels: readonly (string | null)[] }[],
): Map<string, string> {
  const keys = new Map<string, string>();
  for (const id of ["total", "eligible", "needsReview", "ineligible", "eligibleHigh"])
    keys.set(id, id);
  for (const id of ["ineligibleMultiple", "needsReviewMultiple", "combinations.rowsWithAnyFail"])
    keys.set(id, id);
  const fields = ["remainingLow", "remainingHigh", "removedLow", "removedHigh", "unknownRemaining"];
  steps.forEach((c, k) => {
    // a step's patients depend on the criteria before it (as a set) and its own
    const before = JSON.stringify([...steps.slice(0, k)].sort());
    for (const f of fields) keys.set(`funnel.${k}.${f}`, `funnel ${before} ${c} ${f}`);
  });
  const perFields = ["failing", "unknown", "pass", "siteAssessed", "failingAlone"];
  criteria.forEach((c, k) => {
    for (const f of [...perFields, "unknownAlone", "failingWithOthers"])
      keys.set(`criteria.${k}.${f}`, `criterion ${JSON.stringify(c)} ${f}`);
  });
  const listed = sets.map((x) => JSON.stringify([...x].sort()));
  listed.forEach((x, k) => keys.set(`combinations.${k}`, `combination ${x}`));
  // "other" holds other patients when other sets are listed, yet a small change of it between two
  // reports would still be read as patients moving: linked whatever the listed sets
  keys.set("combinations.other", "combinations other");
  subgroups.forEach((sg, g) =>
    sg.levels.forEach((level, lv) => {
      for (const f of ["eligible", "needsReview", "ineligible", "total"])
        keys.set(
          `subgroups.${g}.${lv}.${f}`,
          `subgroup ${JSON.stringify(sg.name)} ${JSON.stringify(level)} ${f}`,
        );
    }),
  );
  return keys;
}

const STATUS_CELLS = ["eligible", "needsReview", "ineligible"];
const VERDICT_FIELDS = ["pass", "failing", "unknown", "siteAssessed"]; // PASS, FAIL, UNDECIDED, SITE

/** The record of a report whose ledger is `L` and hidden cells `hidden`. */
export function recordOf(
  label: string,
  L: Ledger,
  hidden: ReadonlySet<string>,
  status: Uint8Array,
  criteria: Map<string, { k: number; verdicts: Uint8Array }>,
  subgroups: ReportRecord["subgroups"] = [],
  keys?: Map<string, string>,
  steps?: string[],
  other?: Uint8Array,
): ReportRecord {
  const cells = new Map<string, ProtectCell>();
  for (const c of L.cells.values())
    cells.set(c.id, { ...c, published: c.published && !hidden.has(c.id) });
  return {
    label,
    cells,
    relations: [...L.relations, ...L.bounds.map((b) => ({ ...b, le: true }))],
    hidden: [...hidden],
    status: status.slice(),
    criteria: new Map(
      [...criteria].map(([id, v]) => [id, { k: v.k, verdicts: v.verdicts.slice() }]),
    ),
    subgroups,
    ...(keys ? { keys } : {}),
    ...(steps ? { steps } : {}),
    ...(other ? { other: other.slice() } : {}),
  };
}

/** The counts of a joined audit whose values are not known, and the file each belongs to. */
export interface FreeCells {
  /** every unknown of the join with no known value (a file's counts, their links) */
  ids: string[];
  /** per report file: its unknowns and its own relations (prefixed as in the join) */
  files: { label: string; unknown: string[]; relations: LinearRelation[]; threshold?: number }[];
  /**
   * counts of a file equal to the new report's (the same criterion, nothing it reads changed as
   * far as the published numbers show): dropped by the audit if no values satisfy them
   */
  equalities: LinearRelation[];
  /** the new report's counts equal to a count a file published (so already out) */
  known: string[];
}

/**
 * The cells and relations of `current` joined with `earlier` reports of the same rows: earlier
 * cells prefixed `r<i>:` and locked (they cannot be hidden any more), plus the counts linking
 * each earlier report to the current one.
 */
export function joinRecords(
  current: ReportRecord,
  earlier: readonly ReportRecord[],
): {
  cells: Map<string, ProtectCell>;
  relations: LinearRelation[];
  locked: Set<string>;
  guarded: string[];
  /** implied counts the join adds that need no proof of their own (their margins have one) */
  quiet: string[];
  free?: FreeCells;
} {
  const cells = new Map(current.cells);
  const relations = [...current.relations];
  const locked = new Set<string>();
  const guarded: string[] = [];
  const quiet: string[] = [];
  const free: FreeCells = { ids: [], files: [], equalities: [], known: [] };
  // the patients not in "other combinations": the margin linking "other" per patient
  const notOther = (pre: (id: string) => string, r: ReportRecord) => {
    const id = pre("combinations.notOther");
    if (cells.has(id) || !r.cells.has("combinations.other")) return id;
    const v = r.cells.get("total")!.value - r.cells.get("combinations.other")!.value;
    cells.set(id, { id, value: v, published: false, priority: 0 });
    relations.push({ plus: [id, pre("combinations.other")], minus: [pre("total")] });
    quiet.push(id);
    return id;
  };
  earlier.forEach((e, i) => {
    if (e.status.length !== current.status.length && e.status.length > 0)
      throw new Error(`report ${e.label} is of another extract (${e.status.length} rows)`);
    const p = (id: string) => `r${i}:${id}`;
    for (const c of e.cells.values()) {
      cells.set(p(c.id), { ...c, id: p(c.id) });
      locked.add(p(c.id));
    }
    for (const id of e.hidden ?? []) guarded.push(p(id));
    const own = e.relations.map((r) => ({
      plus: r.plus.map(p),
      minus: r.minus.map(p),
      ...(r.le ? { le: true } : {}),
    }));
    relations.push(...own);
    const unknown = new Set(e.unknown ?? []);
    if (e.unknown) {
      for (const id of unknown) free.ids.push(p(id));
      free.files.push({
        label: e.label,
        unknown: [...unknown].map(p),
        relations: own,
        ...(e.threshold ? { threshold: e.threshold } : {}),
      });
    }
    const equal = e.unknown
      ? sameCounts(e, current, cells)
      : e.status.length
        ? sameRows(e, current, cells)
        : () => false;
    const link = (
      name: string,
      before: Uint8Array,
      after: Uint8Array,
      margins: string[][],
      oneWay = false,
    ) => {
      const [m0, m1] = margins as [string[], string[]];
      const n = m0.length;
      // the same on every row (a criterion the what-if does not read): a reader who sees the
      // changed parameter knows its counts are equal, so they are equal here
      if (before.every((v, r) => v === after[r])) {
        m0.forEach((id, a) => relations.push({ plus: [id], minus: [m1[a]!] }));
        return;
      }
      const counts = new Float64Array(n * n);
      for (let r = 0; r < before.length; r++) {
        const q = before[r]! * n + after[r]!;
        counts[q] = counts[q]! + 1;
      }
      const id = (a: number, b: number) => `x${i}:${name}.${a}.${b}`;
      for (let a = 0; a < n; a++)
        for (let b = 0; b < n; b++)
          cells.set(id(a, b), {
            id: id(a, b),
            value: counts[a * n + b]!,
            published: false,
            priority: 0,
          });
      const row = (a: number) => [...Array(n).keys()].map((b) => id(a, b));
      const col = (b: number) => [...Array(n).keys()].map((a) => id(a, b));
      // a threshold moves patients one way only (failing grows or shrinks), and a reader knows
      // which: every movement that no row makes is 0 here (true, so never a wrong guess)
      if (oneWay)
        for (let a = 0; a < n; a++)
          for (let b = 0; b < n; b++)
            if (a !== b && counts[a * n + b] === 0) relations.push({ plus: [id(a, b)], minus: [] });
      for (let a = 0; a < n; a++) relations.push({ plus: row(a), minus: [m0[a]!] });
      for (let b = 0; b < n; b++) relations.push({ plus: col(b), minus: [m1[b]!] });
      // the movements a reader would name: into and out of each status (or verdict), and all
      const flow = (fid: string, terms: [number, number][]) => {
        const v = terms.reduce((sum, [a, b]) => sum + counts[a * n + b]!, 0);
        cells.set(fid, { id: fid, value: v, published: false, priority: 0 });
        relations.push({ plus: terms.map(([a, b]) => id(a, b)), minus: [fid] });
      };
      const all = [...Array(n).keys()];
      for (let k = 0; k < n; k++) {
        flow(
          `x${i}:${name}.into.${k}`,
          all.filter((a) => a !== k).map((a) => [a, k]),
        );
        flow(
          `x${i}:${name}.outOf.${k}`,
          all.filter((b) => b !== k).map((b) => [k, b]),
        );
      }
      flow(
        `x${i}:${name}.moved`,
        all.flatMap((a) => all.filter((b) => b !== a).map((b): [number, number] => [a, b])),
      );
    };
    // every count both reports give of the same kind of patients: its change is a movement of
    // patients in (joined) and out (left), at least the difference each way. Only the
    // difference is known here, so it stands for both (a reader knows no more from the pair).
    const byKey = new Map<string, string>();
    for (const [id, key] of e.keys ?? []) byKey.set(key, id);
    for (const [id, key] of current.keys ?? []) {
      const was = byKey.get(key);
      if (was === undefined || !cells.has(id) || !e.cells.has(was)) continue;
      if (equal(id) && !e.unknown) {
        relations.push({ plus: [p(was)], minus: [id] });
        continue;
      }
      if (equal(id)) {
        free.equalities.push({ plus: [p(was)], minus: [id] });
        // the file published it: it is out already, whatever the new report does
        if (e.cells.get(was)!.published) free.known.push(id);
        continue;
      }
      const d = cells.get(id)!.value - e.cells.get(was)!.value;
      const into = `x${i}:${key} joined`;
      const left = `x${i}:${key} left`;
      cells.set(into, { id: into, value: Math.max(d, 0), published: false, priority: 0 });
      cells.set(left, { id: left, value: Math.max(-d, 0), published: false, priority: 0 });
      relations.push({ plus: [p(was), into], minus: [id, left] });
      // against a file's unknown count the movement's size is not known: its count has the rule
      if (unknown.has(was)) free.ids.push(into, left);
    }
    if (e.status.length === 0) return; // a report read from its file: no rows to link
    if (e.other && current.other && e.other.length === current.other.length)
      link("other", e.other, current.other, [
        [notOther(p, e), p("combinations.other")],
        [notOther((id) => id, current), "combinations.other"],
      ]);
    link("status", e.status, current.status, [STATUS_CELLS.map(p), STATUS_CELLS]);
    for (const [cid, now] of current.criteria) {
      const before = e.criteria.get(cid);
      if (!before) continue;
      link(
        `criterion.${cid}`,
        before.verdicts,
        now.verdicts,
        [
          VERDICT_FIELDS.map((f) => p(`criteria.${before.k}.${f}`)),
          VERDICT_FIELDS.map((f) => `criteria.${now.k}.${f}`),
        ],
        true,
      );
    }
    // within each level of a subgroup column both reports publish, the same status movements
    for (const sg of current.subgroups ?? []) {
      const before = e.subgroups?.find(
        (x) => x.name === sg.name && x.dict.join("\u0000") === sg.dict.join("\u0000"),
      );
      if (!before) continue;
      sg.dict.forEach((_, lv) => {
        const rows: number[] = [];
        for (let r = 0; r < sg.codes.length; r++) if (sg.codes[r] === lv) rows.push(r);
        const pick = (st: Uint8Array) => Uint8Array.from(rows, (r) => st[r]!);
        link(`subgroup.${sg.name}.${lv}`, pick(e.status), pick(current.status), [
          STATUS_CELLS.map((f) => p(`subgroups.${before.g}.${lv}.${f}`)),
          STATUS_CELLS.map((f) => `subgroups.${sg.g}.${lv}.${f}`),
        ]);
      });
    }
  });
  return { cells, relations, locked, guarded, quiet, ...(free.ids.length ? { free } : {}) };
}

/**
 * Which of the new report's cells count the same patients as a report file's cell of the same
 * key, as far as a reader can tell: a criterion's own counts when none of them differs where
 * the file publishes it; a funnel step when every criterion up to it is such a criterion; every
 * other count (statuses, failing alone, combinations, subgroups) when every criterion is. A
 * reader may assume these equal, so the audit does (a wrong guess only ties more counts down:
 * the audit then hides more, never less; if no values fit, audit.ts drops them).
 */
function sameCounts(
  file: ReportRecord,
  current: ReportRecord,
  cells: ReadonlyMap<string, ProtectCell>,
): (id: string) => boolean {
  const same = new Set<string>();
  for (const [cid, now] of current.criteria) {
    const was = file.criteria.get(cid);
    if (!was) continue;
    const agree = VERDICT_FIELDS.every((f) => {
      const c = file.cells.get(`criteria.${was.k}.${f}`);
      return !c?.published || c.value === cells.get(`criteria.${now.k}.${f}`)?.value;
    });
    if (agree) same.add(cid);
  }
  const byKey = new Map([...(file.keys ?? [])].map(([id, key]) => [key, id]));
  const agrees = (id: string) => {
    const was = file.cells.get(byKey.get(current.keys?.get(id) ?? "") ?? "");
    return !was?.published || was.value === cells.get(id)?.value;
  };
  const all =
    same.size === current.criteria.size &&
    same.size === file.criteria.size &&
    [...(current.keys?.keys() ?? [])].every(agrees);
  const byK = new Map([...current.criteria].map(([cid, v]) => [v.k, cid]));
  const steps = current.steps ?? [];
  return (id) => {
    if (!agrees(id)) return false;
    const m = /^(criteria|funnel)\.(\d+)\.(\w+)$/.exec(id);
    if (m?.[1] === "criteria" && VERDICT_FIELDS.includes(m[3]!))
      return same.has(byK.get(Number(m[2])) ?? "");
    if (m?.[1] === "funnel") return steps.slice(0, Number(m[2]) + 1).every((c) => same.has(c));
    return all;
  };
}

/**
 * Which of the new report's cells count the same patients as an in-page report's cell of the same
 * key, read on the rows: a funnel step when every criterion up to it has the same verdict on
 * every row in both; every other count (statuses, alone counts, combinations, subgroups) when
 * every criterion has. A reader who sees the changed parameter knows at most this much (the
 * criteria that do not read it); the audit assumes all of it, which is true, hence feasible.
 */
function sameRows(
  earlier: ReportRecord,
  current: ReportRecord,
  cells: ReadonlyMap<string, ProtectCell>,
): (id: string) => boolean {
  const same = new Set<string>();
  for (const [cid, now] of current.criteria) {
    const was = earlier.criteria.get(cid);
    if (was && was.verdicts.every((v, r) => v === now.verdicts[r])) same.add(cid);
  }
  const all = same.size === current.criteria.size && same.size === earlier.criteria.size;
  const byKey = new Map([...(earlier.keys ?? [])].map(([id, key]) => [key, id]));
  const steps = current.steps ?? [];
  return (id) => {
    const was = earlier.cells.get(byKey.get(current.keys?.get(id) ?? "") ?? "");
    if (was?.value !== cells.get(id)?.value) return false;
    const m = /^funnel\.(\d+)\./.exec(id);
    if (m) return steps.slice(0, Number(m[1]) + 1).every((c) => same.has(c));
    if (/^criteria\.\d+\.(pass|failing|unknown|siteAssessed)$/.test(id)) return false; // linked by rows
    return all;
  };
}
