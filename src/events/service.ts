/**
 * The app's event-data session, run in the events worker (workers/events.worker.ts) and
 * in-process by tests: reads the OMOP tables a protocol's profile needs from chosen or dropped
 * files (kept here, so the screening date can move without reading them again), then derives
 * the one-row-per-patient table as of a screening date. The page receives summaries, the
 * derived table and its quality report; never the event rows.
 *
 * @example
 * const s = new EventService();
 * const read = await s.read(files, protocol, (t, p) => show(t, p));
 * const { table, quality } = s.derive(protocol, read.latestObservation ?? today);
 */
import { compileProtocol, evaluateProtocol, type ParamValue } from "../engine/compile-protocol.ts";
import { daysFromCivil, daysInMonth, formatIsoDate, parseIsoDate } from "../engine/calendar.ts";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import { ResultSet } from "../engine/results/index.ts";
import type { Table } from "../engine/types.ts";
import type { ParseProgress } from "../ingest/types.ts";
import { omopProfileOf } from "../protocols/omop-profiles.ts";
import { columnOf, dayReader } from "./cells.ts";
import { deriveTable, tablesNeeded, type OmopData } from "./derive.ts";
import { omopFileMap, readOmopFiles, type FileLike, type ReadOptions } from "./files.ts";
import type { VariableStats } from "./pick.ts";
import type { EventQuality } from "./quality.ts";
import type { OmopTable } from "./tables.ts";
import type { ParquetReader } from "./parquet.ts";
import { readVocabulary, type Vocabulary } from "./concept-sets.ts";
import { eventSources, type EventSources } from "./sources.ts";
import { longFiles, longToOmop } from "./long.ts";
import type { LongSource, SourceProfile } from "./profile.ts";
import { parseCsvStream } from "../ingest/read/parse.ts";
import type { RawTable } from "../ingest/types.ts";

export interface TableRead {
  table: OmopTable;
  file: string;
  rows: number;
  bytes: number;
}

export interface ReadSummary {
  /** the tables read, in the order read */
  tables: TableRead[];
  /** tables the profile uses that are not among the files (their variables stay unknown) */
  missing: string[];
  persons: number;
  /** the latest observation_period_end_date (ISO), or null without OBSERVATION_PERIOD */
  latestObservation: string | null;
  problems: Problem[];
}

export interface Derived {
  /** absent when the profile does not fit the protocol (see problems) */
  table?: Table;
  screeningDate: string;
  quality: EventQuality;
  variables: VariableStats[];
  problems: Problem[];
  /** the event each picked value came from (explanations) */
  sources: EventSources;
}

/** The screen's status counts as of one screening date (NaN when the protocol does not fit). */
export interface DateCounts {
  date: string;
  eligible: number;
  needsReview: number;
  ineligible: number;
}

/** `table`: the OMOP table read (or, for long tables, "patients" or the event table a file feeds) */
export type TableProgress = (table: string, file: string, p: ParseProgress) => void;

export interface ReadPlan {
  read: { table: string; file: FileLike }[];
  /** tables (OMOP) or files (long) the profile uses that are not among the files */
  missing: string[];
  problems: Problem[];
}

export class EventService {
  private data: OmopData | null = null;
  private profile: SourceProfile | null = null;
  private profileOf: string | null = null;
  private vocab: Vocabulary | null = null;

  /**
   * `parquet`: the Parquet reader (parquet.ts), given by the events worker and Node callers;
   * `helpers`: reading helpers for large CSV tables (files.ts), given by the events worker
   */
  constructor(
    private readonly readers: { parquet?: ParquetReader; helpers?: ReadOptions["helpers"] } = {},
  ) {}

  /** The profile used: the one given (a long-table profile loaded in the app), else the protocol's OMOP profile. */
  static profileFor(protocol: Protocol, given?: SourceProfile | null): SourceProfile | undefined {
    return given ?? omopProfileOf(protocol);
  }

  /** The files the profile reads, before anything is read. */
  static plan(
    files: Iterable<FileLike>,
    protocol: Protocol,
    given?: SourceProfile | null,
  ): ReadPlan {
    const profile = EventService.profileFor(protocol, given);
    if (!profile)
      return {
        read: [],
        missing: [],
        problems: [
          {
            where: protocol.id,
            message: `protocol ${protocol.id} has no OMOP profile ('sources.omop'): it cannot screen event tables (or load a long-table profile)`,
            severity: "error",
          },
        ],
      };
    if (profile.model === "long") return longPlan([...files], profile);
    const { map, problems } = omopFileMap(files);
    const need = tablesNeeded(profile);
    return {
      read: need.flatMap((t) => {
        const file = map.get(t);
        return file ? [{ table: t, file }] : [];
      }),
      missing: need.filter((t) => !map.has(t)),
      problems,
    };
  }

  async read(
    files: FileLike[],
    protocol: Protocol,
    onProgress?: TableProgress,
    given?: SourceProfile | null,
    signal?: AbortSignal,
  ): Promise<ReadSummary> {
    this.data = null;
    this.vocab = null;
    const plan = EventService.plan(files, protocol, given);
    const profile = EventService.profileFor(protocol, given);
    const none = { tables: [], missing: plan.missing, persons: 0, latestObservation: null };
    if (!profile) return { ...none, problems: plan.problems };
    const byTable = new Map(plan.read.map((r) => [r.table, r.file]));
    let read: { data: OmopData; problems: Problem[] };
    if (profile.model === "long") {
      if (!profile.long || plan.problems.some((p) => p.severity === "error"))
        return { ...none, problems: plan.problems };
      read = await readLongFiles(plan, profile.long, onProgress, signal);
    } else
      read = await readOmopFiles(files, tablesNeeded(profile), {
        signal,
        parquet: this.readers.parquet,
        helpers: this.readers.helpers,
        onProgress: onProgress
          ? (t, p) =>
              onProgress(t, byTable.get(t)?.name ?? t, { ...p, totalBytes: byTable.get(t)?.size })
          : undefined,
      });
    const { data, problems } = read;
    this.data = data;
    this.profile = profile;
    this.profileOf = protocol.id;
    const tables = (Object.keys(data.tables) as OmopTable[]).map((t) => ({
      table: t,
      file: data.files[t] ?? t,
      rows: data.tables[t]!.nRows,
      bytes: byTable.get(t)?.size ?? 0,
    }));
    return {
      tables,
      missing: plan.missing,
      persons: data.tables.person?.nRows ?? 0,
      latestObservation: latestObservation(data),
      problems: [...plan.problems.filter((p) => p.severity !== "error"), ...problems],
    };
  }

  /** Derives the variables as of `screeningDate` (ISO) from the tables last read. */
  derive(protocol: Protocol, screeningDate: string): Derived {
    return this.deriveAt(protocol, screeningDate, true);
  }

  /** `explain`: also the event each picked value came from (the screen's explanations) */
  private deriveAt(protocol: Protocol, screeningDate: string, explain: boolean): Derived {
    const data = this.data;
    const profile = this.profile;
    if (!data || !profile || this.profileOf !== protocol.id)
      throw new Error("read the tables for this protocol first");
    const d = deriveTable(protocol, profile, data, { screening_date: screeningDate });
    const errors = d.problems.some((p) => p.severity === "error");
    return {
      ...(errors ? {} : { table: d.table }),
      screeningDate,
      quality: d.quality,
      variables: d.variables,
      problems: d.problems,
      sources: errors || !explain ? {} : eventSources(protocol, d, data, this.vocabulary(data)),
    };
  }

  /** CONCEPT's codes and names, read once per extract (the sources' codes) */
  private vocabulary(data: OmopData): Vocabulary {
    return (this.vocab ??= readVocabulary(data.tables.concept));
  }

  /**
   * The screen's counts as of `screeningDate`: derived again and evaluated here (the derived
   * table never leaves), with the page's other parameter values and only the criteria it has
   * enabled (`protocol` as the page screens it).
   */
  countsAt(
    protocol: Protocol,
    screeningDate: string,
    overrides: Record<string, ParamValue> = {},
  ): DateCounts {
    const d = this.deriveAt(protocol, screeningDate, false);
    const params = { ...overrides, screening_date: screeningDate };
    const { compiled } = compileProtocol(protocol, params);
    if (!d.table || !compiled)
      return { date: screeningDate, eligible: NaN, needsReview: NaN, ineligible: NaN };
    const { verdicts } = evaluateProtocol(compiled, d.table);
    const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
    const c = new ResultSet(meta, d.table.nRows, verdicts).counts();
    return {
      date: screeningDate,
      eligible: c.eligible,
      needsReview: c.needsReview,
      ineligible: c.ineligible,
    };
  }

  release(): void {
    this.data = null;
    this.profile = null;
    this.profileOf = null;
    this.vocab = null;
  }
}

/** The latest end of an observation period, as an ISO date (null when there is none). */
export function latestObservation(data: OmopData): string | null {
  const obs = data.tables.observation_period;
  if (!obs) return null;
  const end = dayReader(columnOf(obs, "observation_period_end_date"));
  let max = -Infinity;
  for (let r = 0; r < obs.nRows; r++) {
    const d = end(r);
    if (d > max) max = d;
  }
  return max === -Infinity ? null : new Date(max * 86400000).toISOString().slice(0, 10);
}

/**
 * The last `n` month ends on or before `anchor` (ISO), oldest first: the screening dates of the
 * sensitivity view ("eligible at each month end over the last two years" with n = 24).
 */
export function monthEnds(anchor: string, n = 24): string[] {
  const a = parseIsoDate(anchor);
  if (a !== a) return [];
  const [yy, mm, d] = formatIsoDate(a).split("-").map(Number) as [number, number, number];
  let [y, m] = [yy, mm];
  if (d < daysInMonth(y, m)) [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    out.push(formatIsoDate(daysFromCivil(y, m, daysInMonth(y, m))));
    [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  }
  return out.reverse();
}

/** A long profile's files among the chosen ones (names compared in any case, folders ignored). */
function longPlan(files: FileLike[], profile: SourceProfile): ReadPlan {
  const long = profile.long;
  if (!long)
    return {
      read: [],
      missing: [],
      problems: [
        {
          where: "profile",
          message: `a profile of model "long" needs 'long' (its files and columns)`,
          severity: "error",
        },
      ],
    };
  const label = (file: string) =>
    file === long.patients.file
      ? "patients"
      : Object.entries(long.events)
          .filter(([, e]) => e!.file === file)
          .map(([t]) => t)
          .join(", ");
  const read: ReadPlan["read"] = [];
  const missing: string[] = [];
  for (const want of new Set(longFiles(long))) {
    const file = files.find((f) => f.name.toLowerCase() === want.toLowerCase());
    if (file) read.push({ table: label(want), file });
    else missing.push(want);
  }
  const problems: Problem[] = missing.includes(long.patients.file)
    ? [
        {
          where: "files",
          message: `no ${long.patients.file} among the files (the profile's patient table)`,
          severity: "error",
        },
      ]
    : [];
  return { read, missing, problems };
}

async function readLongFiles(
  plan: ReadPlan,
  long: LongSource,
  onProgress?: TableProgress,
  signal?: AbortSignal,
): Promise<{ data: OmopData; problems: Problem[] }> {
  const tables = new Map<string, RawTable>();
  const problems: Problem[] = [];
  for (const { table, file } of plan.read) {
    const raw = await parseCsvStream(file.stream(), {
      name: file.name,
      totalBytes: file.size,
      signal,
      onProgress: onProgress
        ? (p) => onProgress(table, file.name, { ...p, totalBytes: file.size })
        : undefined,
    });
    problems.push(...raw.problems);
    const want = longFiles(long).find((n) => n.toLowerCase() === file.name.toLowerCase());
    if (want) tables.set(want, raw);
  }
  const r = longToOmop(long, tables);
  return { data: r.data, problems: [...problems, ...r.problems] };
}
