/**
 * Loading event data (OMOP CDM tables) in the app: files chosen or dropped -> the tables the
 * protocol's OMOP profile needs read in the events worker (per-table progress, cancel) -> a
 * screening date chosen (default: the extract's latest observation date, else today) -> the
 * variables derived there -> the derived table screened as a mapped flat file is (Flow's
 * screen: grid, analyses, report). The tables stay in the worker, so the screening date can
 * be moved from the screen and the same tables derived again.
 */
import type { Remote } from "comlink";
import { untrack } from "svelte";
import * as Comlink from "comlink";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import {
  EventService,
  monthEnds,
  type DateCounts,
  type Derived,
  type ReadSummary,
} from "../events/service.ts";
import { parseProfileJson } from "../events/profile-check.ts";
import type { SourceProfile } from "../events/profile.ts";
import type { ParseProgress } from "../ingest/types.ts";
import { eventProtocols, omopProfileOf } from "../protocols/omop-profiles.ts";
import type { EventsApi } from "../events/events-api.ts";
import type { Flow } from "./flow.svelte.ts";
import { sliceChannels } from "./slice-ports.ts";
import { withDictViews } from "../engine/packed-dict.ts";

export type EventsStep = "idle" | "files" | "reading" | "ready" | "deriving";

export interface EventsConnection {
  api: Remote<EventsApi> | EventsApi;
  end(): void;
  /** a worker's: the evaluation pool's size (the derived table's row slices are cut there) */
  slices?: number;
}

export interface TableProgressRow {
  /** the OMOP table, or for long tables "patients" or the event table the file feeds */
  table: string;
  file: string;
  bytes: number;
  totalBytes: number;
  rows: number;
}

const today = () => new Date().toISOString().slice(0, 10);

export class EventsLoad {
  step: EventsStep = $state("idle");
  files: File[] = $state.raw([]);
  /** the folder's name, or "N files" */
  name = $state("");
  protocolId = $state("");
  /** a profile loaded in the app (long tables), used instead of the protocol's OMOP profile */
  profile: SourceProfile | null = $state.raw(null);
  profileName = $state("");
  progress: TableProgressRow[] = $state([]);
  summary: ReadSummary | null = $state.raw(null);
  screeningDate = $state("");
  /** why the date field holds what it holds (said beside it) */
  dateReason = $state("");
  /** the last derivation (quality, variables, problems), without its table */
  derived: Omit<Derived, "table"> | null = $state.raw(null);
  /** the derived table handed to the screen (the quality view shows while the screen holds it) */
  table: Table | null = $state.raw(null);
  problems: Problem[] = $state.raw([]);
  /** the sensitivity view's counts at each month end, oldest first (filled as they come) */
  curve: DateCounts[] = $state.raw([]);
  /** month ends still to compute (0: done) */
  curvePending = $state(0);
  private curveSeq = 0;
  private conn: EventsConnection | null = null;
  private readProtocol: Protocol | null = null;
  private seq = 0;

  constructor(
    private flow: Flow,
    private connect: () => EventsConnection,
  ) {
    // the screening date is a protocol parameter the what-if panel can change (or reset): on
    // event data that must derive the variables again, or they would describe another day
    $effect.root(() => {
      $effect(() => void this.followScreenDate());
    });
  }

  /** Protocols with an OMOP profile: the app's (built-in and loaded) and the event-only examples. */
  protocols = $derived.by(() => {
    const all = [...this.flow.allProtocols];
    for (const p of eventProtocols) if (!all.some((q) => q.id === p.id)) all.push(p);
    return this.profile ? all : all.filter((p) => omopProfileOf(p));
  });
  protocol = $derived(this.protocols.find((p) => p.id === this.protocolId));
  /** which of the files the protocol reads, and the tables it would miss */
  plan = $derived(
    this.protocol ? EventService.plan(this.files, this.protocol, this.profile) : null,
  );

  /** A long-table profile (JSON) to read the files with; its `protocol` is chosen when known. */
  loadProfile(text: string, name: string): boolean {
    const { profile, problems } = parseProfileJson(text, name);
    this.problems = problems;
    if (!profile) return false;
    this.profile = profile;
    this.profileName = name;
    if (profile.protocol && this.protocols.some((p) => p.id === profile.protocol))
      this.protocolId = profile.protocol;
    return true;
  }

  /** Back to the protocols' own OMOP profiles. */
  clearProfile() {
    this.profile = null;
    this.profileName = "";
    this.problems = [];
    if (!this.protocol) this.protocolId = this.protocols[0]?.id ?? "";
  }

  choose(files: File[], name: string) {
    if (files.length === 0) return;
    this.files = files;
    this.name = name || `${files.length} file${files.length > 1 ? "s" : ""}`;
    const current = this.flow.protocol;
    this.protocolId =
      current && (this.profile || omopProfileOf(current))
        ? current.id
        : (this.protocols[0]?.id ?? "");
    this.summary = null;
    this.problems = [];
    this.step = "files";
  }

  async read(): Promise<boolean> {
    const protocol = this.protocol;
    if (!protocol) return false;
    this.end();
    const seq = ++this.seq;
    this.conn = this.connect();
    this.readProtocol = protocol;
    this.flow.screen.prepare();
    this.progress = (this.plan?.read ?? []).map(({ table, file }) => ({
      table,
      file: file.name,
      bytes: 0,
      totalBytes: file.size,
      rows: 0,
    }));
    this.step = "reading";
    const onProgress = (table: string, _file: string, p: ParseProgress) => {
      if (seq !== this.seq) return;
      const row = this.progress.find((r) => r.table === table);
      if (row) Object.assign(row, { bytes: p.bytes, rows: p.rows });
    };
    let summary: ReadSummary;
    try {
      summary = await this.conn.api.read(
        this.files,
        plain(protocol),
        this.conn.api instanceof EventService ? onProgress : Comlink.proxy(onProgress),
        this.profile ? plain(this.profile) : null,
      );
    } catch (e) {
      if (seq !== this.seq) return false;
      this.problems = [problem(this.name, e)];
      this.step = "files";
      return false;
    }
    if (seq !== this.seq) return false;
    for (const r of this.progress) r.bytes = r.totalBytes;
    this.summary = summary;
    this.problems = summary.problems;
    if (summary.problems.some((p) => p.severity === "error")) {
      this.step = "files";
      return false;
    }
    const now = today();
    const latest = summary.latestObservation;
    this.screeningDate = latest && latest <= now ? latest : now;
    this.dateReason = !latest
      ? "today: the extract has no observation periods (the date of its data cut is not known)"
      : latest <= now
        ? "the extract's latest observation date (the last day any patient is observed)"
        : `today: the latest observation period ends in the future (${latest})`;
    this.step = "ready";
    return true;
  }

  /** Stops a read under way (its worker is ended) and goes back to the files. */
  cancel() {
    this.seq++;
    this.end();
    this.step = this.files.length ? "files" : "idle";
  }

  /** Derives the variables as of the screening date and opens the screen on them. */
  async screen(date = this.screeningDate): Promise<boolean> {
    const protocol = this.readProtocol;
    if (!protocol || !this.conn) return false;
    const seq = ++this.seq;
    const back = this.flow.phase === "screen" ? null : this.step;
    this.step = "deriving";
    let d: Derived;
    // in the events worker, the evaluation workers' row slices are cut there and posted straight
    // to them (src/app/slice-ports.ts): cut here they were the page's longest task
    const ch = this.conn.slices ? sliceChannels(this.conn.slices) : null;
    try {
      d = await this.conn.api.derive(
        plain(protocol),
        date,
        ch ? Comlink.transfer(ch.far, ch.far) : undefined,
      );
    } catch (e) {
      ch?.close();
      if (seq === this.seq) this.failed([problem(this.name, e)], back);
      return false;
    }
    // a packed id dictionary arrives without its view (engine/packed-dict.ts)
    if (d.table) withDictViews(d.table);
    if (d.table && seq === this.seq) ch?.keep(d.table);
    else ch?.close();
    if (seq !== this.seq) return false;
    const { table, ...rest } = d;
    this.derived = rest;
    this.curveSeq++;
    this.curve = [];
    this.curvePending = 0;
    this.screeningDate = date;
    if (!table) {
      this.failed(d.problems, back);
      return false;
    }
    const flow = this.flow;
    // derived again from the screen: its protocol (edits included), other what-if values and
    // set-aside criteria stay
    const again = this.showing;
    const screened = again ? flow.screen.protocol : protocol;
    const overrides = again ? { ...flow.screen.overrides } : {};
    const disabled = again
      ? screened.criteria.filter((_, k) => flow.screen.enabled[k] === false).map((c) => c.id)
      : [];
    if (!flow.allProtocols.some((p) => p.id === protocol.id))
      flow.customProtocols = [...flow.customProtocols, protocol];
    flow.protocolId = protocol.id;
    flow.fileName = this.name;
    flow.raw = null;
    flow.choices = [];
    flow.notices = [...(this.summary?.problems ?? []), ...d.problems];
    flow.screen.units = {};
    this.table = table;
    const ok = await flow.screen.open(
      screened,
      table,
      { ...overrides, screening_date: date },
      disabled,
    );
    if (ok) flow.screen.sources = d.sources;
    if (!ok) {
      this.table = null;
      flow.fail(`The protocol "${protocol.id}" does not compile`, flow.screen.problems, "start");
      this.step = "idle";
      return false;
    }
    flow.phase = "screen";
    this.step = "idle";
    return true;
  }

  /**
   * Derives again when the screen's screening date is no longer the one derived for (the
   * what-if panel's field, its reset); null when there is nothing to do (yet).
   */
  followScreenDate(): Promise<boolean> | null {
    if (!this.showing || this.step === "deriving" || !this.derived) return null;
    // after the screen's own evaluation of the change: reloading its workers meanwhile would
    // reject that evaluation
    if (this.flow.screen.busy) return null;
    const v = this.flow.screen.paramValue("screening_date");
    const at = this.derived.screeningDate;
    if (typeof v !== "string" || v === "" || v === at) return null;
    return untrack(() => this.screen(v));
  }

  /**
   * The counts at each of the last 24 month ends up to the extract's latest observation date
   * (else today), with the screen's parameter values and enabled criteria; each date is derived
   * again in the worker. A newer call (or a new derivation) drops an older one's remaining dates.
   */
  async overTime(n = 24): Promise<void> {
    const conn = this.conn;
    const screen = this.flow.screen;
    if (!conn || !this.showing) return;
    const seq = ++this.curveSeq;
    const latest = this.summary?.latestObservation;
    const now = today();
    const dates = monthEnds(latest && latest <= now ? latest : now, n);
    const protocol = plain({
      ...screen.protocol,
      criteria: screen.protocol.criteria.filter((_, k) => screen.enabled[k] !== false),
    });
    const overrides = plain({ ...screen.overrides });
    delete overrides["screening_date"];
    this.curve = [];
    this.curvePending = dates.length;
    for (const date of dates) {
      const c = await conn.api.countsAt(protocol, date, overrides);
      if (seq !== this.curveSeq) return;
      this.curve = [...this.curve, c];
      this.curvePending--;
    }
  }

  private failed(problems: Problem[], back: EventsStep | null) {
    this.problems = problems;
    if (back) this.step = back;
    else {
      this.step = "idle";
      this.flow.fail("The variables could not be derived", problems, "screen");
    }
  }

  /** True while the screen shows the table this derived (its quality view applies). */
  get showing(): boolean {
    return this.table !== null && this.flow.screen.table === this.table;
  }

  /** Back to the start page; the read tables are freed. */
  close() {
    this.seq++;
    this.end();
    this.files = [];
    this.summary = null;
    this.step = "idle";
  }

  private end() {
    this.conn?.end();
    this.conn = null;
  }
}

function problem(where: string, e: unknown): Problem {
  return { where, message: e instanceof Error ? e.message : String(e), severity: "error" };
}

/** A plain copy (state proxies cannot be posted to a worker). */
function plain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** The context key under which App.svelte gives its EventsLoad to the components that need it. */
export const EVENTS_KEY = Symbol("events-load");
