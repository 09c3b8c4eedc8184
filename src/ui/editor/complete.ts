/**
 * Autocomplete for rule text: what is being typed at the cursor (a name, or a unit after a
 * number) and the candidates from the protocol (variables, parameters, derived names), the
 * function registry, the unit registry and the language's keywords.
 *
 * @example
 * complete(protocol, "upcr >= 1 g/", 12).items[0]?.label // "g/g"
 */
import { listFunctions } from "../../engine/functions/registry.ts";
import type { Protocol } from "../../engine/protocol/types.ts";
import { unitNames } from "../../engine/units.ts";
import { SPECIAL_FUNCTIONS } from "../../engine/lang/check-calls.ts";

export type CompletionKind =
  "variable" | "parameter" | "derived" | "table" | "function" | "unit" | "keyword";

export interface Completion {
  label: string;
  kind: CompletionKind;
  /** short description shown beside the label */
  detail: string;
  /** text that replaces [from, to) */
  insert: string;
}

export interface CompletionResult {
  /** span of the word being completed (0-based, end exclusive) */
  from: number;
  to: number;
  prefix: string;
  context: "name" | "unit" | "none";
  items: Completion[];
}

const IDENT = /[A-Za-z0-9_]/;
const UNIT_CHAR = /[A-Za-z0-9%/^.µμ°×²³⁹_]/;
const NUMBER_AT_START = /^(\d+(\.\d*)?|\.\d+)/;
const NUMBER_AT_END = /(\d+(\.\d*)?|\.\d+)$/;

/** Keywords worth offering (operators spelled as words). */
const KEYWORD_ITEMS: [string, string][] = [
  ["and", "both must hold"],
  ["or", "either may hold"],
  ["not", "negation"],
  ["between", "x between a and b (inclusive)"],
  ["in", "x in ('a', 'b')"],
  ["is missing", "the value is missing"],
  ["is present", "the value is recorded"],
  ["within", "date within 6 months before d"],
  ["before", "within … before a date"],
  ["after", "within … after a date"],
  ["true", "boolean constant"],
  ["false", "boolean constant"],
];

const MAX_ITEMS = 60;

/** Where the cursor sits: inside a string (no completion), after a number (unit), or in a name. */
export function completionContext(
  text: string,
  cursor: number,
): { context: "name" | "unit" | "none"; from: number; to: number; prefix: string } {
  const none = { context: "none" as const, from: cursor, to: cursor, prefix: "" };
  if (inStringOrComment(text, cursor)) return none;
  // a unit directly after a number: "1.0g/", "1.0 g/"
  let u = cursor;
  while (u > 0 && UNIT_CHAR.test(text[u - 1]!)) u--;
  const word = text.slice(u, cursor);
  const lead = NUMBER_AT_START.exec(word);
  if (lead && (u === 0 || !IDENT.test(text[u - 1]!))) {
    const from = u + lead[0].length;
    return { context: "unit", from, to: endOfUnit(text, cursor), prefix: text.slice(from, cursor) };
  }
  let k = u;
  while (k > 0 && (text[k - 1] === " " || text[k - 1] === "\t")) k--;
  const afterNumber =
    k < u && NUMBER_AT_END.test(text.slice(Math.max(0, k - 24), k)) && !identBefore(text, k);
  if (afterNumber && (word === "" || /^[A-Za-z%µμ°×]/.test(word)))
    return { context: "unit", from: u, to: endOfUnit(text, cursor), prefix: word };
  let s = cursor;
  while (s > 0 && IDENT.test(text[s - 1]!)) s--;
  if (s < cursor && /\d/.test(text[s]!)) return none;
  let e = cursor;
  while (e < text.length && IDENT.test(text[e]!)) e++;
  return { context: "name", from: s, to: e, prefix: text.slice(s, cursor) };
}

/**
 * Candidates for the word at `cursor`. With an empty prefix, nothing is offered unless
 * `explicit` (Ctrl+Space). Right after a number, units (and keywords) are offered.
 */
export function complete(
  protocol: Protocol,
  text: string,
  cursor: number,
  explicit = false,
): CompletionResult {
  const at = completionContext(text, cursor);
  const result: CompletionResult = { ...at, items: [] };
  if (at.context === "none") return result;
  if (at.prefix === "" && !explicit) return result;
  // after "18 " the next word may be a unit or a keyword ("18 and 65")
  const all = at.context === "unit" ? [...unitItems(), ...keywordItems()] : nameItems(protocol);
  result.items = rank(all, at.prefix);
  // the word typed is already the best candidate: do not interrupt (Ctrl+Space still lists)
  if (!explicit && result.items[0]?.insert === text.slice(at.from, at.to)) result.items = [];
  return result;
}

/** Text after accepting `item`, and where the cursor goes. */
export function accept(
  text: string,
  r: Pick<CompletionResult, "from" | "to">,
  item: Completion,
): { text: string; cursor: number } {
  const before = text.slice(0, r.from);
  const after = text.slice(r.to);
  // a function call: do not double the parenthesis when one follows already
  const insert = item.kind === "function" && after.startsWith("(") ? item.label : item.insert;
  return { text: before + insert + after, cursor: before.length + insert.length };
}

function nameItems(p: Protocol): Completion[] {
  const items: Completion[] = [];
  for (const v of p.variables)
    items.push({
      label: v.name,
      kind: "variable",
      detail: [v.type, v.unit && v.unit !== "1" ? v.unit : ""].filter(Boolean).join(", "),
      insert: v.name,
    });
  for (const x of p.parameters)
    items.push({
      label: x.name,
      kind: "parameter",
      detail: `parameter = ${String(x.default)}${x.unit ? ` ${x.unit}` : ""}`,
      insert: x.name,
    });
  for (const d of p.derived ?? [])
    items.push({ label: d.name, kind: "derived", detail: `derived: ${d.expr}`, insert: d.name });
  for (const t of p.tables ?? [])
    items.push({
      label: t.name,
      kind: "table",
      detail: `table of ${Object.keys(t.entries).length} ${t.type === "boolean" ? "conditions" : `numbers${t.unit ? ` in ${t.unit}` : ""}`}: lookup(${t.name}, key)`,
      insert: t.name,
    });
  for (const f of SPECIAL_FUNCTIONS)
    items.push({
      label: f.name,
      kind: "function",
      detail: `${f.signature} — ${f.doc}`,
      insert: `${f.name}(`,
    });
  for (const f of listFunctions()) {
    const args = [...f.params.map((a) => a.name), ...(f.variadic ? [`${f.variadic.name}…`] : [])];
    items.push({
      label: f.name,
      kind: "function",
      detail: `${f.name}(${args.join(", ")}) — ${f.doc}`,
      insert: `${f.name}(`,
    });
  }
  return [...items, ...keywordItems()];
}

function keywordItems(): Completion[] {
  return KEYWORD_ITEMS.map(([k, doc]) => ({ label: k, kind: "keyword", detail: doc, insert: k }));
}

let unitCache: Completion[] | undefined;
function unitItems(): Completion[] {
  if (unitCache) return unitCache;
  const seen = new Set<string>();
  unitCache = [];
  for (const u of unitNames()) {
    if (u === "1" || seen.has(u.toLowerCase())) continue;
    seen.add(u.toLowerCase());
    unitCache.push({ label: u, kind: "unit", detail: "unit", insert: u });
  }
  return unitCache;
}

/**
 * Prefix matches first, then matches at a word part (`_min`), then anywhere; within each, the
 * shortest completion first (the fewest letters left to type), then variables before the rest.
 */
function rank(items: readonly Completion[], prefix: string): Completion[] {
  const p = prefix.toLowerCase();
  const scored: [number, Completion][] = [];
  for (const it of items) {
    const l = it.label.toLowerCase();
    const s = p === "" ? 0 : l.startsWith(p) ? 0 : l.includes(`_${p}`) ? 1 : l.includes(p) ? 2 : -1;
    if (s >= 0) scored.push([s, it]);
  }
  scored.sort(
    (a, b) =>
      a[0] - b[0] ||
      a[1].label.length - b[1].label.length ||
      KIND_ORDER[a[1].kind] - KIND_ORDER[b[1].kind] ||
      (a[1].label < b[1].label ? -1 : 1),
  );
  return scored.slice(0, MAX_ITEMS).map(([, it]) => it);
}

const KIND_ORDER: Record<CompletionKind, number> = {
  variable: 0,
  derived: 1,
  parameter: 2,
  table: 2,
  function: 3,
  keyword: 4,
  unit: 5,
};

function endOfUnit(text: string, cursor: number): number {
  let e = cursor;
  while (e < text.length && UNIT_CHAR.test(text[e]!)) e++;
  return e;
}

function identBefore(text: string, k: number): boolean {
  // "x2 g": the digits belong to a name, not a number
  let j = k;
  while (j > 0 && /[\d.]/.test(text[j - 1]!)) j--;
  return j > 0 && /[A-Za-z_]/.test(text[j - 1]!);
}

function inStringOrComment(text: string, cursor: number): boolean {
  let quote = "";
  for (let i = 0; i < cursor; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#") {
      const nl = text.indexOf("\n", i);
      if (nl < 0 || nl >= cursor) return true;
      i = nl;
    }
  }
  return quote !== "";
}
