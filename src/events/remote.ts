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
import { refuse, sendSlices } from "../ingest/browser/handover.ts";
import { packDict, packedColumn, postableTable } from "../engine/packed-dict.ts";

function columnBuffers(c: Column): ArrayBufferLike[] {
  switch (c.kind) {
    case "number":
      return [c.lo.buffer, c.hi.buffer];
    case "date":
      return [c.days.buffer];
    case "boolean":
      return [c.values.buffer];
    case "category":
      return c.packed ? [c.codes.buffer, c.packed.ends.buffer] : [c.codes.buffer];
  }
}

/** Every distinct buffer of the derived table (freshly made by derivation: none is an event column's). */
export function derivedBuffers(t: Table): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of Object.values(t.columns))
    for (const b of columnBuffers(c)) if (b instanceof ArrayBuffer) out.add(b);
  return [...out];
}

/**
 * The id column with its dictionary packed (one string per patient, engine/packed-dict.ts): as
 * separate strings it took 50 ms or more to deserialize on the page's main thread at 100,000
 * patients. The page restores the view (`withDictViews`).
 */
function packedIds(id: string, t: Table): Table {
  const col = t.columns[id];
  if (col?.kind !== "category" || col.packed || col.dict.length < 10_000) return t;
  return { ...t, columns: { ...t.columns, [id]: packedColumn(col.codes, packDict(col.dict)) } };
}

/** The API a worker exposes over `service` (the OMOP tables read stay in it). */
export function eventsApi(
  service = new EventService(),
  configure?: EventsApi["configure"],
): EventsApi {
  return {
    configure,
    read: (files, protocol, onProgress, profile) =>
      service.read(files as FileLike[], protocol, onProgress, profile),
    derive(protocol, screeningDate, ports) {
      const d = service.derive(protocol, screeningDate);
      // the evaluation workers' slices are cut here, before the table's buffers leave: cutting
      // them on the page was its longest task (0.2 s at 100,000 patients, 2.6 s under load)
      if (ports) {
        if (d.table) sendSlices(protocol, d.table, ports);
        else for (const p of ports) refuse(p, new Error("no table derived"));
      }
      if (!d.table) return d;
      const table = packedIds(protocol.idVariable ?? "patient_id", d.table);
      return Comlink.transfer({ ...d, table: postableTable(table) }, [
        ...derivedBuffers(table),
        ...sourceBuffers(d.sources),
      ]);
    },
    countsAt: (protocol, screeningDate, overrides) =>
      service.countsAt(protocol, screeningDate, overrides),
    release: () => service.release(),
  };
}
