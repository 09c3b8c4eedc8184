/**
 * Compiler: turns a checked tree into closures over typed arrays, evaluated batch-wise with
 * buffers allocated once at compile time (no per-row allocation, no eval/new Function).
 * A node shared by several parents (a derived value, the operand of `between`) runs once
 * per batch.
 *
 * @example
 * const b = new Binding(variables, 2048);
 * const run = new Compiler(b).bool(checked.ir);
 * b.bind(table); const truths = run(0, Math.min(2048, table.nRows));
 */
import type { AnyVec } from "../functions/types.ts";
import { FALSE, TRUE, UNKNOWN, type CatVec, type NumVec } from "../types.ts";
import type { Binding } from "./binding.ts";
import { compileCat, type CatEv } from "./compile-cat.ts";
import {
  compileDate,
  compileNum,
  ifOne,
  lookupTable,
  type DateEv,
  type NumEv,
} from "./compile-values.ts";
import { shiftDays } from "../calendar.ts";
import { kindOf, type IR, type IROf } from "./ir.ts";
import { AND, NOT, OR } from "./truth.ts";
import { andWord, notWord, orWord, words } from "./swar.ts";
import { compileCompare } from "./compile-compare.ts";
import { fuseDateTests } from "./compile-date-or.ts";

export type BoolEv = (start: number, n: number) => Uint8Array;
export type AnyEv = NumEv | DateEv | BoolEv | CatEv;

export class Compiler {
  private readonly memo = new Map<IR, AnyEv>();
  private readonly refs = new Map<IR, number>();

  constructor(readonly b: Binding) {}

  /** Counts parents per node so shared subtrees are cached per batch. */
  prepare(ir: IR): this {
    if (ir.kind === "ref") return this.prepare(ir.operand);
    const seen = this.refs.get(ir) ?? 0;
    this.refs.set(ir, seen + 1);
    if (seen > 0) return this;
    for (const child of children(ir)) this.prepare(child);
    return this;
  }

  num(ir: IR): NumEv {
    return this.get(ir, () => compileNum(this, ir)) as NumEv;
  }
  date(ir: IR): DateEv {
    return this.get(ir, () => compileDate(this, ir)) as DateEv;
  }
  bool(ir: IR): BoolEv {
    return this.get(ir, () => compileBool(this, ir)) as BoolEv;
  }
  cat(ir: IR): CatEv {
    return this.get(ir, () => compileCat(this, ir)) as CatEv;
  }
  any(ir: IR): AnyEv {
    const k = kindOf(ir);
    return k === "number"
      ? this.num(ir)
      : k === "date"
        ? this.date(ir)
        : k === "boolean"
          ? this.bool(ir)
          : this.cat(ir);
  }

  private readonly leaves = new Map<string, AnyEv>();

  /**
   * One evaluator per column read (a variable converted to the batch's kind: Float32 days to
   * Float64, narrow codes to Int32, a unit factor), shared by every reference to it and run
   * once per batch.
   */
  leaf<E extends AnyEv>(key: string, make: () => E): E {
    let ev = this.leaves.get(key);
    if (!ev) {
      ev = cached(this.b, make() as (s: number, n: number) => unknown) as AnyEv;
      this.leaves.set(key, ev);
    }
    return ev as E;
  }

  private get(ir: IR, make: () => AnyEv): AnyEv {
    const had = this.memo.get(ir);
    if (had) return had;
    let ev = make();
    if ((this.refs.get(ir) ?? 0) > 1 && ir.kind !== "ref")
      ev = cached(this.b, ev as (s: number, n: number) => unknown) as AnyEv;
    this.memo.set(ir, ev);
    return ev;
  }

  /** Runs a registry kernel over the argument vectors into `out`. */
  callKernel(ir: IROf<"call">, out: AnyVec): (start: number, n: number) => AnyVec {
    const args = ir.args.map((a) => this.any(a));
    const vecs: AnyVec[] = new Array<AnyVec>(args.length);
    const kernel = ir.spec.kernel;
    return (start, n) => {
      for (let j = 0; j < args.length; j++) vecs[j] = args[j]!(start, n);
      kernel(vecs, n, out);
      return out;
    };
  }
}

function cached<V>(
  b: Binding,
  ev: (start: number, n: number) => V,
): (start: number, n: number) => V {
  let epoch = -1;
  let s0 = -1;
  let n0 = -1;
  let v: V | undefined;
  return (start, n) => {
    if (epoch !== b.epoch || s0 !== start || n0 !== n) {
      v = ev(start, n);
      epoch = b.epoch;
      s0 = start;
      n0 = n;
    }
    return v!;
  };
}

export function children(ir: IR): IR[] {
  switch (ir.kind) {
    case "ref":
    case "scale":
    case "neg":
    case "not":
    case "missing":
      return [ir.operand];
    case "catIn":
      return [ir.operand];
    case "arith":
    case "cmp":
    case "cmpDate":
    case "boolEq":
    case "catEq":
    case "dateDiff":
      return [ir.left, ir.right];
    case "and":
    case "or":
      return ir.items;
    case "dateShift":
      return [ir.date, ir.amount];
    case "window":
      return [ir.operand, ir.amount, ir.anchor];
    case "call":
    case "coalesce":
    case "dateExtreme":
      return ir.args;
    case "ifThen":
      return [ir.cond, ir.then, ir.else];
    case "lookup":
      return [ir.key];
    default:
      return [];
  }
}

function compileBool(c: Compiler, ir: IR): BoolEv {
  const size = c.b.size;
  switch (ir.kind) {
    case "boolConst": {
      const v = new Uint8Array(size).fill(ir.value);
      return () => v;
    }
    case "boolVar": {
      const slot = c.b.bool(ir.name);
      return (start, n) => (slot.missing ? slot.values : slot.values.subarray(start, start + n));
    }
    case "ref":
      return c.bool(ir.operand);
    case "and":
    case "or": {
      const isAnd = ir.kind === "and";
      let items: BoolEv[];
      if (isAnd) items = ir.items.map((x) => c.bool(x));
      else {
        // tests on one date column against constants: one pass (lab recency windows)
        const { fused, rest } = fuseDateTests(c, ir.items);
        items = [...fused, ...rest.map((x) => c.bool(x))];
        if (items.length === 1) return items[0]!;
      }
      const lut = isAnd ? AND : OR;
      const out = new Uint8Array(size);
      const outW = new Uint32Array(out.buffer, 0, size >>> 2);
      return (start, n) => {
        out.set(items[0]!(start, n).subarray(0, n));
        for (let j = 1; j < items.length; j++) {
          const v = items[j]!(start, n);
          // four codes per step when the input is 4-byte aligned (it is, for batch buffers)
          const vw = words(v, n);
          let i = 0;
          if (vw) {
            const m = n >>> 2;
            if (isAnd) for (let w = 0; w < m; w++) outW[w] = andWord(outW[w]!, vw[w]!);
            else for (let w = 0; w < m; w++) outW[w] = orWord(outW[w]!, vw[w]!);
            i = m << 2;
          }
          for (; i < n; i++) out[i] = lut[out[i]! * 3 + v[i]!]!;
        }
        return out;
      };
    }
    case "not": {
      const x = c.bool(ir.operand);
      const out = new Uint8Array(size);
      const outW = new Uint32Array(out.buffer, 0, size >>> 2);
      return (start, n) => {
        const v = x(start, n);
        const vw = words(v, n);
        let i = 0;
        if (vw) {
          const m = n >>> 2;
          for (let w = 0; w < m; w++) outW[w] = notWord(vw[w]!);
          i = m << 2;
        }
        for (; i < n; i++) out[i] = NOT[v[i]!]!;
        return out;
      };
    }
    case "cmp":
    case "cmpDate":
      return compileCompare(c, ir);
    case "boolEq": {
      const l = c.bool(ir.left);
      const r = c.bool(ir.right);
      const neg = ir.negated;
      const out = new Uint8Array(size);
      return (start, n) => {
        const a = l(start, n);
        const b = r(start, n);
        for (let i = 0; i < n; i++) {
          out[i] =
            a[i] === UNKNOWN || b[i] === UNKNOWN ? UNKNOWN : (a[i] === b[i]) !== neg ? TRUE : FALSE;
        }
        return out;
      };
    }
    case "missing":
      return missing(c, ir);
    case "window":
      return windowEv(c, ir);
    case "call":
      return c.callKernel(ir, new Uint8Array(size)) as BoolEv;
    case "coalesce": {
      const args = ir.args.map((a) => c.bool(a));
      const out = new Uint8Array(size);
      return (start, n) => {
        out.fill(UNKNOWN, 0, n);
        for (const a of args) {
          const v = a(start, n);
          for (let i = 0; i < n; i++) if (out[i] === UNKNOWN) out[i] = v[i]!;
        }
        return out;
      };
    }
    case "catIn":
    case "catEq":
      return compileCat(c, ir) as unknown as BoolEv;
    case "ifThen":
      return ifOne(
        c.bool(ir.cond),
        c.bool(ir.then),
        c.bool(ir.else),
        new Uint8Array(size),
        UNKNOWN,
      );
    case "lookup": {
      const key = c.cat(ir.key);
      const out = new Uint8Array(size);
      let dict: readonly string[] | null = null;
      let table = new Uint8Array(1);
      return (start, n) => {
        const v = key(start, n);
        if (v.dict !== dict) {
          dict = v.dict;
          table = Uint8Array.from(
            lookupTable(ir, dict, UNKNOWN, (x) => (x === true ? TRUE : FALSE)),
          );
        }
        for (let i = 0; i < n; i++) out[i] = table[v.codes[i]! + 1]!;
        return out;
      };
    }
    default:
      throw new Error(`not a condition node: ${ir.kind}`);
  }
}

function missing(c: Compiler, ir: IROf<"missing">): BoolEv {
  const out = new Uint8Array(c.b.size);
  const yes = ir.present ? FALSE : TRUE;
  const no = ir.present ? TRUE : FALSE;
  const kind = kindOf(ir.operand);
  if (kind === "number" || kind === "date") {
    const num = kind === "number" ? c.num(ir.operand) : null;
    const date = kind === "date" ? c.date(ir.operand) : null;
    return (start, n) => {
      const v = num ? num(start, n).lo : date!(start, n);
      for (let i = 0; i < n; i++) out[i] = no + (yes - no) * +(v[i] !== v[i]);
      return out;
    };
  }
  if (kind === "boolean") {
    const x = c.bool(ir.operand);
    return (start, n) => {
      const v = x(start, n);
      for (let i = 0; i < n; i++) out[i] = v[i] === UNKNOWN ? yes : no;
      return out;
    };
  }
  const x = c.cat(ir.operand);
  return (start, n) => {
    const v = (x(start, n) as CatVec).codes;
    for (let i = 0; i < n; i++) out[i] = v[i]! < 0 ? yes : no;
    return out;
  };
}

/** Inclusive bounds of a window around an anchor day: [from, to] (NaN when undecidable). */
export function windowBounds(
  ir: IROf<"window">,
  anchor: number,
  alo: number,
  ahi: number,
): [number, number] {
  const k = alo === ahi ? alo : NaN;
  const back = ir.dir === "after" ? anchor : shiftDays(anchor, -k, ir.calendar);
  const fwd = ir.dir === "before" ? anchor : shiftDays(anchor, k, ir.calendar);
  return k !== k || anchor !== anchor ? [NaN, NaN] : [back, fwd];
}

function windowEv(c: Compiler, ir: IROf<"window">): BoolEv {
  const x = c.date(ir.operand);
  const out = new Uint8Array(c.b.size);
  if (ir.anchor.kind === "dateConst" && ir.amount.kind === "num") {
    const [from, to] = windowBounds(ir, ir.anchor.days, ir.amount.lo, ir.amount.hi);
    return (start, n) => {
      const v = x(start, n);
      if (from !== from || to !== to) return out.fill(UNKNOWN, 0, n);
      // branch-free: inside -> 1, missing -> 2, else 0
      for (let i = 0; i < n; i++) {
        const d = v[i]!;
        out[i] = (+(d >= from) & +(d <= to)) + 2 * +(d !== d);
      }
      return out;
    };
  }
  const anchor = c.date(ir.anchor);
  const amount = c.num(ir.amount);
  const { dir, calendar } = ir;
  return (start, n) => {
    const v = x(start, n);
    const a = anchor(start, n);
    const m: NumVec = amount(start, n);
    for (let i = 0; i < n; i++) {
      const k = m.lo[i] === m.hi[i] ? m.lo[i]! : NaN;
      const at = a[i]!;
      const from = dir === "after" ? at : shiftDays(at, -k, calendar);
      const to = dir === "before" ? at : shiftDays(at, k, calendar);
      const d = v[i]!;
      out[i] =
        d >= from && d <= to
          ? TRUE
          : d !== d || from !== from || to !== to || k !== k
            ? UNKNOWN
            : FALSE;
    }
    return out;
  };
}
