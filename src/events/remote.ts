/**
 * The events worker's API over an EventService (workers/events.worker.ts exposes it): the
 * derived table's buffers are transferred to the page, not copied.
 */
import * as Comlink from "comlink";
import type { Column, Table } from "../engine/types.ts";
import type { EventsApi } from "./events-api.ts";
import type { FileLike } from "./files.ts";
import { EventService } from "./service.ts";
import { sourceBuffers } from "./sources.ts";

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
export function derivedBuffers(t: Table): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of Object.values(t.columns))
    for (const b of columnBuffers(c)) if (b instanceof ArrayBuffer) out.add(b);
  return [...out];
}

/** The API a worker exposes over `service` (the OMOP tables read stay in it). */
export function eventsApi(service = new EventService()): EventsApi {
  return {
    read: (files, protocol, onProgress, profile) =>
      service.read(files as FileLike[], protocol, onProgress, profile),
    derive(protocol, screeningDate) {
      const d = service.derive(protocol, screeningDate);
      return d.table
        ? Comlink.transfer(d, [...derivedBuffers(d.table), ...sourceBuffers(d.sources)])
        : d;
    },
    countsAt: (protocol, screeningDate, overrides) =>
      service.countsAt(protocol, screeningDate, overrides),
    release: () => service.release(),
  };
}
