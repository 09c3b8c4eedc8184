/**
 * The distinct ArrayBuffers under raw columns, for transfer lists (lo and hi may share one).
 * SharedArrayBuffers are left out: they are shared, not transferred.
 */
import type { RawColumn } from "./types";

export function partBuffers(columns: readonly RawColumn[]): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView): void => {
    if (typeof SharedArrayBuffer === "function" && a.buffer instanceof SharedArrayBuffer) return;
    set.add(a.buffer as ArrayBuffer);
  };
  for (const c of columns) {
    const s = c.storage;
    if (s.kind === "number") {
      add(s.lo);
      add(s.hi);
    } else if (s.kind === "date") add(s.days);
    else if (s.kind === "boolean") add(s.values);
    else add(s.codes);
    if (c.dateAmbiguity) {
      add(c.dateAmbiguity.dmy);
      add(c.dateAmbiguity.mdy);
    }
  }
  return [...set];
}
