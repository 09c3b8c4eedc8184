/** Category mapping: values normalised to a variable's allowed values; duplicate ids. */
import type { ProtocolVariable } from "../../engine/protocol/types.ts";
import { codeBytes, newCodes } from "../../engine/codes.ts";
import { TRUE, UNKNOWN, type CodeArray, type Column } from "../../engine/types.ts";
import { addExample, type ColumnQuality } from "../quality/quality.ts";
import type { RawColumn } from "../types.ts";
import { formatDay } from "../read/values.ts";
import { recodeCategories } from "./recode.ts";
import type { ColumnMapping } from "./mapping.ts";
import { decodeCategory, tallyCodes, Tally } from "./value-map.ts";
import { copyDict, type PackedDict } from "../../engine/packed-dict.ts";

const packedOf = (c: { packed?: PackedDict }): { packed?: PackedDict } =>
  c.packed ? { packed: c.packed } : {};

export function toCategory(
  v: ProtocolVariable,
  col: RawColumn,
  q: ColumnQuality,
  reuse = false,
  m: Pick<ColumnMapping, "values"> = {},
  tally: Tally = new Tally(),
): Column {
  const s = col.storage;
  let codes: CodeArray;
  let dict: string[];
  const shared = s.kind === "category";
  if (s.kind === "category") {
    codes = s.codes;
    dict = s.dict;
  } else {
    // numbers, dates, booleans as their text (e.g. numeric patient ids)
    const n =
      s.kind === "boolean" ? s.values.length : s.kind === "date" ? s.days.length : s.lo.length;
    codes = new Int32Array(n);
    dict = [];
    const lookup = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const t =
        s.kind === "boolean"
          ? s.values[i] === UNKNOWN
            ? ""
            : s.values[i] === TRUE
              ? "yes"
              : "no"
          : s.kind === "date"
            ? formatDay(s.days[i]!)
            : s.lo[i] !== s.lo[i]
              ? ""
              : String(s.lo[i]);
      if (t === "") {
        codes[i] = -1;
        continue;
      }
      let c = lookup.get(t);
      if (c === undefined) {
        c = dict.length;
        dict.push(t);
        lookup.set(t, c);
      }
      codes[i] = c;
    }
  }
  // the reader's rejects (a code among numbers, a word among dates) are values too
  const rejects = col.rejects;
  if (!v.values || v.values.length === 0) {
    if (rejects.rows.length > 0 && s.kind !== "category") {
      const lookup = new Map(dict.map((d, i) => [d, i]));
      rejects.rows.forEach((row, k) => {
        const t = rejects.texts[k]!;
        let c = lookup.get(t);
        if (c === undefined) lookup.set(t, (c = dict.push(t) - 1));
        codes[row] = c;
      });
    }
    tallyUncapped(col, tally);
    return {
      kind: "category",
      codes: shared && !reuse ? codes.slice() : codes,
      // (a packed dictionary is immutable: shared, never made into strings)
      ...(s.kind !== "category" ? { dict } : reuse ? { dict, ...packedOf(s) } : copyDict(s)),
    };
  }
  const dec = decodeCategory(v.values, dict, m);
  const remap = Array.from(dec.to);
  // recoded in place when the codes are this call's own or moved over (`reuse`: the raw
  // column's buffers belong to the mapped table; 17 such columns of the synthetic registry
  // were 65 MB of copies at the pipeline's peak)
  // (the allowed values decide the width: a narrower array than the raw one's is fine)
  const bytes = codeBytes(v.values.length);
  const out =
    (shared && !reuse) || bytes > codes.BYTES_PER_ELEMENT ? newCodes(bytes, codes.length) : codes;
  // (a value the mapping reads as missing on purpose is understood)
  const bad = Uint8Array.from(remap, (r, i) => (r < 0 && dec.by[i] === "none" ? 1 : 0));
  tallyCodes(codes, bad, dict, tally);
  const { unknown, firstUnknown } = recodeCategories(codes, out, remap);
  q.unknownCategories.count += unknown;
  q.unknownCategories.examples = firstUnknown.map((c) => dict[c]!);
  if (rejects.rows.length > 0) {
    const rd = decodeCategory(v.values, rejects.texts, m);
    rejects.rows.forEach((row, k) => {
      if (rd.to[k]! >= 0) out[row] = rd.to[k]!;
      else if (rd.by[k] === "none") tally.add(rejects.texts[k]!, row);
    });
  }
  tallyUncapped(col, tally);
  if (q.unknownCategories.count > 0)
    q.notes.push(`values not among ${v.values.join(", ")} were read as missing`);
  return { kind: "category", codes: out, dict: v.values.slice() };
}

/** Unparseable cells beyond the reader's reject cap: counted, their text not kept. */
export function tallyUncapped(col: RawColumn, tally: Tally): void {
  const over = col.stats.unparseable - col.rejects.rows.length;
  if (over > 0) tally.add("(text not kept: over the reader's cap)", -1, over);
}

export function duplicates(
  codes: CodeArray,
  dict: readonly string[],
): { count: number; examples: string[] } {
  const seen = new Uint8Array(dict.length);
  let count = 0;
  const examples: string[] = [];
  for (const c of codes) {
    if (c < 0) continue;
    if (seen[c] === 1) {
      count++;
      seen[c] = 2;
      addExample(examples, dict[c]!);
    } else if (seen[c] === 2) count++;
    else seen[c] = 1;
  }
  return { count, examples };
}
