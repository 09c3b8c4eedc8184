/**
 * Syntax highlighting of rule text as plain segments (text + class), rendered by the editor
 * into a `<pre>` mirror under a transparent textarea. No HTML strings: the component renders
 * each segment as a text node inside a `<span>`, so user text is never parsed as markup.
 *
 * @example
 * highlight("upcr >= 1 g/g", names, []).map((s) => s.cls) // ["var", "ws", "op", "ws", "num", "ws", "unit"]
 */
import type { Problem } from "../../engine/protocol/types.ts";
import { KEYWORDS, tokenize } from "../../engine/lang/tokenize.ts";

export type TokenClass =
  | "ws"
  | "num"
  | "unit"
  | "str"
  | "kw"
  | "var"
  | "param"
  | "derived"
  | "fn"
  | "unknown"
  | "op"
  | "punct"
  | "comment";

export interface Segment {
  text: string;
  cls: TokenClass;
  /** inside the span of an error (underlined) */
  err: boolean;
  /** inside the span of a warning */
  warn: boolean;
}

/** Which kind of name each identifier is, for colouring. */
export interface NameKinds {
  variables: ReadonlySet<string>;
  parameters: ReadonlySet<string>;
  derived: ReadonlySet<string>;
  functions: ReadonlySet<string>;
  /** the protocol's lookup tables (coloured as constants, like parameters) */
  tables?: ReadonlySet<string>;
}

/** 0-based offset of a 1-based line and column in `text` (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(text.length, at + Math.max(0, column - 1));
}

/** The [from, to) span of a problem in `text`; a problem without position covers nothing. */
export function problemSpan(text: string, p: Problem): [number, number] | null {
  if (p.line === undefined || p.column === undefined) return null;
  const from = offsetOf(text, p.line, p.column);
  return [from, from + Math.max(1, p.length ?? 1)];
}

const CODE: TokenClass[] = [
  "ws",
  "num",
  "unit",
  "str",
  "kw",
  "var",
  "param",
  "derived",
  "fn",
  "unknown",
  "op",
  "punct",
  "comment",
];
const code = (c: TokenClass) => CODE.indexOf(c);

/**
 * Splits `text` into runs of one class and one error state. A problem at the very end of the
 * text (e.g. "expected a value but found end of rule") adds one underlined space, so the
 * mark stays visible.
 */
export function highlight(text: string, names: NameKinds, problems: readonly Problem[]): Segment[] {
  const n = text.length;
  const cls = new Uint8Array(n + 1);
  const flag = new Uint8Array(n + 1); // 1 error, 2 warning
  for (let i = 0; i < n; i++) if (text[i] === "#") i = markComment(text, i, cls);
  const { tokens } = tokenize(text);
  tokens.forEach((t, j) => {
    if (t.kind === "eof") return;
    let c: TokenClass;
    if (t.kind === "num") c = "num";
    else if (t.kind === "str") c = "str";
    else if (t.kind === "op") c = "op";
    else if (t.kind === "ident") c = identClass(t.text, names, tokens[j + 1]?.kind === "(");
    else c = "punct";
    // a number token spans its unit too; colour the digits and the unit apart
    cls.fill(code(c), t.offset, t.offset + (t.kind === "num" ? t.text.length : t.length));
    if (t.unit) cls.fill(code("unit"), t.unit.offset, t.unit.offset + t.unit.length);
  });
  let tail = false;
  for (const p of problems) {
    const span = problemSpan(text, p);
    if (!span) continue;
    const v = p.severity === "error" ? 1 : 2;
    for (let i = span[0]; i < Math.min(span[1], n); i++) if (v === 1 || flag[i] === 0) flag[i] = v;
    if (span[0] >= n && v === 1) tail = true;
  }
  // whitespace between tokens stays "ws"; the tokenizer skips it, so it kept code 0
  const out: Segment[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && cls[i] === cls[start] && flag[i] === flag[start]) continue;
    if (i > start) out.push(seg(text.slice(start, i), cls[start]!, flag[start]!));
    start = i;
  }
  if (tail) out.push(seg(" ", 0, 1));
  return out;
}

function seg(text: string, c: number, f: number): Segment {
  return { text, cls: CODE[c] ?? "ws", err: f === 1, warn: f === 2 };
}

function markComment(text: string, i: number, cls: Uint8Array): number {
  // only a '#' outside a string starts a comment; strings are rare before '#', so check quotes
  const before = text.slice(text.lastIndexOf("\n", i) + 1, i);
  if ((before.match(/['"]/g)?.length ?? 0) % 2 === 1) return i;
  let j = i;
  while (j < text.length && text[j] !== "\n") j++;
  cls.fill(code("comment"), i, j);
  return j;
}

function identClass(word: string, names: NameKinds, call: boolean): TokenClass {
  if (KEYWORDS.has(word.toLowerCase())) return "kw";
  if (call) return names.functions.has(word.toLowerCase()) ? "fn" : "unknown";
  if (names.derived.has(word)) return "derived";
  if (names.parameters.has(word) || names.tables?.has(word)) return "param";
  if (names.variables.has(word)) return "var";
  return "unknown";
}
