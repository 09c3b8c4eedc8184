/**
 * What each distinct text of a mapped column becomes (categories.ts, apply.ts and the mapping
 * step's recoding table use the same rules, so what the analyst sees is what is read): an
 * allowed value or yes/no by the spelling rules (words.ts), or the mapping's own `values`, or
 * missing. Cells that held text and become missing are tallied as "not understood".
 *
 * @example
 * decodeCategory(["female", "male"], ["F", "Frau", "x"], {}) // to [0, 0, -1]
 */
import type { ProtocolVariable } from "../../engine/protocol/types.ts";
import { FALSE, TRUE } from "../../engine/types.ts";
import type { ColumnMapping } from "./mapping.ts";
import type { RawColumn } from "../types.ts";
import { categoryIndex, wordKey, wordTruth } from "./words.ts";
import { formatDay, parseBooleanWord } from "../read/values.ts";

/** How a text was decoded: by the spelling rules, by the mapping's `values`, or not at all. */
export type DecodedBy = "rule" | "mapping" | "none";

export interface Decoded {
  /** per text: index of the target (allowed value; 1 yes, 0 no for booleans), -1 missing */
  to: Int32Array;
  by: DecodedBy[];
}

/** The mapping's `values` entry for a text: exact, else by `wordKey`; undefined when none. */
function lookupValue(
  values: Record<string, string | null> | undefined,
  byKey: Map<string, string | null> | null,
  text: string,
): string | null | undefined {
  if (!values) return undefined;
  if (Object.prototype.hasOwnProperty.call(values, text)) return values[text] ?? null;
  return byKey?.get(wordKey(text));
}

function keyed(values: Record<string, string | null> | undefined) {
  if (!values) return null;
  const m = new Map<string, string | null>();
  for (const [k, v] of Object.entries(values)) if (!m.has(wordKey(k))) m.set(wordKey(k), v);
  return m;
}

/** Category texts decoded against a variable's allowed values. */
export function decodeCategory(
  allowed: readonly string[],
  texts: readonly string[],
  m: Pick<ColumnMapping, "values">,
): Decoded {
  const byKey = keyed(m.values);
  const to = new Int32Array(texts.length);
  const by: DecodedBy[] = [];
  for (let i = 0; i < texts.length; i++) {
    const own = lookupValue(m.values, byKey, texts[i]!);
    if (own !== undefined) {
      to[i] = own === null || own === "" ? -1 : categoryIndex(allowed, own);
      by.push("mapping");
      continue;
    }
    to[i] = categoryIndex(allowed, texts[i]!);
    by.push(to[i]! >= 0 ? "rule" : "none");
  }
  return { to, by };
}

/** TRUE / FALSE of a target written in a mapping (`yes`, `no`, `true`, ...), -1 for missing. */
export function truthOf(target: string | null): number {
  if (target === null || target === "") return -1;
  const b = wordTruth(target);
  return b === -1 ? -1 : b;
}

/** Yes/no texts decoded (the mapping's values, `trueValues`/`falseValues`, then the words). */
export function decodeBoolean(
  texts: readonly string[],
  m: Pick<ColumnMapping, "values" | "trueValues" | "falseValues">,
): Decoded {
  const byKey = keyed(m.values);
  const tv = new Set((m.trueValues ?? []).map((x) => x.toLowerCase()));
  const fv = new Set((m.falseValues ?? []).map((x) => x.toLowerCase()));
  const to = new Int32Array(texts.length);
  const by: DecodedBy[] = [];
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    const own = lookupValue(m.values, byKey, t);
    if (own !== undefined) {
      to[i] = truthOf(own);
      by.push("mapping");
    } else if (tv.has(t.toLowerCase()) || fv.has(t.toLowerCase())) {
      to[i] = tv.has(t.toLowerCase()) ? TRUE : FALSE;
      by.push("mapping");
    } else {
      const b = parseBooleanWord(t);
      to[i] = b !== -1 ? b : wordTruth(t);
      by.push(to[i]! >= 0 ? "rule" : "none");
    }
  }
  return { to, by };
}

/**
 * What the cells of `-` in a category column become when it feeds a yes/no variable: the
 * mapping's own reading of "-" when it gives one; else no (FALSE) when every other value of the
 * column is a sign (`+`, `−`) and one is `+` (a +/- test column); else null: `-` stays missing,
 * counted as the null token it is elsewhere (a dash in a column of words or numbers means "not
 * recorded" as often as "no", so it is not guessed).
 */
export function dashReading(
  col: RawColumn,
  m: Pick<ColumnMapping, "values" | "trueValues" | "falseValues">,
): { to: number; by: DecodedBy } | null {
  const s = col.storage;
  if (!col.dashes || col.dashes.length === 0 || s.kind !== "category") return null;
  const own = decodeBoolean(["-"], m);
  if (own.by[0] === "mapping") return { to: own.to[0]!, by: "mapping" };
  const seen = new Uint8Array(s.dict.length);
  for (let i = 0; i < s.codes.length; i++) if (s.codes[i]! >= 0) seen[s.codes[i]!] = 1;
  let plus = false;
  for (let c = 0; c < seen.length; c++) {
    if (seen[c] === 0) continue;
    const k = wordKey(s.dict[c]!);
    if (k === "+") plus = true;
    else if (k !== "-") return null;
  }
  return plus && col.rejects.rows.length === 0 ? { to: FALSE, by: "rule" } : null;
}

/** A value that held text and became missing, with how often and its first lines. */
export interface NotUnderstoodValue {
  value: string;
  count: number;
  /** first physical lines (title lines, blank lines and joined lines counted) */
  lines: number[];
}

export interface NotUnderstood {
  count: number;
  /** distinct values */
  distinct: number;
  /** the most frequent values first (at most 20) */
  values: NotUnderstoodValue[];
}

/** Counts not-understood cells of one column by value. */
export class Tally {
  private readonly by = new Map<string, NotUnderstoodValue>();
  count = 0;
  /** `line`: a data row's physical line (the raw table's `lineOfRow`) */
  constructor(readonly line: (row: number) => number = (row) => row + 2) {}
  add(value: string, row: number, times = 1): void {
    this.count += times;
    let e = this.by.get(value);
    if (!e) this.by.set(value, (e = { value, count: 0, lines: [] }));
    e.count += times;
    if (e.lines.length < 3 && row >= 0) e.lines.push(this.line(row));
  }
  result(max = 20): NotUnderstood {
    const values = [...this.by.values()].sort((a, b) => b.count - a.count);
    return { count: this.count, distinct: values.length, values: values.slice(0, max) };
  }
}

/**
 * Tallies the rows whose code is flagged in `bad` (texts in `dict`): one pass, only when some
 * code is flagged.
 */
export function tallyCodes(
  codes: ArrayLike<number>,
  bad: Uint8Array,
  dict: readonly string[],
  tally: Tally,
): void {
  if (!bad.includes(1)) return;
  const counts = new Int32Array(dict.length);
  const firstRows: number[][] = dict.map(() => []);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && bad[c] === 1) {
      counts[c]!++;
      if (firstRows[c]!.length < 3) firstRows[c]!.push(i);
    }
  }
  for (let c = 0; c < dict.length; c++)
    if (counts[c]! > 0) {
      const rows = firstRows[c]!;
      tally.add(dict[c]!, rows[0]!, 1);
      for (let k = 1; k < rows.length; k++) tally.add(dict[c]!, rows[k]!, 1);
      if (counts[c]! > rows.length) tally.add(dict[c]!, -1, counts[c]! - rows.length);
    }
}

/** One line of the recoding table: a distinct text, its rows, and what it becomes. */
export interface ValueRow {
  value: string;
  count: number;
  /** an allowed value, "yes"/"no" for a boolean variable, or null (missing) */
  becomes: string | null;
  by: DecodedBy;
}

export interface ValueTable {
  rows: ValueRow[];
  /** distinct values not listed (the least frequent) and their rows */
  more: number;
  moreRows: number;
}

/**
 * The recoding table of a category or boolean variable: the column's distinct texts with their
 * counts, most frequent first (at most `max`), and what each becomes under mapping `m`. A
 * column read as yes/no (its spellings not kept) lists "yes" and "no".
 */
export function valueTable(
  v: ProtocolVariable,
  col: RawColumn,
  m: ColumnMapping,
  max = 30,
): ValueTable {
  const s = col.storage;
  let texts: string[];
  let counts: number[];
  if (s.kind === "category") {
    texts = s.dict.slice();
    const c = new Int32Array(texts.length);
    for (let i = 0; i < s.codes.length; i++) if (s.codes[i]! >= 0) c[s.codes[i]!]!++;
    counts = [...c];
  } else if (s.kind === "boolean") {
    texts = ["yes", "no"];
    let y = 0;
    let n = 0;
    for (const x of s.values)
      if (x === TRUE) y++;
      else if (x === FALSE) n++;
    counts = [y, n];
  } else {
    const seen = new Map<string, number>();
    const n = s.kind === "number" ? s.lo.length : s.days.length;
    for (let i = 0; i < n; i++) {
      const x = s.kind === "number" ? s.lo[i]! : s.days[i]!;
      if (x !== x) continue;
      const t = s.kind === "number" ? String(x) : formatDay(x);
      seen.set(t, (seen.get(t) ?? 0) + 1);
    }
    texts = [...seen.keys()];
    counts = [...seen.values()];
  }
  // `-` cells, read as missing by the reader, when the mapping reads them (dashReading)
  const dash = v.type === "boolean" ? dashReading(col, m) : null;
  // the reader's rejects (texts that did not fit the column's type) are values too
  const rej = new Map<string, number>();
  for (const t of col.rejects.texts) rej.set(t, (rej.get(t) ?? 0) + 1);
  for (const [t, k] of rej) {
    const at = texts.indexOf(t);
    if (at >= 0) counts[at]! += k;
    else {
      texts.push(t);
      counts.push(k);
    }
  }
  const boolean = v.type === "boolean";
  const dec = boolean ? decodeBoolean(texts, m) : decodeCategory(v.values ?? [], texts, m);
  const rows: ValueRow[] = texts.map((value, i) => {
    const to = dec.to[i]!;
    return {
      value,
      count: counts[i]!,
      becomes: to < 0 ? null : boolean ? (to === TRUE ? "yes" : "no") : v.values![to]!,
      by: dec.by[i]!,
    };
  });
  if (dash)
    rows.push({
      value: "-",
      count: col.dashes!.length,
      becomes: dash.to < 0 ? null : dash.to === TRUE ? "yes" : "no",
      by: dash.by,
    });
  rows.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  const shown = rows.slice(0, max);
  let moreRows = 0;
  for (const r of rows.slice(max)) moreRows += r.count;
  return { rows: shown, more: rows.length - shown.length, moreRows };
}
