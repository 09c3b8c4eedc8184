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
import {
  daysFromCivil,
  daysInMonth,
  formatIsoDate,
  parseIsoDate,
} from "../engine/lang/calendar.ts";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import { ResultSet } from "../engine/results/index.ts";
import type { Table } from "../engine/types.ts";
import type { ParseProgress } from "../ingest/types.ts";
import { omopProfileOf } from "../protocols/omop-profiles.ts";
import { columnOf, dayReader } from "./cells.ts";
import { deriveTable, tablesNeeded, type OmopData } from "./derive.ts";
import { omopFileMap, readOmopFiles, type FileLike } from "./files.ts";
import type { VariableStats } from "./pick.ts";
import type { EventQuality } from "./quality.ts";
import type { OmopTable } from "./tables.ts";

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
  missing: OmopTable[];
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
}

/** The screen's status counts as of one screening date (NaN when the protocol does not fit). */
export interface DateCounts {
  date: string;
  eligible: number;
  needsReview: number;
  ineligible: number;
}

export type TableProgress = (table: OmopTable, file: string, p: ParseProgress) => void;

export class EventService {
  private data: OmopData | null = null;
  private profileOf: string | null = null;

  /** The tables the protocol's OMOP profile reads, by file, before anything is read. */
  static plan(
    files: Iterable<FileLike>,
    protocol: Protocol,
  ): { read: { table: OmopTable; file: FileLike }[]; missing: OmopTable[]; problems: Problem[] } {
    const profile = omopProfileOf(protocol);
    const { map, problems } = omopFileMap(files);
    if (!profile)
      return {
        read: [],
        missing: [],
        problems: [
          {
            where: protocol.id,
            message: `protocol ${protocol.id} has no OMOP profile ('sources.omop'): it cannot screen event tables`,
            severity: "error",
          },
        ],
      };
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
    signal?: AbortSignal,
  ): Promise<ReadSummary> {
    this.data = null;
    const plan = EventService.plan(files, protocol);
    const profile = omopProfileOf(protocol);
    if (!profile)
      return {
        tables: [],
        missing: [],
        persons: 0,
        latestObservation: null,
        problems: plan.problems,
      };
    const byTable = new Map(plan.read.map((r) => [r.table, r.file]));
    const { data, problems } = await readOmopFiles(files, tablesNeeded(profile), {
      signal,
      onProgress: onProgress
        ? (t, p) =>
            onProgress(t, byTable.get(t)?.name ?? t, { ...p, totalBytes: byTable.get(t)?.size })
        : undefined,
    });
    this.data = data;
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
      problems,
    };
  }

  /** Derives the variables as of `screeningDate` (ISO) from the tables last read. */
  derive(protocol: Protocol, screeningDate: string, today?: number): Derived {
    const data = this.data;
    const profile = omopProfileOf(protocol);
    if (!data || !profile || this.profileOf !== protocol.id)
      throw new Error("read the tables for this protocol first");
    const d = deriveTable(protocol, profile, data, { screening_date: screeningDate }, today);
    const errors = d.problems.some((p) => p.severity === "error");
    return {
      ...(errors ? {} : { table: d.table }),
      screeningDate,
      quality: d.quality,
      variables: d.variables,
      problems: d.problems,
    };
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
    const d = this.derive(protocol, screeningDate);
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
    this.profileOf = null;
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
