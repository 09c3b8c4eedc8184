/**
 * Comparison kernels. Comparing against a constant (the usual `x >= threshold`) has one tight
 * loop per operator; vector-vs-vector goes through `compareIntervals`.
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import { FLIP, type CompareOp } from "./ast.ts";
import type { BoolEv, Compiler } from "./compile.ts";
import type { IROf } from "./ir.ts";
import { compareIntervals, near, REL_TOL } from "./truth.ts";

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
    return vectors(
      (start, n) => {
        const v = a(start, n);
        return { lo: v, hi: v };
      },
      (start, n) => {
        const w = b(start, n);
        return { lo: w, hi: w };
      },
      op,
      out,
    );
  }
  const a = c.num(l);
  if (r.kind === "num") return scalar(a, op, r.lo, r.hi, out, REL_TOL);
  return vectors(a, c.num(r), op, out);
}

type Intervals = (start: number, n: number) => { lo: Float64Array; hi: Float64Array };

/**
 * [alo, ahi] OP [blo, bhi] row by row, as `compareIntervals` decides it, with one loop per
 * order operator (a call per row with a switch on the operator measured ~2x slower). Two exact
 * values within REL_TOL of each other compare as equal: b is moved onto a.
 */
function vectors(a: Intervals, b: Intervals, op: CompareOp, out: Uint8Array): BoolEv {
  if (op === "=" || op === "!=")
    return (start, n) => {
      const v = a(start, n);
      const w = b(start, n);
      for (let i = 0; i < n; i++)
        out[i] = compareIntervals(op, v.lo[i]!, v.hi[i]!, w.lo[i]!, w.hi[i]!);
      return out;
    };
  // truth = 2 - yes - 2 * no, as in `scalar`; NaN makes both false (UNKNOWN); the operator's
  // test is chosen once, not switched on per row
  const loop =
    (t: (x0: number, x1: number, y0: number, y1: number) => number): BoolEv =>
    (start, n) => {
      const v = a(start, n);
      const w = b(start, n);
      const alo = v.lo;
      const ahi = v.hi;
      const blo = w.lo;
      const bhi = w.hi;
      for (let i = 0; i < n; i++) {
        const x0 = alo[i]!;
        const x1 = ahi[i]!;
        let y0 = blo[i]!;
        let y1 = bhi[i]!;
        if (x0 === x1 && y0 === y1 && x0 !== y0 && near(x0, y0)) y0 = y1 = x0;
        out[i] = t(x0, x1, y0, y1);
      }
      return out;
    };
  switch (op) {
    case ">=":
      return loop((x0, x1, y0, y1) => 2 - +(x0 >= y1) - 2 * +(x1 < y0));
    case ">":
      return loop((x0, x1, y0, y1) => 2 - +(x0 > y1) - 2 * +(x1 <= y0));
    case "<=":
      return loop((x0, x1, y0, y1) => 2 - +(x1 <= y0) - 2 * +(x0 > y1));
    default:
      return loop((x0, x1, y0, y1) => 2 - +(x1 < y0) - 2 * +(x0 >= y1));
  }
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
  // an exact value within `rel` of an exact constant is at it: for an exact row (x === y) the
  // loops compare with the constant moved by w (d below, u above). The choice compiles to a
  // select: 1.6x the plain loop, where w * +(x === y) measured 3x. Without tolerance (dates,
  // zero, interval constants) the plain loops run.
  const exactC = c0 === c1 && Number.isFinite(c0);
  const w = exactC ? rel * Math.abs(c0) : 0;
  const d = c0 - w;
  const u = c1 + w;
  const clo = c0;
  const chi = c1;
  if (w === 0 && op !== "=" && op !== "!=") return plain(a, op, clo, chi, out);
  switch (op) {
    case ">=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(x >= (x === y ? d : c0)) - 2 * +(y < (x === y ? d : c0));
        }
        return out;
      };
    case ">":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(x > (x === y ? u : c0)) - 2 * +(y <= (x === y ? u : c0));
        }
        return out;
      };
    case "<=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(y <= (x === y ? u : c0)) - 2 * +(x > (x === y ? u : c0));
        }
        return out;
      };
    case "<":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          const y = hi[i]!;
          out[i] = 2 - +(y < (x === y ? d : c0)) - 2 * +(x >= (x === y ? d : c0));
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

/** x OP [clo, chi] with no tolerance (dates, intervals, zero): one comparison per bound. */
function plain(
  a: (start: number, n: number) => { lo: Float64Array; hi: Float64Array },
  op: CompareOp,
  clo: number,
  chi: number,
  out: Uint8Array,
): BoolEv {
  switch (op) {
    case ">=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = 2 - +(lo[i]! >= chi) - 2 * +(hi[i]! < clo);
        return out;
      };
    case ">":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = 2 - +(lo[i]! > chi) - 2 * +(hi[i]! <= clo);
        return out;
      };
    case "<=":
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = 2 - +(hi[i]! <= clo) - 2 * +(lo[i]! > chi);
        return out;
      };
    default:
      return (start, n) => {
        const { lo, hi } = a(start, n);
        for (let i = 0; i < n; i++) out[i] = 2 - +(hi[i]! < clo) - 2 * +(lo[i]! >= chi);
        return out;
      };
  }
}
