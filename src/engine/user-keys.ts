/**
 * Records keyed by names the user chose: variables, columns, parameters, mapping entries,
 * category values. A plain `{}` answers `"constructor"`, `"toString"` or `"hasOwnProperty"`
 * with Object's own functions and turns an assignment to `"__proto__"` into a prototype change,
 * so such records are made without a prototype and read by own key only. (A record that went
 * through `structuredClone` or `postMessage` comes back with a prototype, but with every key,
 * `"__proto__"` included, as its own: `own` reads it right either way.)
 *
 * @example
 * const columns = userRecord<Column>();
 * columns["__proto__"] = col;   // a key like any other
 * own(columns, "constructor");  // undefined, not Object
 */

/** An empty record without a prototype, optionally filled from `entries`. */
export function userRecord<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const r = Object.create(null) as Record<string, T>;
  if (entries) for (const [k, v] of entries) r[k] = v;
  return r;
}

/** `o[k]` when `k` is an own key of `o`, else undefined. */
export function own<T>(o: Readonly<Record<string, T>>, k: string): T | undefined {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}
