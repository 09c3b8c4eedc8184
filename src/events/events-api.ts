/** The events worker's API (`EventService` behind workers/events.worker.ts): types only. */
import type { Protocol } from "../engine/protocol/types.ts";
import type { DateCounts, Derived, ReadSummary, TableProgress } from "./service.ts";
import type { SourceProfile } from "./profile.ts";

/** The events worker (workers/events.worker.ts): OMOP tables read and kept there, derived on demand. */
export interface EventsApi {
  /** `profile`: a long-table profile loaded in the app (else the protocol's OMOP profile) */
  read(
    files: File[],
    protocol: Protocol,
    onProgress?: TableProgress,
    profile?: SourceProfile | null,
  ): Promise<ReadSummary>;
  /**
   * `ports`: one per evaluation worker; the derived table's row slices are posted on them from
   * the worker (src/app/slice-ports.ts), so the page never cuts the table
   */
  derive(
    protocol: Protocol,
    screeningDate: string,
    ports?: readonly MessagePort[],
  ): Derived | Promise<Derived>;
  /** the counts as of a date, derived and evaluated in the worker (the sensitivity view) */
  countsAt(
    protocol: Protocol,
    screeningDate: string,
    overrides: Record<string, number | string | boolean>,
  ): DateCounts | Promise<DateCounts>;
  release(): void;
  /**
   * The reading helpers' script (the page's blob: URL of workers/ingest-part.worker.ts): a worker
   * started from a blob: cannot resolve its own copy's URL (then large tables are read on one thread)
   */
  configure?(opts: { partWorkerUrl?: string }): void;
}
