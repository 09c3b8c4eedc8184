import type { Column, ColumnArray, Table } from "../engine/types.ts";
import { isShared } from "./share-table.ts";
import { userRecord } from "../engine/user-keys.ts";

/**
 * Rows [start, end) of a table for a worker. A column in shared memory (a SharedArrayBuffer:
 * cross-origin isolated pages, Node) is sliced as a view (`subarray`), which postMessage shares:
 * the worker reads the same memory, nothing is copied or transferred. Any other column is copied
 * into a fresh buffer that is transferred: `subarray` alone would not do, transferring a view
 * transfers (detaches) its whole buffer, the sender's table included; the cost is that while
 * workers hold their slices that column exists twice. (The single-file build opened from
 * file://, or a host without the COOP/COEP headers, cannot have shared memory.)
 *
 * @example
 * const { table, transfer } = sliceTable(t, 0, 500_000);
 * worker.load(protocol, Comlink.transfer(table, transfer), {});
 */
export function sliceTable(
  t: Table,
  start: number,
  end: number,
): { table: Table; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const copy = <A extends ColumnArray>(a: A): A => {
    if (isShared(a)) return a.subarray(start, end) as A;
    const c = a.slice(start, end) as A;
    transfer.push(c.buffer as ArrayBuffer);
    return c;
  };
  const columns = userRecord<Column>();
  for (const [name, col] of Object.entries(t.columns)) {
    if (col.kind === "number") {
      const lo = copy(col.lo);
      columns[name] = {
        kind: "number",
        lo,
        hi: col.hi === col.lo ? lo : copy(col.hi),
        unit: col.unit,
      };
    } else if (col.kind === "date") columns[name] = { kind: "date", days: copy(col.days) };
    else if (col.kind === "boolean") columns[name] = { kind: "boolean", values: copy(col.values) };
    // (a packed dictionary is shared, posted without its view: the receiver restores it)
    else
      columns[name] = col.packed
        ? { kind: "category", codes: copy(col.codes), dict: [], packed: col.packed }
        : { kind: "category", codes: copy(col.codes), dict: col.dict.slice() };
  }
  return { table: { nRows: Math.max(0, end - start), columns }, transfer };
}

/** Contiguous [start, end) row ranges for n workers (the last ones may be empty). */
export function splitRows(nRows: number, n: number): [number, number][] {
  const size = Math.ceil(nRows / n);
  return Array.from({ length: n }, (_, i) => [
    Math.min(nRows, i * size),
    Math.min(nRows, (i + 1) * size),
  ]);
}
