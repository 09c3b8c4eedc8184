/**
 * Comparison kernels. Comparing against a constant (the usual `x >= threshold`) has one tight
 * loop per operator; vector-vs-vector goes through `compareIntervals`.
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import type { CompareOp } from "./ast.ts";
import type { BoolEv, Compiler } from "./compile.ts";
import type { IROf } from "./ir.ts";
import { compareIntervals, REL_TOL } from "./truth.ts";

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
  let { op, left: l, right: r } = ir;
  const isConst = (x: typeof l) => x.kind === "num" || x.kind === "dateConst";
  if (isConst(l) && !isConst(r)) {
    [l, r] = [r, l];
    op = FLIP[op];
  }
  if (ir.kind === "cmpDate") {
    const a = c.date(l);
    if (r.kind === "dateConst") {
      const k = r.days;
      return scalar(
        (start, n) => {
          const v = a(start, n);
          return { lo: v, hi: v };
        },
        op,
        k,
        k,
        out,
        0,
      );
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
  if (r.kind === "num") return scalar(a, op, r.lo, r.hi, out, REL_TOL);
  const b = c.num(r);
  return (start, n) => {
    const v = a(start, n);
    const w = b(start, n);
    for (let i = 0; i < n; i++)
      out[i] = compareIntervals(op, v.lo[i]!, v.hi[i]!, w.lo[i]!, w.hi[i]!);
    return out;
  };
}

/**
 * x OP [clo, chi] with one branch-free loop per operator: truth = 2 - yes - 2 * no
 * (yes and no exclude each other; NaN makes both false, giving UNKNOWN). Branch-free matters:
 * on real data the outcome is unpredictable and mispredicted branches cost ~4x.
 * An exact value within `rel` (relative) of an exact constant is at it (truth.ts `near`;
 * 0 for whole days).
 */
function scalar(
  a: (start: number, n: number) => { lo: Float64Array; hi: Float64Array },
  op: CompareOp,
  c0: number,
  c1: number,
  out: Uint8Array,
  rel: number,
): BoolEv {
  if (c0 !== c0) {
    return (_start, n) => out.fill(UNKNOWN, 0, n);
  }
  // an exact value within `rel` of an exact constant is at it: the loops pick, per row, the
  // constant moved by the tolerance (d below, u above) or the constant itself (interval bounds)
  const exactC = c0 === c1 && Number.isFinite(c0);
  const d = exactC ? c0 - rel * Math.abs(c0) : c0;
  const u = exactC ? c1 + rel * Math.abs(c1) : c1;
  const clo = c0;
  const chi = c1;
  switch (op) {
    case ">=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(x >= (x === y ? d : chi)) - 2 * +(y < (x === y ? d : clo));
        }
        return out;
      };
    case ">":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(x > (x === y ? u : chi)) - 2 * +(y <= (x === y ? u : clo));
        }
        return out;
      };
    case "<=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(y <= (x === y ? u : clo)) - 2 * +(x > (x === y ? u : chi));
        }
        return out;
      };
    case "<":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(y < (x === y ? d : clo)) - 2 * +(x >= (x === y ? d : chi));
        }
        return out;
      };
    default: {
      const T = TRUE;
      const F = FALSE;
      const U = UNKNOWN;
      const eq = op === "=" ? T : F;
      const ne = op === "=" ? F : T;
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] =
            x === y
              ? x >= d && x <= u && exactC
                ? eq
                : x < d || x > u
                  ? ne
                  : U
              : y < clo || x > chi
                ? ne
                : U;
        }
        return out;
      };
    }
  }
}
