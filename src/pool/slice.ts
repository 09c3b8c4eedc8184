import type { Column, Table } from "../engine/types.ts";

/**
 * Copy rows [start, end) of a table into fresh buffers that can be transferred to a worker.
 * `subarray` alone would not do: transferring a view transfers (detaches) its whole buffer, the
 * page's table included. The cost is memory: while workers hold their slices, the table exists
 * twice (page + workers). SharedArrayBuffer would avoid the copy but needs cross-origin isolation
 * (COOP/COEP headers), which the single-file build opened from file:// cannot have.
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
  const copy = <A extends Float64Array | Uint8Array | Int32Array>(a: A): A => {
    const c = a.slice(start, end) as A;
    transfer.push(c.buffer as ArrayBuffer);
    return c;
  };
  const columns: Record<string, Column> = {};
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
    else columns[name] = { kind: "category", codes: copy(col.codes), dict: col.dict.slice() };
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
