/**
 * A mapped table in shared memory, so that the page and every evaluation worker read one copy
 * of it (cross-origin isolated pages and Node; see shared.ts `canShare`). Columns already in a
 * SharedArrayBuffer (the parallel read's layout, moved over by `applyMapping` with `reuse`)
 * stay where they are; the others (converted categories, numbers with a unit column...) are
 * copied once into a SharedArrayBuffer of their own, and the private array is dropped.
 *
 * @example
 * const { table } = applyMapping(protocol, raw, mapping, { reuse: true });
 * if (canShare()) shareTable(table); // views of it can now be posted without copy or transfer
 */
import { rowArray, type ColumnArray, type Table } from "../engine/types.ts";

type Values = ColumnArray;

/** The array's memory is a SharedArrayBuffer (posting it shares it; it cannot be transferred). */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === "function" && a.buffer instanceof SharedArrayBuffer;
}

/** Every column of `t` is in shared memory (and there is at least one). */
export function isSharedTable(t: Table): boolean {
  const cols = t.columns ? Object.values(t.columns) : [];
  return cols.length > 0 && cols.every((c) => isShared(rowArray(c)));
}

/** `a` itself when shared, else a copy of it in a new SharedArrayBuffer. */
export function toShared<A extends Values>(a: A): A {
  if (isShared(a)) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => A;
  const c = new Ctor(new SharedArrayBuffer(a.byteLength));
  c.set(a);
  return c;
}

/**
 * Moves every column of `t` into shared memory (in place: the column objects are updated). A
 * number column whose `hi` is its `lo` keeps one buffer for both. Returns the bytes copied (0
 * when everything was shared already).
 */
export function shareTable(t: Table): number {
  let copied = 0;
  const share = <A extends Values>(a: A): A => {
    const s = toShared(a);
    if (s !== a) copied += a.byteLength;
    return s;
  };
  for (const c of Object.values(t.columns)) {
    if (c.kind === "number") {
      const same = c.hi === c.lo;
      c.lo = share(c.lo);
      c.hi = same ? c.lo : share(c.hi);
    } else if (c.kind === "date") c.days = share(c.days);
    else if (c.kind === "boolean") c.values = share(c.values);
    else c.codes = share(c.codes);
  }
  return copied;
}
