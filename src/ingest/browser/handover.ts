/**
 * The mapped table handed over by the ingest worker: row slices posted to the evaluation
 * workers on their ports, and the table as the page receives it.
 */
import type { Protocol } from "../../engine/protocol/types.ts";
import type { Table } from "../../engine/types.ts";
import { packDict, packedColumn, postableTable } from "../../engine/packed-dict.ts";
import type { SliceMessage } from "../../pool/eval-api.ts";
import { sliceTable, splitRows } from "../../pool/slice.ts";
import type { ApplyResult } from "../map/apply.ts";
import type { MappedResult } from "./ingest-api.ts";
import { own, userRecord } from "../../engine/user-keys.ts";

/**
 * Cuts the mapped table into `ports.length` row slices (copies made here, off the page; views
 * when the table is in shared memory) and posts each on its port to an evaluation worker,
 * buffers transferred (shared ones are shared). The patient id column
 * is left out unless the protocol declares it as a variable (criteria cannot read it, and its
 * dictionary holds one string per row).
 */
export function sendSlices(protocol: Protocol, table: Table, ports: readonly MessagePort[]): void {
  const id = protocol.idVariable ?? "patient_id";
  const columns = protocol.variables.some((v) => v.name === id)
    ? table.columns
    : Object.fromEntries(Object.entries(table.columns).filter(([name]) => name !== id));
  const rows = splitRows(table.nRows, ports.length);
  ports.forEach((port, k) => {
    const [start, end] = rows[k]!;
    try {
      const slice = sliceTable({ nRows: table.nRows, columns }, start, end);
      const msg: SliceMessage = { table: slice.table };
      port.postMessage(msg, slice.transfer);
    } catch (e) {
      refuse(port, e);
    }
    port.close();
  });
}

/**
 * The mapped result as it can be posted: a large id dictionary (one string per patient) packed
 * if the reader did not pack it (cheap to deserialize on the page), and packed dictionaries
 * without their views (engine/packed-dict.ts; the page restores them).
 */
export function packIds(protocol: Protocol, result: ApplyResult): MappedResult {
  const id = protocol.idVariable ?? "patient_id";
  const col = own(result.table.columns, id);
  const columns = userRecord(Object.entries(result.table.columns));
  if (col?.kind === "category" && !col.packed && col.dict.length >= 10_000)
    columns[id] = packedColumn(col.codes, packDict(col.dict));
  return { ...result, table: postableTable({ ...result.table, columns }) };
}

/** Tells the evaluation worker on `port` that no slice is coming, and why. */
export function refuse(port: MessagePort, e: unknown): void {
  const msg: SliceMessage = { error: e instanceof Error ? e.message : String(e) };
  port.postMessage(msg);
  port.close();
}
