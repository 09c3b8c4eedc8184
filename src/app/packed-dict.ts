/**
 * A category dictionary with one entry per row (patient ids) crosses from the ingest worker as
 * one string and the end offsets of its entries: a million separate strings took 0.1-0.2 s to
 * deserialize on the page's main thread, one string a few milliseconds. On the page it is an
 * array-like view that slices entries out on demand (the grid reads only the visible rows).
 *
 * @example
 * const p = packDict(["a", "bc"]); // { text: "abc", ends: Int32Array [1, 3] }
 * unpackDict(p)[1]; // "bc"
 */

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

/** A read-only string[] over a packed dictionary (index, length, iteration, array methods). */
export function unpackDict({ text, ends }: PackedDict): string[] {
  const n = ends.length;
  const at = (k: number): string | undefined =>
    k >= 0 && k < n ? text.slice(k === 0 ? 0 : ends[k - 1]!, ends[k]!) : undefined;
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
