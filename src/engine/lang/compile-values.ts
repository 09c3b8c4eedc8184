/**
 * Evaluators for numbers and dates. Each compiled node owns its output buffers (allocated
 * once, batch-sized) and is a closure `(start, n) => vector` over rows [start, start + n).
 */
import type { NumVec } from "../types.ts";
import type { BoolEv, Compiler } from "./compile.ts";
import { shiftDays } from "../calendar.ts";
import type { IR, IROf } from "./ir.ts";
import { powInterval } from "./interval-math.ts";
import { FALSE, TRUE } from "../types.ts";

export type NumEv = (start: number, n: number) => NumVec;
export type DateEv = (start: number, n: number) => Float64Array;

const numVec = (size: number): NumVec => ({
  lo: new Float64Array(size),
  hi: new Float64Array(size),
});

export function compileNum(c: Compiler, ir: IR): NumEv {
  const size = c.b.size;
  switch (ir.kind) {
    case "num": {
      const v = numVec(size);
      v.lo.fill(ir.lo);
      v.hi.fill(ir.hi);
      return () => v;
    }
    case "numVar":
      return c.leaf(`num:${ir.name}:${ir.unit}`, () => numVar(c, ir));
    case "scale": {
      const x = c.num(ir.operand);
      const f = ir.factor;
      const out = numVec(size);
      return (start, n) => {
        const v = x(start, n);
        for (let i = 0; i < n; i++) {
          out.lo[i] = v.lo[i]! * f;
          out.hi[i] = v.hi[i]! * f;
        }
        return out;
      };
    }
    case "neg": {
      const x = c.num(ir.operand);
      const out = numVec(size);
      return (start, n) => {
        const v = x(start, n);
        for (let i = 0; i < n; i++) {
          out.lo[i] = -v.hi[i]!;
          out.hi[i] = -v.lo[i]!;
        }
        return out;
      };
    }
    case "arith":
      return ir.op === "^" ? power(c, ir) : arith(c, ir);
    case "ifThen":
      return ifNum(c, ir);
    case "lookup":
      return lookupNum(c, ir);
    case "dateDiff": {
      const l = c.date(ir.left);
      const r = c.date(ir.right);
      const out = numVec(size);
      return (start, n) => {
        const a = l(start, n);
        const b = r(start, n);
        for (let i = 0; i < n; i++) out.lo[i] = out.hi[i] = a[i]! - b[i]!;
        return out;
      };
    }
    case "ref":
      return c.num(ir.operand);
    case "call": {
      const run = c.callKernel(ir, numVec(size));
      return run as NumEv;
    }
    case "coalesce": {
      const args = ir.args.map((a) => c.num(a));
      const out = numVec(size);
      const olo = out.lo;
      const ohi = out.hi;
      return (start, n) => {
        const first = args[0]!(start, n);
        olo.set(first.lo.subarray(0, n));
        ohi.set(first.hi.subarray(0, n));
        for (let j = 1; j < args.length; j++) {
          const v = args[j]!(start, n);
          const vlo = v.lo;
          const vhi = v.hi;
          // a select, not a branch: which rows are missing is unpredictable
          for (let i = 0; i < n; i++) {
            const x = olo[i]!;
            const m = x !== x;
            olo[i] = m ? vlo[i]! : x;
            ohi[i] = m ? vhi[i]! : ohi[i]!;
          }
        }
        return out;
      };
    }
    default:
      throw new Error(`not a number node: ${ir.kind}`);
  }
}

/**
 * A number column in the declared unit. An exact column (lo and hi one array) gives a vector
 * whose lo and hi are one array too, so comparisons can tell every row is exact.
 */
function numVar(c: Compiler, ir: IROf<"numVar">): NumEv {
  const slot = c.b.num(ir.name, ir.unit);
  const out = numVec(c.b.size);
  const exact: NumVec = { lo: out.lo, hi: out.lo };
  return (start, n) => {
    if (slot.missing) return (out.lo.fill(NaN, 0, n), out.hi.fill(NaN, 0, n), out);
    const f = slot.factor;
    const same = slot.lo === slot.hi;
    if (f === 1) {
      const lo = slot.lo.subarray(start, start + n);
      return { lo, hi: same ? lo : slot.hi.subarray(start, start + n) };
    }
    const lo = slot.lo;
    const olo = out.lo;
    for (let i = 0; i < n; i++) olo[i] = lo[start + i]! * f;
    if (same) return exact;
    const hi = slot.hi;
    const ohi = out.hi;
    for (let i = 0; i < n; i++) ohi[i] = hi[start + i]! * f;
    return out;
  };
}

function power(c: Compiler, ir: IROf<"arith">): NumEv {
  const l = c.num(ir.left);
  const r = c.num(ir.right);
  const out = numVec(c.b.size);
  const pair = new Float64Array(2);
  return (start, n) => {
    const a = l(start, n);
    const b = r(start, n);
    for (let i = 0; i < n; i++) {
      powInterval(a.lo[i]!, a.hi[i]!, b.lo[i]!, b.hi[i]!, pair);
      out.lo[i] = pair[0]!;
      out.hi[i] = pair[1]!;
    }
    return out;
  };
}

/** `if(c, a, b)` on numbers: a where c holds, b where not, the hull of both where unknown. */
function ifNum(c: Compiler, ir: IROf<"ifThen">): NumEv {
  const cond = c.bool(ir.cond);
  const a = c.num(ir.then);
  const b = c.num(ir.else);
  const out = numVec(c.b.size);
  return (start, n) => {
    const t = cond(start, n);
    const x = a(start, n);
    const y = b(start, n);
    for (let i = 0; i < n; i++) {
      const k = t[i]!;
      if (k === TRUE) {
        out.lo[i] = x.lo[i]!;
        out.hi[i] = x.hi[i]!;
      } else if (k === FALSE) {
        out.lo[i] = y.lo[i]!;
        out.hi[i] = y.hi[i]!;
      } else {
        // Math.min/max give NaN when either branch is missing: the value is then unknown
        out.lo[i] = Math.min(x.lo[i]!, y.lo[i]!);
        out.hi[i] = Math.max(x.hi[i]!, y.hi[i]!);
      }
    }
    return out;
  };
}

/** Values of a lookup table per code of the key's dictionary (index code + 1; 0 = missing). */
export function lookupTable<T>(
  ir: IROf<"lookup">,
  dict: readonly string[],
  missing: T,
  of: (v: number | string | boolean) => T,
): T[] {
  const t: T[] = [missing];
  for (const key of dict) {
    const v = ir.entries.get(key.trim().toLowerCase()) ?? ir.fallback;
    t.push(v === undefined ? missing : of(v));
  }
  return t;
}

function lookupNum(c: Compiler, ir: IROf<"lookup">): NumEv {
  const key = c.cat(ir.key);
  const out = numVec(c.b.size);
  let dict: readonly string[] | null = null;
  let table: Float64Array = new Float64Array(1);
  return (start, n) => {
    const v = key(start, n);
    if (v.dict !== dict) {
      dict = v.dict;
      table = Float64Array.from(lookupTable(ir, dict, NaN, Number));
    }
    for (let i = 0; i < n; i++) out.lo[i] = out.hi[i] = table[v.codes[i]! + 1]!;
    return out;
  };
}

/** An exact, finite, non-zero constant (a multiplier that needs no interval arithmetic), else null. */
function factorOf(ir: IR): number | null {
  return ir.kind === "num" && ir.lo === ir.hi && Number.isFinite(ir.lo) && ir.lo !== 0
    ? ir.lo
    : null;
}

/**
 * x * k (and x / k, as x * (1 / k), which the interval quotient also computes) for a constant
 * k: bounds scaled and swapped when k < 0, as the interval product gives them (0 * k is 0).
 */
function scaleBy(c: Compiler, x: IR, k: number): NumEv {
  const v = c.num(x);
  const out = numVec(c.b.size);
  const olo = out.lo;
  const ohi = out.hi;
  const [a, b] = k > 0 ? (["lo", "hi"] as const) : (["hi", "lo"] as const);
  return (start, n) => {
    const w = v(start, n);
    const from = w[a];
    const to = w[b];
    const lo = w.lo;
    for (let i = 0; i < n; i++) {
      const missing = lo[i]! !== lo[i]!;
      olo[i] = missing ? NaN : from[i]! * k + 0;
      ohi[i] = missing ? NaN : to[i]! * k + 0;
    }
    return out;
  };
}

function arith(c: Compiler, ir: IROf<"arith">): NumEv {
  if (ir.op === "*" || ir.op === "/") {
    const kr = factorOf(ir.right);
    const kl = ir.op === "*" ? factorOf(ir.left) : null;
    const inv = ir.op === "/" && kr !== null ? 1 / kr : null;
    if (inv !== null && Number.isFinite(inv) && inv !== 0) return scaleBy(c, ir.left, inv);
    if (ir.op === "*" && kr !== null) return scaleBy(c, ir.left, kr);
    if (kl !== null) return scaleBy(c, ir.right, kl);
  }
  const l = c.num(ir.left);
  const r = c.num(ir.right);
  const out = numVec(c.b.size);
  const op = ir.op;
  return (start, n) => {
    const a = l(start, n);
    const b = r(start, n);
    const olo = out.lo;
    const ohi = out.hi;
    if (op === "+") {
      for (let i = 0; i < n; i++) {
        olo[i] = a.lo[i]! + b.lo[i]!;
        ohi[i] = a.hi[i]! + b.hi[i]!;
      }
    } else if (op === "-") {
      for (let i = 0; i < n; i++) {
        olo[i] = a.lo[i]! - b.hi[i]!;
        ohi[i] = a.hi[i]! - b.lo[i]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let alo = a.lo[i]!;
        let ahi = a.hi[i]!;
        let blo = b.lo[i]!;
        let bhi = b.hi[i]!;
        if (alo !== alo || blo !== blo) {
          olo[i] = ohi[i] = NaN;
          continue;
        }
        if (op === "/") {
          if (blo === 0 && bhi === 0) {
            olo[i] = ohi[i] = NaN;
            continue;
          }
          if (blo <= 0 && bhi >= 0) {
            olo[i] = -Infinity;
            ohi[i] = Infinity;
            continue;
          }
          const t = 1 / bhi;
          bhi = 1 / blo;
          blo = t;
        }
        if (alo === ahi && blo === bhi) {
          olo[i] = ohi[i] = alo === 0 || blo === 0 ? 0 : alo * blo;
          continue;
        }
        const p1 = alo === 0 || blo === 0 ? 0 : alo * blo;
        const p2 = alo === 0 || bhi === 0 ? 0 : alo * bhi;
        const p3 = ahi === 0 || blo === 0 ? 0 : ahi * blo;
        const p4 = ahi === 0 || bhi === 0 ? 0 : ahi * bhi;
        alo = p1 < p2 ? p1 : p2;
        ahi = p1 < p2 ? p2 : p1;
        olo[i] = alo < p3 ? (alo < p4 ? alo : p4) : p3 < p4 ? p3 : p4;
        ohi[i] = ahi > p3 ? (ahi > p4 ? ahi : p4) : p3 > p4 ? p3 : p4;
      }
    }
    return out;
  };
}

export function compileDate(c: Compiler, ir: IR): DateEv {
  const size = c.b.size;
  switch (ir.kind) {
    case "dateConst": {
      const v = new Float64Array(size).fill(ir.days);
      return () => v;
    }
    case "dateVar":
      return c.leaf(`date:${ir.name}`, () => {
        // the column's Float32 days widened into a Float64 batch: every date kernel reads one kind
        const slot = c.b.date(ir.name);
        const out = new Float64Array(size);
        const nan = c.b.missing.nan;
        return (start: number, n: number) => {
          if (slot.missing) return nan;
          const d = slot.days;
          for (let i = 0; i < n; i++) out[i] = d[start + i]!;
          return out;
        };
      });
    case "ref":
      return c.date(ir.operand);
    case "dateShift": {
      const d = c.date(ir.date);
      const amt = c.num(ir.amount);
      const { calendar, sign } = ir;
      const out = new Float64Array(size);
      return (start, n) => {
        const v = d(start, n);
        const a = amt(start, n);
        for (let i = 0; i < n; i++) {
          const k = a.lo[i] === a.hi[i] ? a.lo[i]! * sign : NaN;
          out[i] = shiftDays(v[i]!, k, calendar);
        }
        return out;
      };
    }
    case "dateExtreme":
    case "coalesce": {
      const args = ir.args.map((a) => c.date(a));
      const out = new Float64Array(size);
      const mode = ir.kind === "coalesce" ? 0 : ir.max ? 1 : -1;
      return (start, n) => {
        out.set(args[0]!(start, n).subarray(0, n));
        for (let j = 1; j < args.length; j++) {
          const v = args[j]!(start, n);
          for (let i = 0; i < n; i++) {
            const x = v[i]!;
            const o = out[i]!;
            if (mode === 0) out[i] = o === o ? o : x;
            else out[i] = x !== x || o !== o ? NaN : mode > 0 ? (x > o ? x : o) : x < o ? x : o;
          }
        }
        return out;
      };
    }
    case "call":
      return c.callKernel(ir, new Float64Array(size)) as DateEv;
    case "ifThen":
      return ifOne(c.bool(ir.cond), c.date(ir.then), c.date(ir.else), new Float64Array(size), NaN);
    default:
      throw new Error(`not a date node: ${ir.kind}`);
  }
}

/**
 * `if(c, a, b)` over one value per row (truth codes, day numbers): a where c holds, b where not;
 * where c is unknown, the value both agree on, else `unknown`. (A truth value or a date is one
 * value, not an interval; numbers keep the hull of both: `ifNum`.)
 */
export function ifOne<A extends Uint8Array | Float64Array>(
  cond: BoolEv,
  a: (start: number, n: number) => A,
  b: (start: number, n: number) => A,
  out: A,
  unknown: number,
): (start: number, n: number) => A {
  return (start, n) => {
    const t = cond(start, n);
    const x = a(start, n);
    const y = b(start, n);
    for (let i = 0; i < n; i++) {
      const k = t[i]!;
      out[i] = k === TRUE ? x[i]! : k === FALSE ? y[i]! : x[i] === y[i] ? x[i]! : unknown;
    }
    return out;
  };
}
