/**
 * A category dictionary with about one entry per row (patient ids, free text) kept as one
 * string and the end offsets of its entries instead of a string per entry: a million 8-char
 * ids take 12 MB instead of ~40 MB (a V8 string is ~24 bytes, plus the array slot), cross
 * threads as one string (a million separate strings took 0.1-0.2 s to deserialize on the
 * page's main thread, one string a few milliseconds), and a reader makes the strings it shows
 * on demand (the grid reads only the visible rows).
 *
 * A column holding one has `packed` set and `dict` is a read-only view over it (`unpackDict`,
 * a Proxy): a view cannot be posted (structured clone refuses a Proxy) and copying it
 * (`slice`, spread) makes every string, so code that copies or posts a column goes through
 * `postableColumn` / `withDictView` / `sameDict` here.
 *
 * @example
 * const p = packDict(["a", "bc"]); // { text: "abc", ends: Int32Array [1, 3] }
 * unpackDict(p)[1]; // "bc"
 */
import type { CodeArray, Column, Table } from "./types.ts";
import { userRecord } from "./user-keys.ts";

export interface PackedDict {
  text: string;
  ends: Int32Array;
}

export function packDict(dict: readonly string[]): PackedDict {
  const ends = new Int32Array(dict.length);
  let at = 0;
  dict.forEach((d, k) => (ends[k] = at += d.length));
  return { text: dict.join(""), ends };
}

/** Entry k of a packed dictionary (k in range). */
export function packedEntry({ text, ends }: PackedDict, k: number): string {
  return text.slice(k === 0 ? 0 : ends[k - 1]!, ends[k]!);
}

/** A read-only string[] over a packed dictionary (index, length, iteration, array methods). */
export function unpackDict(packed: PackedDict): string[] {
  const n = packed.ends.length;
  const at = (k: number): string | undefined =>
    k >= 0 && k < n ? packedEntry(packed, k) : undefined;
  return new Proxy<string[]>([], {
    get(target, key, receiver) {
      if (typeof key === "string") {
        if (key === "length") return n;
        const k = Number(key);
        if (Number.isInteger(k) && String(k) === key) return at(k);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === "string" && Number.isInteger(Number(key))) return Number(key) < n;
      return Reflect.has(target, key);
    },
    set: () => false,
    ownKeys: (target) => [
      ...Array.from({ length: n }, (_, k) => String(k)),
      ...Reflect.ownKeys(target),
    ],
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === "string" && key !== "length" && Number.isInteger(Number(key)))
        return Number(key) < n
          ? { value: at(Number(key)), writable: false, enumerable: true, configurable: true }
          : undefined;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

/** A category column over a packed dictionary (`dict` its view). */
export function packedColumn(codes: CodeArray, packed: PackedDict): Column {
  return { kind: "category", codes, dict: unpackDict(packed), packed };
}

/**
 * The column as it can be posted: a packed dictionary's view left out (`dict: []`); the
 * receiver calls `withDictView`. Other columns are returned as they are.
 */
export function postableColumn<C extends Column>(col: C): C {
  return col.kind === "category" && col.packed ? { ...col, dict: [] } : col;
}

/** A posted column's view restored (in place; see `postableColumn`). */
export function withDictView<C extends Column>(col: C): C {
  if (col.kind === "category" && col.packed) col.dict = unpackDict(col.packed);
  return col;
}

/** `postableColumn` over every column of a table (a new table object; arrays shared). */
export function postableTable(t: Table): Table {
  const columns = userRecord<Column>();
  for (const [name, col] of Object.entries(t.columns)) columns[name] = postableColumn(col);
  return { ...t, columns };
}

/** `withDictView` over every column of a posted table (in place). */
export function withDictViews<T extends Table>(t: T): T {
  for (const col of Object.values(t.columns)) withDictView(col);
  return t;
}

/**
 * A copy of a category column's dictionary that later appends (cell edits) do not share: a
 * packed one is immutable and shared as it is (its view is new), a plain one is copied.
 */
export function copyDict(col: Extract<Column, { kind: "category" }>): {
  dict: string[];
  packed?: PackedDict;
} {
  return col.packed
    ? { dict: unpackDict(col.packed), packed: col.packed }
    : { dict: col.dict.slice() };
}

/** Appends an entry to a category column's dictionary (a packed one grows by a copy). */
export function appendEntry(col: Extract<Column, { kind: "category" }>, value: string): number {
  if (!col.packed) return col.dict.push(value) - 1;
  const { text, ends } = col.packed;
  const more = new Int32Array(ends.length + 1);
  more.set(ends);
  more[ends.length] = text.length + value.length;
  col.packed = { text: text + value, ends: more };
  col.dict = unpackDict(col.packed);
  return ends.length;
}

/** dictionaries with more entries than this may be packed */
export const PACK_MIN = 65_536;

/** A dictionary of `entries` values over `rows` rows is kept packed: large and mostly distinct. */
export function shouldPack(entries: number, rows: number): boolean {
  return entries > PACK_MIN && entries * 2 > rows;
}
