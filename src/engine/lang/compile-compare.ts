/**
 * Comparison kernels. Comparing against a constant (the usual `x >= threshold`) has one tight
 * loop per operator; vector-vs-vector goes through `compareIntervals`.
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import type { CompareOp } from "./ast.ts";
import type { BoolEv, Compiler } from "./compile.ts";
import type { IROf } from "./ir.ts";
import { compareIntervals } from "./truth.ts";

const FLIP: Record<CompareOp, CompareOp> = {
  "<": ">",
  "<=": ">=",
  ">": "<",
  ">=": "<=",
  "=": "=",
  "!=": "!=",
};

export function compileCompare(c: Compiler, ir: IROf<"cmp"> | IROf<"cmpDate">): BoolEv {
  const out = new Uint8Array(c.b.size);
  let { op, l, r } = ir;
  const isConst = (x: typeof l) => x.k === "num" || x.k === "dateConst";
  if (isConst(l) && !isConst(r)) {
    [l, r] = [r, l];
    op = FLIP[op];
  }
  if (ir.k === "cmpDate") {
    const a = c.date(l);
    if (r.k === "dateConst") {
      const k = r.days;
      return (start, n) => {
        const v = a(start, n);
        for (let i = 0; i < n; i++) out[i] = compareIntervals(op, v[i]!, v[i]!, k, k);
        return out;
      };
    }
    const b = c.date(r);
    return (start, n) => {
      const v = a(start, n);
      const w = b(start, n);
      for (let i = 0; i < n; i++) out[i] = compareIntervals(op, v[i]!, v[i]!, w[i]!, w[i]!);
      return out;
    };
  }
  const a = c.num(l);
  if (r.k === "num") return scalar(a, op, r.lo, r.hi, out);
  const b = c.num(r);
  return (start, n) => {
    const v = a(start, n);
    const w = b(start, n);
    for (let i = 0; i < n; i++)
      out[i] = compareIntervals(op, v.lo[i]!, v.hi[i]!, w.lo[i]!, w.hi[i]!);
    return out;
  };
}

/** x OP [clo, chi] with one loop per operator; NaN (missing) falls through to UNKNOWN. */
function scalar(
  a: ReturnType<Compiler["num"]>,
  op: CompareOp,
  clo: number,
  chi: number,
  out: Uint8Array,
): BoolEv {
  if (clo !== clo) {
    return (_start, n) => out.fill(UNKNOWN, 0, n);
  }
  const T = TRUE;
  const F = FALSE;
  const U = UNKNOWN;
  switch (op) {
    case ">=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = lo[i]! >= chi ? T : hi[i]! < clo ? F : U;
        return out;
      };
    case ">":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = lo[i]! > chi ? T : hi[i]! <= clo ? F : U;
        return out;
      };
    case "<=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = hi[i]! <= clo ? T : lo[i]! > chi ? F : U;
        return out;
      };
    case "<":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = hi[i]! < clo ? T : lo[i]! >= chi ? F : U;
        return out;
      };
    default: {
      const eq = op === "=" ? T : F;
      const ne = op === "=" ? F : T;
      const exact = clo === chi;
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = exact && x === y && x === clo ? eq : y < clo || x > chi ? ne : U;
        }
        return out;
      };
    }
  }
}
