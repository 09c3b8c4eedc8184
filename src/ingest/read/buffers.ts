/**
 * The distinct ArrayBuffers under columns, for transfer lists (lo and hi may share one; a packed
 * dictionary's end offsets too).
 * SharedArrayBuffers are left out: they are shared (the receiver gets views), not transferred.
 */
import { columnArrays, type Table } from "../../engine/types.ts";
import type { RawColumn } from "../types.ts";

/** The distinct, not shared, ArrayBuffers under `views`. */
export function transferables(views: Iterable<ArrayBufferView>): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const a of views)
    if (!(typeof SharedArrayBuffer === "function" && a.buffer instanceof SharedArrayBuffer))
      set.add(a.buffer as ArrayBuffer);
  return [...set];
}

/** Raw columns (a part of a load): their arrays and both readings of ambiguous dates. */
export function partBuffers(columns: readonly RawColumn[]): ArrayBuffer[] {
  return transferables(
    columns.flatMap((c) => [
      ...columnArrays(c.storage),
      ...(c.storage.kind === "category" && c.storage.packed ? [c.storage.packed.ends] : []),
      ...(c.dateAmbiguity ? [c.dateAmbiguity.dmy, c.dateAmbiguity.mdy] : []),
    ]),
  );
}

/** A mapped table's columns (and the end offsets of packed dictionaries). */
export function mappedBuffers(t: Table): ArrayBuffer[] {
  return transferables(
    Object.values(t.columns).flatMap((c) => [
      ...columnArrays(c),
      ...(c.kind === "category" && c.packed ? [c.packed.ends] : []),
    ]),
  );
}
