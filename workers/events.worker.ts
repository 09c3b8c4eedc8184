/**
 * Events worker: a thin Comlink adapter over EventService (src/events/service.ts). It reads the
 * chosen OMOP tables (kept here) and derives the per-patient table, whose buffers are
 * transferred to the page; a cancelled read ends the worker (the page starts a new one).
 */
import * as Comlink from "comlink";
import type { Protocol } from "../src/engine/protocol/types.ts";
import type { Column, Table } from "../src/engine/types.ts";
import type { FileLike } from "../src/events/files.ts";
import { EventService, type TableProgress } from "../src/events/service.ts";
import { readParquetTable } from "../src/events/parquet.ts";
import { sourceBuffers } from "../src/events/sources.ts";
import type { EventsApi } from "./protocol.ts";

// the Parquet reader lives here only: the page imports EventService for its plan
const service = new EventService({ parquet: readParquetTable });

function columnBuffers(c: Column): ArrayBufferLike[] {
  switch (c.kind) {
    case "number":
      return [c.lo.buffer, c.hi.buffer];
    case "date":
      return [c.days.buffer];
    case "boolean":
      return [c.values.buffer];
    case "category":
      return [c.codes.buffer];
  }
}

/** Every distinct buffer of the derived table (freshly made by derivation: none is an event column's). */
function tableBuffers(t: Table): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of Object.values(t.columns))
    for (const b of columnBuffers(c)) if (b instanceof ArrayBuffer) out.add(b);
  return [...out];
}

const api: EventsApi = {
  read: (files: File[], protocol: Protocol, onProgress?: TableProgress, profile?) =>
    service.read(files as FileLike[], protocol, onProgress, profile),
  derive(protocol, screeningDate) {
    const d = service.derive(protocol, screeningDate);
    return d.table
      ? Comlink.transfer(d, [...tableBuffers(d.table), ...sourceBuffers(d.sources)])
      : d;
  },
  countsAt: (protocol, screeningDate, overrides) =>
    service.countsAt(protocol, screeningDate, overrides),
  release: () => service.release(),
};

Comlink.expose(api);
