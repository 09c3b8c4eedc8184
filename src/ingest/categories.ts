/** Category mapping: values normalised to a variable's allowed values; duplicate ids. */
import type { ProtocolVariable } from "../engine/protocol/types";
import { codeBytes, newCodes } from "../engine/codes";
import { TRUE, UNKNOWN, type CodeArray, type Column } from "../engine/types";
import { addExample, type ColumnQuality } from "./quality";
import type { RawColumn } from "./types";
import { formatDay } from "./values";
import { recodeCategories } from "./recode";
import { copyDict, type PackedDict } from "../engine/packed-dict";

const packedOf = (c: { packed?: PackedDict }): { packed?: PackedDict } =>
  c.packed ? { packed: c.packed } : {};

const ALIASES: Record<string, string[]> = {
  female: ["f", "w", "woman", "women", "fem", "weiblich", "femme"],
  male: ["m", "man", "men", "masc", "männlich", "homme"],
};
const ROMAN = ["", "i", "ii", "iii", "iv", "v", "vi"];

function catKey(s: string): string {
  let k = s
    .toLowerCase()
    .replace(/^(class|grade|type)\s*/, "")
    .replace(/[\s_-]+/g, "");
  k = k.replace(/\d/g, (d) => ROMAN[+d] ?? d);
  return k;
}

export function toCategory(
  v: ProtocolVariable,
  col: RawColumn,
  q: ColumnQuality,
  reuse = false,
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
  if (!v.values || v.values.length === 0)
    return {
      kind: "category",
      codes: shared && !reuse ? codes.slice() : codes,
      // (a packed dictionary is immutable: shared, never made into strings)
      ...(s.kind !== "category" ? { dict } : reuse ? { dict, ...packedOf(s) } : copyDict(s)),
    };
  const allowed = new Map<string, number>();
  v.values.forEach((a, i) => {
    allowed.set(catKey(a), i);
    for (const al of ALIASES[a.toLowerCase()] ?? []) allowed.set(al, i);
  });
  const remap = dict.map((d) => allowed.get(catKey(d)) ?? -1);
  // recoded in place when the codes are this call's own or moved over (`reuse`: the raw
  // column's buffers belong to the mapped table; 17 such columns of the synthetic registry
  // were 65 MB of copies at the pipeline's peak)
  // (the allowed values decide the width: a narrower array than the raw one's is fine)
  const bytes = codeBytes(v.values.length);
  const out =
    (shared && !reuse) || bytes > codes.BYTES_PER_ELEMENT ? newCodes(bytes, codes.length) : codes;
  const { unknown, firstUnknown } = recodeCategories(codes, out, remap);
  q.unknownCategories.count += unknown;
  q.unknownCategories.examples = firstUnknown.map((c) => dict[c]!);
  if (q.unknownCategories.count > 0)
    q.notes.push(`values not among ${v.values.join(", ")} were read as missing`);
  return { kind: "category", codes: out, dict: v.values.slice() };
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
