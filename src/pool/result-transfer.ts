/**
 * A ResultSet built in a worker and moved to the page. Building one over 1M rows x 33 criteria
 * (bitsets, per-row fail sets, their counts) is a 0.3-0.6 s loop, too long for the page's main
 * thread; every part of it is typed arrays, so it crosses as transferables and the page only
 * puts the class prototypes back (structured clone keeps fields, not classes). The classes
 * inside are listed in `revive`; test/pool/result-transfer.test.ts checks a moved ResultSet
 * answers every summary exactly like one built in place, before and after a what-if.
 *
 * @example
 * // worker: const { value, transfer } = packResultSet(new ResultSet(meta, n, verdicts));
 * // page:   const rs = reviveResultSet(value, pageVerdicts);
 */
import { CountTable } from "../engine/results/count-table.ts";
import { FailSets } from "../engine/results/fail-sets.ts";
import { ResultSet } from "../engine/results/index.ts";

/** A ResultSet after structured clone: same fields, plain objects. */
export type PackedResultSet = { readonly packed: "ResultSet" } & Record<string, unknown>;

/** The ResultSet as a postable value and the buffers to transfer (its verdict arrays excluded). */
export function packResultSet(rs: ResultSet): { value: PackedResultSet; transfer: ArrayBuffer[] } {
  const own = rs as unknown as Record<string, unknown>;
  // the verdicts stay behind: the page has its own arrays and puts them back in `revive`
  const value = { ...own, verdicts: [], packed: "ResultSet" } as unknown as PackedResultSet;
  const buffers = new Set<ArrayBuffer>();
  collect(value, buffers, new Set());
  return { value, transfer: [...buffers] };
}

/** The ResultSet again, holding `verdicts` (the page's arrays, equal to those it was built from). */
export function reviveResultSet(
  value: PackedResultSet,
  verdicts: readonly Uint8Array[],
): ResultSet {
  const o = value as Record<string, unknown>;
  delete o.packed;
  o.verdicts = [...verdicts];
  for (const key of ["sets", "undSets"]) {
    const sets = o[key] as Record<string, unknown>;
    Object.setPrototypeOf(sets, FailSets.prototype);
    Object.setPrototypeOf(sets.table as object, CountTable.prototype);
  }
  return Object.setPrototypeOf(o, ResultSet.prototype) as ResultSet;
}

function collect(x: unknown, out: Set<ArrayBuffer>, seen: Set<object>): void {
  if (typeof x !== "object" || x === null || seen.has(x)) return;
  seen.add(x);
  if (ArrayBuffer.isView(x)) {
    if (x.buffer instanceof ArrayBuffer) out.add(x.buffer);
    return;
  }
  if (x instanceof Map) for (const v of x.values()) collect(v, out, seen);
  else for (const v of Object.values(x)) collect(v, out, seen);
}
