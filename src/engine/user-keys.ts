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

/**
 * A copy of `o` with `k` set to `v` (or left out when `v` is undefined): a plain object whose
 * keys are all its own, `"__proto__"` too (`next[k] = v` on a copy would set its prototype).
 */
export function withKey<T>(o: Readonly<Record<string, T>>, k: string, v?: T): Record<string, T> {
  const rest = Object.entries(o).filter(([x]) => x !== k);
  return Object.fromEntries(v === undefined ? rest : [...rest, [k, v]]) as Record<string, T>;
}

/** `o[k]` when `k` is an own key of `o`, else undefined. */
export function own<T>(o: Readonly<Record<string, T>>, k: string): T | undefined {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}
