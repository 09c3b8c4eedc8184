/**
 * Recursive-descent parser. Precedence, loosest first: `or`, `and`, `not`, comparisons
 * (`< <= > >= = !=`, `between`, `in`, `is missing`, `within`), `+ -`, `* /`, unary minus,
 * `^` (right-associative and tighter than unary minus: `-x ^ 2` is `-(x ^ 2)`, `2 ^ -1` is 0.5).
 *
 * @example
 * parse("age between 18 and 65 and upcr >= 1.0 g/g").ast?.kind // "logic"
 */
import { lookupUnit } from "../units.ts";
import type { ArithOp, CompareOp, Node, Span } from "./ast.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { KEYWORDS, tokenize, type Token } from "./tokenize.ts";

export interface ParseResult {
  ast?: Node;
  problems: Diagnostic[];
  /**
   * After a syntax error: the clauses between top-level `and`/`or` that did parse, so the
   * checker can still report name, type and unit errors in them.
   */
  fragments?: Node[];
}

class Failure {
  constructor(readonly diag: Diagnostic) {}
}

const COMPARE = new Set(["<", "<=", ">", ">=", "=", "!="]);

/**
 * Deepest syntax tree accepted. Checking and compiling recurse over the tree, so a rule nested
 * deeper (10,000 parentheses, a chain of thousands of `+`) would overflow the stack; it is
 * reported as a problem instead. Real rules stay far below this.
 */
export const MAX_DEPTH = 256;

/** Parses rule text into a syntax tree, or returns the problems found. */
export function parse(src: string): ParseResult {
  const { tokens, problems } = tokenize(src);
  if (tokens[0]!.kind === "eof") {
    return { problems: [...problems, { offset: 0, length: 0, message: "the rule is empty" }] };
  }
  const whole = parseTokens(tokens);
  if (whole.ast) return { ast: whole.ast, problems };
  // recovery: parse each top-level clause on its own to report more than the first error
  const clauses = splitClauses(tokens);
  if (clauses.length < 2) return { problems: [...problems, whole.diag!] };
  const fragments: Node[] = [];
  const diags: Diagnostic[] = [];
  for (const clause of clauses) {
    const r = parseTokens(clause);
    if (r.ast) fragments.push(r.ast);
    else diags.push(r.diag!);
  }
  if (diags.length === 0) diags.push(whole.diag!);
  return { problems: [...problems, ...diags], fragments };
}

function parseTokens(tokens: Token[]): { ast?: Node; diag?: Diagnostic } {
  const p = new Parser(tokens);
  try {
    const ast = p.expression();
    const t = p.peek();
    if (t.kind !== "eof") {
      p.fail(t, `unexpected ${describe(t)} after a complete expression — missing 'and' or 'or'?`);
    }
    return { ast };
  } catch (e) {
    if (e instanceof Failure) return { diag: e.diag };
    throw e;
  }
}

/** Token runs between `and`/`or` at parenthesis depth 0 (an `and` inside `between` stays). */
function splitClauses(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  let between = false;
  // each clause ends with an end token that stands for the separator (or the real end)
  const close = (end: Token) => {
    if (cur.length) out.push([...cur, { ...end, kind: "eof" }]);
    cur = [];
  };
  for (const t of tokens) {
    if (t.kind === "eof") break;
    const w = t.kind === "ident" ? t.text.toLowerCase() : "";
    if (t.kind === "(") depth++;
    else if (t.kind === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && w === "between") between = true;
    if (depth === 0 && (w === "or" || (w === "and" && !between))) {
      close(t);
      continue;
    }
    if (w === "and") between = false;
    cur.push(t);
  }
  close(tokens[tokens.length - 1]!);
  return out;
}

function describe(t: Token): string {
  if (t.kind === "eof") return t.text ? `'${t.text}'` : "end of rule";
  if (t.kind === "str") return `string '${t.text}'`;
  return `'${t.kind === "num" ? t.text : t.text || t.kind}'`;
}

const span = (a: Span, b: Span): Span => ({
  offset: a.offset,
  length: b.offset + b.length - a.offset,
});

class Parser {
  private pos = 0;
  /** an upper bound of the depth of the tree being built (see MAX_DEPTH) */
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** One level deeper (undone by `leave`); fails on the token that goes too deep. */
  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH)
      this.fail(t, `the rule is nested too deeply (more than ${MAX_DEPTH} levels): simplify it`);
  }
  private leave(levels = 1): void {
    this.depth -= levels;
  }

  peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }
  private isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === "ident" && t.text.toLowerCase() === word;
  }
  private acceptWord(word: string): Token | undefined {
    return this.isWord(word) ? this.next() : undefined;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === op;
  }
  fail(t: Token, message: string): never {
    throw new Failure({ offset: t.offset, length: Math.max(1, t.length), message });
  }
  private expectWord(word: string, context: string): Token {
    const t = this.peek();
    if (!this.isWord(word)) this.fail(t, `expected '${word}' ${context}, found ${describe(t)}`);
    return this.next();
  }

  expression(): Node {
    return this.or();
  }

  private or(): Node {
    let left = this.and();
    let levels = 0;
    for (let t = this.peek(); this.acceptWord("or"); t = this.peek(), levels++) {
      this.enter(t);
      const right = this.and();
      left = { kind: "logic", op: "or", left, right, ...span(left, right) };
    }
    this.leave(levels);
    return left;
  }

  private and(): Node {
    let left = this.not();
    let levels = 0;
    for (let t = this.peek(); this.acceptWord("and"); t = this.peek(), levels++) {
      this.enter(t);
      const right = this.not();
      left = { kind: "logic", op: "and", left, right, ...span(left, right) };
    }
    this.leave(levels);
    return left;
  }

  private not(): Node {
    const t = this.acceptWord("not");
    if (!t) return this.comparison();
    this.enter(t);
    const operand = this.not();
    this.leave();
    return { kind: "not", operand, ...span(t, operand) };
  }

  private comparison(): Node {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === "op" && COMPARE.has(t.text)) {
      this.next();
      const right = this.additive();
      return { kind: "compare", op: t.text as CompareOp, left, right, ...span(left, right) };
    }
    let negated = false;
    if (this.isWord("not") && (this.isWord("between", 1) || this.isWord("in", 1))) {
      this.next();
      negated = true;
    }
    if (this.acceptWord("between")) {
      const low = this.additive();
      this.expectWord("and", "between the bounds of 'between'");
      const high = this.additive();
      return { kind: "between", operand: left, low, high, negated, ...span(left, high) };
    }
    if (this.acceptWord("in")) return this.inList(left, negated);
    if (this.acceptWord("is")) {
      const not = this.acceptWord("not");
      const w = this.peek();
      const word = w.kind === "ident" ? w.text.toLowerCase() : "";
      if (word !== "missing" && word !== "present") {
        this.fail(w, `expected 'missing' or 'present' after 'is', found ${describe(w)}`);
      }
      this.next();
      const test = (word === "missing") !== !!not ? "missing" : "present";
      return { kind: "is", operand: left, test, ...span(left, w) };
    }
    if (this.acceptWord("within")) return this.within(left);
    return left;
  }

  private inList(operand: Node, negated: boolean): Node {
    const open = this.peek();
    if (open.kind !== "(") this.fail(open, `expected '(' after 'in', found ${describe(open)}`);
    this.next();
    const items: Node[] = [];
    if (this.peek().kind !== ")") {
      for (;;) {
        items.push(this.additive());
        if (this.peek().kind !== ",") break;
        this.next();
      }
    }
    const close = this.peek();
    if (close.kind !== ")")
      this.fail(close, `expected ')' or ',' in the list after 'in', found ${describe(close)}`);
    this.next();
    if (items.length === 0) this.fail(close, "the list after 'in' is empty");
    return { kind: "in", operand, items, negated, ...span(operand, close) };
  }

  private within(operand: Node): Node {
    const amount = this.additive();
    let unit: string | undefined;
    const u = this.peek();
    const dirNext = ["before", "after", "of"].some((w) => this.isWord(w, 1));
    // a unit word only where a direction follows: `within 6 months s` names 's', not seconds
    if (
      u.kind === "ident" &&
      !KEYWORDS.has(u.text.toLowerCase()) &&
      lookupUnit(u.text) &&
      dirNext
    ) {
      unit = u.text;
      this.next();
    }
    const d = this.peek();
    const dir = d.kind === "ident" ? d.text.toLowerCase() : "";
    if (dir !== "before" && dir !== "after" && dir !== "of") {
      this.fail(d, `expected 'before', 'after' or 'of' after the time span, found ${describe(d)}`);
    }
    this.next();
    const anchor = this.additive();
    return {
      kind: "within",
      operand,
      amount,
      ...(unit !== undefined ? { unit } : {}),
      direction: dir,
      anchor,
      ...span(operand, anchor),
    };
  }

  private additive(): Node {
    let left = this.multiplicative();
    let levels = 0;
    for (; this.isOp("+") || this.isOp("-"); levels++) {
      this.enter(this.peek());
      const op = this.next().text as ArithOp;
      const right = this.multiplicative();
      left = { kind: "arith", op, left, right, ...span(left, right) };
    }
    this.leave(levels);
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    let levels = 0;
    for (; this.isOp("*") || this.isOp("/"); levels++) {
      this.enter(this.peek());
      const op = this.next().text as ArithOp;
      const right = this.unary();
      left = { kind: "arith", op, left, right, ...span(left, right) };
    }
    this.leave(levels);
    return left;
  }

  private unary(): Node {
    if (this.isOp("-")) {
      const t = this.next();
      this.enter(t);
      const operand = this.unary();
      this.leave();
      return { kind: "neg", operand, ...span(t, operand) };
    }
    if (this.isOp("+")) this.next();
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    if (!this.isOp("^")) return base;
    const t = this.next();
    this.enter(t);
    const exponent = this.unary();
    this.leave();
    return { kind: "arith", op: "^", left: base, right: exponent, ...span(base, exponent) };
  }

  private primary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case "num": {
        this.next();
        const base = {
          kind: "number" as const,
          value: t.value!,
          offset: t.offset,
          length: t.length,
        };
        return t.unit
          ? {
              ...base,
              unit: t.unit.text,
              unitSpan: { offset: t.unit.offset, length: t.unit.length },
            }
          : base;
      }
      case "str":
        this.next();
        return { kind: "string", value: t.text, offset: t.offset, length: t.length };
      case "(": {
        this.next();
        this.enter(t);
        const e = this.expression();
        this.leave();
        const close = this.peek();
        if (close.kind !== ")")
          this.fail(close, `expected ')' to close the '(', found ${describe(close)}`);
        this.next();
        return { ...e, ...span(t, close) };
      }
      case "ident":
        return this.word(t);
      default:
        this.fail(t, `expected a value, a name or '(' but found ${describe(t)}`);
    }
  }

  private word(t: Token): Node {
    const lower = t.text.toLowerCase();
    if (lower === "true" || lower === "false") {
      this.next();
      return { kind: "boolean", value: lower === "true", offset: t.offset, length: t.length };
    }
    if (lower === "date" && this.peek(1).kind === "str") {
      this.next();
      const s = this.next();
      return { kind: "date", text: s.text, ...span(t, s) };
    }
    if (KEYWORDS.has(lower))
      this.fail(t, `expected a value or a name but found the keyword '${t.text}'`);
    this.next();
    if (this.peek().kind !== "(")
      return { kind: "ident", name: t.text, offset: t.offset, length: t.length };
    this.next();
    const args: Node[] = [];
    this.enter(t);
    if (this.peek().kind !== ")") {
      for (;;) {
        args.push(this.expression());
        if (this.peek().kind !== ",") break;
        this.next();
      }
    }
    this.leave();
    const close = this.peek();
    if (close.kind !== ")") {
      this.fail(close, `expected ')' after arguments of ${t.text}, found ${describe(close)}`);
    }
    this.next();
    return {
      kind: "call",
      name: t.text,
      nameSpan: { offset: t.offset, length: t.length },
      args,
      ...span(t, close),
    };
  }
}
