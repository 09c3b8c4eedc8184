/**
 * The running screen: protocol + table + what-if state + verdicts + summaries.
 * Large arrays live in $state.raw and are replaced (never mutated in place) so Svelte
 * sees every change; `version` ticks on each new evaluation for the grid to refresh.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import { parseEdit, readStored, writeStored, type Edit } from "./cell-edit.ts";
import type { Overrides, ParamValue, ScreenEngine } from "./engine-api.ts";
import {
  buildReport,
  extractFingerprint,
  planReport,
  rowLevelReason,
  type AggregateReport,
  type ReportRecord,
} from "../engine/report/index.ts";
import { readReportFile } from "../engine/report/report-file.ts";
import { Baseline, ResultSet } from "../engine/results/index.ts";
import { rowMask, type RowFilter } from "./summary.ts";
import { differences } from "./scenario.ts";
import type { NamedScenario } from "./named-scenarios.ts";
import type { StatusCounts } from "../engine/results/index.ts";
import { hasValue } from "./report-appendix.ts";
import type { EventSources } from "../events/sources.ts";
import { own, withKey } from "../engine/user-keys.ts";

/** A protocol with nothing in it, until one is loaded. */
const emptyProtocol = (): Protocol => ({
  id: "",
  title: "",
  version: "",
  parameters: [],
  variables: [],
  criteria: [],
});

export class ScreenState {
  protocol: Protocol = $state.raw(emptyProtocol());
  /** the protocol as written (before rule edits): what a scenario is compared with */
  written: Protocol = $state.raw(emptyProtocol());
  /** the counts under the protocol as written, on the file as loaded (null: not known) */
  baseline: StatusCounts | null = $state.raw(null);
  /** the summaries under the protocol as written (funnel, per criterion, subgroups) */
  base: Baseline | null = $state.raw(null);
  table: Table = $state.raw({ nRows: 0, columns: {} });
  overrides: Overrides = $state({});
  enabled: boolean[] = $state([]);
  order: number[] = $state([]);
  verdicts: Uint8Array[] = $state.raw([]);
  status: Uint8Array = $state.raw(new Uint8Array(0));
  edits: Edit[] = $state([]);
  problems: Problem[] = $state([]);
  filter: RowFilter | null = $state(null);
  subgroupColumn = $state("");
  /** named scenarios kept side by side (for the protocol as written, `written.id`) */
  named: NamedScenario[] = $state.raw([]);
  /** reports exported from the loaded extract (downloaded or printed): later ones are audited with them */
  exported: ReportRecord[] = $state.raw([]);
  private lastRecord: ReportRecord | null = null;
  busy = $state(false);
  /** rows evaluated so far while `open` runs (progress of a large screen) */
  screened = $state(0);
  /** the summaries' steps done so far, after the rows are evaluated (of RESULT_STEPS.length) */
  summarised = $state(0);
  lastMs = $state(0);
  version = $state(0);

  /** the ResultSet is mutated in place; `version` tells Svelte when to re-read it */
  private rs: ResultSet | null = null;
  private evaluated: Overrides = {};
  private seq = 0;

  counts = $derived.by(() => {
    void this.version;
    return (
      this.rs?.counts() ?? {
        eligible: 0,
        needsReview: 0,
        ineligible: 0,
        total: 0,
        eligibleRange: [0, 0] as [number, number],
      }
    );
  });
  perCriterion = $derived.by(() => {
    void this.version;
    return this.rs?.perCriterion() ?? [];
  });
  funnel = $derived.by(() => {
    void this.version;
    return this.rs?.attrition(this.order) ?? { start: 0, steps: [] };
  });
  combinations = $derived.by(() => {
    void this.version;
    return (
      this.rs?.combinations(15) ?? { rowsWithAnyFail: 0, distinctSets: 0, sets: [], otherRows: 0 }
    );
  });
  subgroups = $derived.by(() => {
    void this.version;
    const col = own(this.table.columns, this.subgroupColumn);
    return col?.kind === "category" && this.rs ? this.rs.subgroups(col.codes, col.dict).groups : [];
  });
  filterMask = $derived.by(() => {
    void this.version;
    const f = this.filter;
    if (!f || !this.rs) return null;
    return rowMask(f, this.rs, this.status, (name) => {
      const c = own(this.table.columns, name);
      return c?.kind === "category" ? c : undefined;
    });
  });
  changedParams = $derived(Object.keys(this.overrides));
  /** everything that differs from the protocol as written (see scenario.ts) */
  differences = $derived(differences(this.written, this));
  /** true when the screen differs from the protocol as written and its baseline is known */
  compared = $derived(this.base !== null && this.differences.length > 0);
  /** the funnel as written in the current order, by criterion id (null: no what-if) */
  baseFunnel = $derived.by(() => {
    if (!this.compared || !this.base) return null;
    return this.base.funnel(this.order.map((k) => this.protocol.criteria[k]?.id ?? ""));
  });
  /** the subgroup counts as written (null: no what-if) */
  baseSubgroups = $derived.by(() => {
    const col = own(this.table.columns, this.subgroupColumn);
    if (!this.compared || !this.base || col?.kind !== "category") return null;
    return this.base.subgroups(col.codes, col.dict);
  });

  constructor(private engine: ScreenEngine) {}

  /** Starts the evaluation workers while a file is read (they are ready when it is mapped). */
  prepare(): void {
    this.engine.warm?.();
  }

  /**
   * Screens `table` with `protocol`. `written` is the protocol as written when `protocol` is
   * an edit of it (the baseline counts are kept); absent, `protocol` is the one as written.
   */
  async open(
    protocol: Protocol,
    table: Table,
    overrides: Overrides = {},
    disabled: string[] = [],
    written?: Protocol,
  ) {
    this.busy = true;
    if ((written ?? protocol).id !== this.written.id) {
      this.named = [];
    }
    this.written = written ?? protocol;
    if (!written) {
      this.baseline = null;
      this.base = null;
    }
    const t0 = performance.now();
    this.protocol = protocol;
    this.table = table;
    this.sources = null;
    this.overrides = { ...overrides };
    this.enabled = protocol.criteria.map((c) => !disabled.includes(c.id));
    this.order = protocol.criteria.map((_, k) => k);
    this.edits = [];
    this.filter = null;
    this.exported = [];
    const cats = subgroupCandidates(table, protocol.idVariable ?? "patient_id");
    this.subgroupColumn = cats.find((n) => /site|centre|center/i.test(n)) ?? cats[0] ?? "";
    this.evaluated = { ...overrides };
    this.seq++;
    const { ok, problems } = await this.engine.load(protocol, table, this.overrides);
    this.problems = problems;
    if (!ok) {
      this.busy = false;
      return false;
    }
    const all = protocol.criteria.map((_, k) => k);
    this.screened = 0;
    this.summarised = 0;
    const res = await this.engine.evaluate(
      this.overrides,
      all,
      0,
      table.nRows,
      (rows) => (this.screened = rows),
    );
    this.problems = [...problems, ...res.problems];
    // built off the page when the engine can (a 0.3-0.6 s loop at 1M rows)
    const meta = this.meta();
    const rs = this.engine.resultSet
      ? await this.engine
          .resultSet(meta, table.nRows, res.verdicts, () => this.summarised++)
          .catch(() => new ResultSet(meta, table.nRows, res.verdicts))
      : undefined;
    this.setVerdicts(res.verdicts, rs);
    if (!written && Object.keys(this.overrides).length === 0 && disabled.length === 0) {
      this.baseline = this.counts;
      this.base = this.rs ? Baseline.of(this.rs, this.status) : null;
    }
    this.lastMs = performance.now() - t0;
    this.busy = false;
    return true;
  }

  get ids(): string[] {
    return this.protocol.criteria.map((c) => c.id);
  }

  paramDefault(name: string): ParamValue | undefined {
    return this.protocol.parameters.find((p) => p.name === name)?.default;
  }

  paramValue(name: string): ParamValue | undefined {
    return own(this.overrides, name) ?? this.paramDefault(name);
  }

  /** Sets a parameter (a value equal to the default clears the override) and re-evaluates what it touches. */
  async setParam(name: string, value: ParamValue) {
    const same = value === this.paramDefault(name);
    await this.applyOverrides(withKey(this.overrides, name, same ? undefined : value));
  }

  async resetParam(name: string) {
    await this.applyOverrides(withKey(this.overrides, name));
  }

  /** Sets every parameter override at once (values equal to the default are dropped). */
  async setOverrides(next: Overrides) {
    const known = this.protocol.parameters.map((p) => p.name);
    const kept = Object.fromEntries(
      Object.entries(next).filter(([n, v]) => known.includes(n) && v !== this.paramDefault(n)),
    );
    await this.applyOverrides(kept);
  }

  async resetAll() {
    this.enabled = this.protocol.criteria.map(() => true);
    this.enabled.forEach((_, k) => this.rs?.setEnabled(k, true));
    await this.applyOverrides({});
  }

  private async applyOverrides(next: Overrides) {
    const t0 = performance.now();
    this.busy = true;
    this.overrides = next;
    const seq = ++this.seq;
    // diff against what the verdicts reflect: a newer change supersedes an older one in flight
    const prev = this.evaluated;
    const changed = touchedBy(prev, next, (name) => this.engine.affected(name));
    let res: Awaited<ReturnType<ScreenEngine["evaluate"]>>;
    try {
      res = await this.engine.evaluate(next, changed);
    } catch (e) {
      // a newer load or change superseded this one (its workers were replaced): nothing to report
      if (seq !== this.seq) return;
      throw e;
    }
    const { verdicts, problems } = res;
    if (seq !== this.seq) return;
    this.evaluated = next;
    this.problems = problems;
    if (changed.length) {
      const all = this.verdicts.slice();
      changed.forEach((k, j) => {
        all[k] = verdicts[j]!;
        this.rs?.setVerdicts(k, verdicts[j]!);
      });
      this.verdicts = all;
      this.bump();
    }
    this.lastMs = performance.now() - t0;
    this.busy = false;
  }

  setEnabled(k: number, on: boolean) {
    const t0 = performance.now();
    this.enabled[k] = on;
    this.rs?.setEnabled(k, on);
    this.bump();
    this.lastMs = performance.now() - t0;
  }

  moveInOrder(from: number, to: number) {
    const o = this.order.slice();
    const [x] = o.splice(from, 1);
    if (x === undefined || to < 0 || to > o.length) return;
    o.splice(to, 0, x);
    this.order = o;
  }

  /** Edits one raw value; the row's verdicts update at once. Returns a problem for bad text. */
  async editCell(row: number, column: string, text: string): Promise<Problem | undefined> {
    const col = own(this.table.columns, column);
    if (!col) return { where: column, message: `no column "${column}"`, severity: "error" };
    const { value, problem } = parseEdit(col, text, `${column}, row ${row + 1}`);
    if (!value) return problem;
    const prior = this.edits.find((e) => e.row === row && e.column === column);
    const before = prior?.before ?? readStored(col, row);
    writeStored(col, row, value);
    await this.engine.setRow?.(row, column, value);
    this.edits = [
      ...this.edits.filter((e) => e !== prior),
      { row, column, before, after: value, text },
    ];
    await this.refreshRow(row);
    return undefined;
  }

  async revertEdit(row: number, column: string) {
    const e = this.edits.find((x) => x.row === row && x.column === column);
    const col = own(this.table.columns, column);
    if (!e || !col) return;
    writeStored(col, row, e.before);
    await this.engine.setRow?.(row, column, e.before);
    this.edits = this.edits.filter((x) => x !== e);
    await this.refreshRow(row);
  }

  isEdited(row: number, column: string): boolean {
    return this.edits.some((e) => e.row === row && e.column === column);
  }

  private async refreshRow(row: number) {
    const every = this.protocol.criteria.map((_, k) => k);
    const { verdicts: slice } = await this.engine.evaluate(this.overrides, every, row, row + 1);
    const all = this.verdicts.slice();
    all.forEach((v, k) => {
      const x = slice[k]?.[0];
      if (x === undefined || x === v[row]) return;
      const copy = v.slice();
      copy[row] = x;
      all[k] = copy;
      this.rs?.setVerdicts(k, copy);
    });
    this.verdicts = all;
    this.bump();
  }

  private meta() {
    return this.protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  }

  /** New full evaluation: a fresh ResultSet (disabled criteria re-applied). */
  private setVerdicts(verdicts: Uint8Array[], built?: ResultSet) {
    this.rs = built ?? new ResultSet(this.meta(), this.table.nRows, verdicts);
    this.enabled.forEach((on, k) => on || this.rs!.setEnabled(k, false));
    this.verdicts = verdicts;
    this.bump();
  }

  private bump() {
    this.status = this.rs ? this.rs.statusArray().slice() : new Uint8Array(0);
    this.version++;
  }

  /**
   * Eligible count (and needs-review) across values of a numeric parameter: only the criteria
   * reading it are re-evaluated per point; the running screen is restored afterwards.
   */
  async sensitivity(name: string, values: readonly number[]) {
    const ks = this.engine.affected(name);
    const rs = this.rs;
    const points: { value: number; eligible: number; needsReview: number }[] = [];
    if (!rs) return points;
    const runs: Uint8Array[][] = [];
    // a sweep is stopped by any newer load or change (it is asked again for the new screen);
    // a load replaces the workers, whose pending calls reject: that is no error of the sweep
    const seq = this.seq;
    try {
      for (const value of values) {
        if (seq !== this.seq) return points;
        runs.push((await this.engine.evaluate({ ...this.overrides, [name]: value }, ks)).verdicts);
      }
    } catch (e) {
      if (seq !== this.seq) return points;
      throw e;
    }
    // swap in, count, swap back with no await in between: nobody sees the temporary state
    if (rs !== this.rs || seq !== this.seq) return points;
    try {
      values.forEach((value, j) => {
        ks.forEach((k, i) => rs.setVerdicts(k, runs[j]![i]!));
        const c = rs.counts();
        points.push({ value, eligible: c.eligible, needsReview: c.needsReview });
      });
    } finally {
      ks.forEach((k) => rs.setVerdicts(k, this.verdicts[k]!));
    }
    return points;
  }

  /**
   * Counts over a grid of two parameters' values (rows: `a`'s values, columns: `b`'s). Criteria
   * reading only one of them are evaluated once per value of it, criteria reading both once per
   * cell; the running screen is restored afterwards. Empty when superseded by a newer change.
   */
  async sensitivity2(
    a: { name: string; values: readonly number[] },
    b: { name: string; values: readonly number[] },
  ): Promise<{ eligible: number; needsReview: number }[][]> {
    const rs = this.rs;
    if (!rs || a.name === b.name) return [];
    const ka = this.engine.affected(a.name);
    const kb = this.engine.affected(b.name);
    const both = ka.filter((k) => kb.includes(k));
    const onlyA = ka.filter((k) => !both.includes(k));
    const onlyB = kb.filter((k) => !both.includes(k));
    const seq = this.seq;
    const run = async (o: Overrides, ks: number[]) =>
      ks.length ? (await this.engine.evaluate({ ...this.overrides, ...o }, ks)).verdicts : [];
    const runsA: Uint8Array[][] = [];
    const runsB: Uint8Array[][] = [];
    const runsAB: Uint8Array[][][] = [];
    try {
      for (const v of a.values) runsA.push(await run({ [a.name]: v }, onlyA));
      for (const v of b.values) runsB.push(await run({ [b.name]: v }, onlyB));
      for (const va of a.values) {
        const row: Uint8Array[][] = [];
        for (const vb of b.values) {
          if (seq !== this.seq) return [];
          row.push(await run({ [a.name]: va, [b.name]: vb }, both));
        }
        runsAB.push(row);
      }
    } catch (e) {
      if (seq !== this.seq) return [];
      throw e;
    }
    if (rs !== this.rs || seq !== this.seq) return [];
    // swap in, count, swap back with no await in between (as `sensitivity`)
    const touched = [...onlyA, ...onlyB, ...both];
    try {
      return a.values.map((_, i) => {
        onlyA.forEach((k, j) => rs.setVerdicts(k, runsA[i]![j]!));
        return b.values.map((_, c) => {
          onlyB.forEach((k, j) => rs.setVerdicts(k, runsB[c]![j]!));
          both.forEach((k, j) => rs.setVerdicts(k, runsAB[i]![c]![j]!));
          const n = rs.counts();
          return { eligible: n.eligible, needsReview: n.needsReview };
        });
      });
    } finally {
      touched.forEach((k) => rs.setVerdicts(k, this.verdicts[k]!));
    }
  }

  /** Criteria reading parameter `name`. */
  affected(name: string): number[] {
    return this.engine.affected(name);
  }

  /** The shareable aggregate report (suppression applied by src/engine/report). */
  report(
    /** the file name, only when the user chose to include it */
    source: string | undefined,
    threshold: number,
    suppression: boolean,
    date: string,
  ): AggregateReport | null {
    return this.rs
      ? buildReport(...this.reportArgs(this.rs, source, threshold, suppression, date))
      : null;
  }

  /**
   * The report in two halves (engine planReport): the audit's job, to run in a worker
   * (src/app/report-audit.ts), and `finish` to write the report with its result.
   */
  planReport(
    source: string | undefined,
    threshold: number,
    suppression: boolean,
    date: string,
  ): ReturnType<typeof planReport> | null {
    return this.rs
      ? planReport(...this.reportArgs(this.rs, source, threshold, suppression, date))
      : null;
  }

  private reportArgs(
    rs: ResultSet,
    source: string | undefined,
    threshold: number,
    suppression: boolean,
    date: string,
  ): Parameters<typeof planReport> {
    const sub = own(this.table.columns, this.subgroupColumn);
    const idColumn = this.protocol.idVariable ?? "patient_id";
    return [
      rs,
      {
        protocol: {
          id: this.protocol.id,
          title: this.protocol.title,
          version: this.protocol.version,
        },
        // every value the counts were made with, not only the changed ones
        parameters: Object.fromEntries(
          this.protocol.parameters.map((p) => [p.name, own(this.overrides, p.name) ?? p.default]),
        ),
        date,
        source: {
          ...(source !== undefined ? { name: source } : {}),
          fingerprint: this.fingerprint(),
        },
      },
      {
        threshold,
        suppression,
        idColumn,
        earlier: this.exported,
        record: (rec) => (this.lastRecord = rec),
        order: this.order.filter((k) => this.enabled[k]),
        topCombinations: 10,
        subgroups:
          sub?.kind === "category"
            ? [{ name: this.subgroupColumn, codes: sub.codes, dict: sub.dict }]
            : [],
        // the report prints every mapped variable's completeness: its band joins the audit
        completeness: this.protocol.variables.flatMap((v) => {
          const col = own(this.table.columns, v.name) ?? null;
          if (!col || v.name === idColumn) return [];
          const missing = new Uint8Array(this.table.nRows).fill(1);
          for (let r = 0; r < this.table.nRows; r++) if (hasValue(col, r)) missing[r] = 0;
          return [{ variable: v.name, missing }];
        }),
      },
    ];
  }

  /** the unit each variable was mapped from: explanations show values in it */
  units: Record<string, string> = {};

  /** event data: the event each derived value came from (set after `open`; explanations) */
  sources: EventSources | null = null;

  private fingerprints = new WeakMap<Table, string>();
  /** of the extract as loaded (cell edits do not change it: the same extract) */
  private fingerprint(): string {
    let f = this.fingerprints.get(this.table);
    if (f === undefined) {
      f = extractFingerprint(this.table);
      this.fingerprints.set(this.table, f);
    }
    return f;
  }

  /**
   * A report file exported earlier (its JSON text) joins the ledger later reports are audited
   * with; returns why not (each problem with its JSON path) when it is not a report of this
   * extract.
   */
  addEarlierReport(name: string, text: string): Problem[] {
    const r = readReportFile(name, text, {
      protocolId: this.protocol.id,
      rows: this.table.nRows,
      fingerprint: this.fingerprint(),
    });
    if (r.problems) return r.problems;
    this.exported = [...this.exported, r.record];
    return [];
  }

  /** The last report built was downloaded or printed: later reports are audited with it. */
  markExported(): void {
    if (this.lastRecord && !this.exported.includes(this.lastRecord))
      this.exported = [...this.exported, this.lastRecord];
  }

  explain(k: number, row: number): string {
    return this.engine.explain(k, row, this.overrides, this.units);
  }
}

/**
 * Category columns that may split the screen into subgroups: never the patient id nor a column
 * whose values identify patients (src/engine/report/subgroup-rule.ts), at most 60 values.
 */
export function subgroupCandidates(table: Table, idColumn: string): string[] {
  return Object.entries(table.columns).flatMap(([n, c]) =>
    c.kind === "category" && c.dict.length <= 60 && !rowLevelReason(n, c, idColumn) ? [n] : [],
  );
}

/** Criteria to re-evaluate when overrides go from `prev` to `next`, ascending. */
export function touchedBy(
  prev: Overrides,
  next: Overrides,
  affected: (name: string) => number[],
): number[] {
  const touched: boolean[] = [];
  for (const name of Object.keys({ ...prev, ...next }))
    if (own(prev, name) !== own(next, name)) for (const k of affected(name)) touched[k] = true;
  return touched.flatMap((on, k) => (on ? [k] : []));
}
