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
  a: Intervals,
  op: CompareOp,
  c0: number,
  c1: number,
  out: Uint8Array,
  rel: number,
): BoolEv {
  if (c0 !== c0) {
    return (_start, n) => out.fill(UNKNOWN, 0, n);
  }
  // an exact value within `rel` of an exact constant is at it: an exact row compares with the
  // constant moved by w (d below, u above), an interval's bounds with the constant itself
  const exactC = c0 === c1 && Number.isFinite(c0);
  const w = exactC ? rel * Math.abs(c0) : 0;
  const d = c0 - w;
  const u = c1 + w;
  if (op === "=" || op === "!=") return equality(a, op === "=", c0, c1, d, u, exactC, out);
  if (w === 0) return plain(a, op, c0, c1, out);
  // the moved constant is the only one an exact batch needs; any other batch runs the plain
  // loop and notes whether a value fell between the two constants (rare: within 1e-9), and
  // only then sets the exact rows there (a per-row choice of constant measured 1.6x plain)
  const lower = op === ">=" || op === "<";
  const moved = lower ? d : u;
  const exactRows = plainLoop(op, moved, moved);
  const side = op === ">=" || op === "<=" ? TRUE : FALSE;
  const loop = bandLoop(op, c0, moved);
  return (start, n) => {
    const v = a(start, n);
    if (sameRows(v)) exactRows(v.lo, v.hi, n, out);
    else if (loop(v.lo, v.hi, n, out)) fixBand(v.lo, v.hi, n, out, lower, moved, c0, side);
    return out;
  };
}

/** lo and hi are the same rows (an exact column or batch): every row is exact or missing. */
function sameRows(v: { lo: Float64Array; hi: Float64Array }): boolean {
  return v.lo === v.hi || (v.lo.buffer === v.hi.buffer && v.lo.byteOffset === v.hi.byteOffset);
}

type Band = (lo: Float64Array, hi: Float64Array, n: number, out: Uint8Array) => number;

/**
 * The plain loop against the constant c, also reporting whether a lower bound lies between c
 * and the moved constant m (the only rows the tolerance can change); one closure per operator.
 */
function bandLoop(op: CompareOp, c: number, m: number): Band {
  switch (op) {
    case ">=":
      return (lo, hi, n, out) => {
        let near = 0;
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          out[i] = 2 - +(x >= c) - 2 * +(hi[i]! < c);
          near |= +(x >= m) ^ +(x >= c);
        }
        return near;
      };
    case ">":
      return (lo, hi, n, out) => {
        let near = 0;
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          out[i] = 2 - +(x > c) - 2 * +(hi[i]! <= c);
          near |= +(x > m) ^ +(x > c);
        }
        return near;
      };
    case "<=":
      return (lo, hi, n, out) => {
        let near = 0;
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          out[i] = 2 - +(hi[i]! <= c) - 2 * +(x > c);
          near |= +(x > m) ^ +(x > c);
        }
        return near;
      };
    default:
      return (lo, hi, n, out) => {
        let near = 0;
        for (let i = 0; i < n; i++) {
          const x = lo[i]!;
          out[i] = 2 - +(hi[i]! < c) - 2 * +(x >= c);
          near |= +(x >= m) ^ +(x >= c);
        }
        return near;
      };
  }
}

/**
 * Exact rows between c and the moved constant m are at the threshold: `>=` and `<=` hold
 * there (`side` TRUE), `>` and `<` do not. Interval rows keep the plain loop's answer.
 */
function fixBand(
  lo: Float64Array,
  hi: Float64Array,
  n: number,
  out: Uint8Array,
  lower: boolean,
  m: number,
  c: number,
  side: number,
): void {
  for (let i = 0; i < n; i++) {
    const x = lo[i]!;
    if (x === hi[i] && (lower ? x >= m && x < c : x > c && x <= m)) out[i] = side;
  }
}

/** x = [c0, c1] (or !=): an exact value within [d, u] of an exact constant is equal to it. */
function equality(
  a: Intervals,
  eqOp: boolean,
  clo: number,
  chi: number,
  d: number,
  u: number,
  exactC: boolean,
  out: Uint8Array,
): BoolEv {
  const eq = eqOp ? TRUE : FALSE;
  const ne = eqOp ? FALSE : TRUE;
  const U = UNKNOWN;
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

/** x OP [clo, chi] with no tolerance (dates, intervals, zero): one comparison per bound. */
function plain(a: Intervals, op: CompareOp, clo: number, chi: number, out: Uint8Array): BoolEv {
  const loop = plainLoop(op, clo, chi);
  return (start, n) => {
    const { lo, hi } = a(start, n);
    loop(lo, hi, n, out);
    return out;
  };
}

type Loop = (lo: Float64Array, hi: Float64Array, n: number, out: Uint8Array) => void;

function plainLoop(op: CompareOp, clo: number, chi: number): Loop {
  switch (op) {
    case ">=":
      return (lo, hi, n, out) => {
        for (let i = 0; i < n; i++) out[i] = 2 - +(lo[i]! >= chi) - 2 * +(hi[i]! < clo);
      };
    case ">":
      return (lo, hi, n, out) => {
        for (let i = 0; i < n; i++) out[i] = 2 - +(lo[i]! > chi) - 2 * +(hi[i]! <= clo);
      };
    case "<=":
      return (lo, hi, n, out) => {
        for (let i = 0; i < n; i++) out[i] = 2 - +(hi[i]! <= clo) - 2 * +(lo[i]! > chi);
      };
    default:
      return (lo, hi, n, out) => {
        for (let i = 0; i < n; i++) out[i] = 2 - +(hi[i]! < clo) - 2 * +(lo[i]! >= chi);
      };
  }
}
