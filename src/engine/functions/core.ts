/**
 * Core functions of the criteria language. Kernels are vectorized over a batch and follow
 * three-valued logic: a result is unknown (or NaN) only when the missing inputs could change it.
 * `coalesce`, `min`, `max` and `abs` are also generic in the checker (dates, units kept);
 * the specs here are their plain-number forms.
 */
import type { BoolVec, DateVec, NumVec } from "../types.ts";
import { AGE_SPAN, ageTable, wholeYears } from "../calendar.ts";
import { AND, OR } from "../lang/truth.ts";
import { andWord, orWord, words } from "../lang/swar.ts";
import type { AnyVec, FunctionSpec } from "./types.ts";

/** True and unknown counts per row, one byte each (views of word buffers reused across calls). */
let trueWords = new Uint32Array(0);
let unknownWords = new Uint32Array(0);
let trues = new Uint8Array(0);
let unknowns = new Uint8Array(0);
const ONES = 0x01010101;

/**
 * Counts true and unknown arguments per row into `trues` and `unknowns` (codes: 1 true,
 * 2 unknown), four rows per 32-bit step: a row's count is one byte of a word and never
 * carries into the next row's. More than 255 conditions: counted row by row into `wide`.
 */
function countTruth(args: readonly AnyVec[], from: number, n: number): Int32Array | null {
  if (args.length - from > 255) return countWide(args, from, n);
  const m = (n + 3) >>> 2;
  if (trueWords.length < m) {
    trueWords = new Uint32Array(m);
    unknownWords = new Uint32Array(m);
    trues = new Uint8Array(trueWords.buffer);
    unknowns = new Uint8Array(unknownWords.buffer);
  }
  const tw = trueWords;
  const uw = unknownWords;
  tw.fill(0, 0, m);
  uw.fill(0, 0, m);
  for (let j = from; j < args.length; j++) {
    const c = args[j] as BoolVec;
    const cw = words(c, n);
    let i = 0;
    if (cw) {
      const q = n >>> 2;
      for (let w = 0; w < q; w++) {
        const v = cw[w]!;
        tw[w]! += v & ONES;
        uw[w]! += (v >>> 1) & ONES;
      }
      i = q << 2;
    }
    for (; i < n; i++) {
      const v = c[i]!;
      trues[i]! += v & 1;
      unknowns[i]! += v >> 1;
    }
  }
  return null;
}

/** Counts packed as true + (unknown << 16) per row, for calls with many conditions. */
function countWide(args: readonly AnyVec[], from: number, n: number): Int32Array {
  const acc = new Int32Array(n);
  for (let j = from; j < args.length; j++) {
    const c = args[j] as BoolVec;
    for (let i = 0; i < n; i++) acc[i]! += (c[i]! & 1) + ((c[i]! >> 1) << 16);
  }
  return acc;
}

const atLeast: FunctionSpec = {
  name: "at_least",
  params: [{ name: "k", type: "number" }],
  variadic: { name: "conditions", type: "boolean", min: 1 },
  returns: { type: "boolean" },
  doc: "true when at least k conditions are true; false when even all unknowns could not reach k",
  example: "at_least(2, bilag_renal = 'A', bilag_skin = 'A', sledai >= 6)",
  kernel(args, n, out) {
    const k = args[0] as NumVec;
    const o = out as BoolVec;
    const wide = countTruth(args, 1, n);
    const klo = k.lo;
    const khi = k.hi;
    if (wide) {
      for (let i = 0; i < n; i++) {
        const t = wide[i]! & 0xffff;
        o[i] = 2 - +(t >= khi[i]!) - 2 * +(t + (wide[i]! >>> 16) < klo[i]!);
      }
      return;
    }
    const t8 = trues;
    const u8 = unknowns;
    for (let i = 0; i < n; i++) {
      const t = t8[i]!;
      // branch-free: 2 - decided-true - 2 * decided-false (NaN k: both false -> UNKNOWN)
      o[i] = 2 - +(t >= khi[i]!) - 2 * +(t + u8[i]! < klo[i]!);
    }
  },
};

const countTrue: FunctionSpec = {
  name: "count_true",
  params: [],
  variadic: { name: "conditions", type: "boolean", min: 1 },
  returns: { type: "number" },
  doc: "how many conditions are true, as an interval [true, true + unknown]",
  example: "count_true(malar_rash, oral_ulcers, arthritis) >= 2",
  kernel(args, n, out) {
    const o = out as NumVec;
    const wide = countTruth(args, 0, n);
    for (let i = 0; i < n; i++) {
      const t = wide ? wide[i]! & 0xffff : trues[i]!;
      o.lo[i] = t;
      o.hi[i] = t + (wide ? wide[i]! >>> 16 : unknowns[i]!);
    }
  },
};

function nary(name: "any" | "all"): FunctionSpec {
  const lut = name === "any" ? OR : AND;
  return {
    name,
    params: [],
    variadic: { name: "conditions", type: "boolean", min: 1 },
    returns: { type: "boolean" },
    doc:
      name === "any"
        ? "true when any condition is true (n-ary or)"
        : "true when all conditions are true (n-ary and)",
    example: `${name}(hbsag_positive, hcv_rna_positive, hiv_positive)`,
    kernel(args, n, out) {
      const o = out as BoolVec;
      o.set((args[0] as BoolVec).subarray(0, n));
      const ow = words(o, n);
      for (let j = 1; j < args.length; j++) {
        const c = args[j] as BoolVec;
        // four codes per step when both are 4-byte aligned (batch buffers are)
        const cw = ow && words(c, n);
        let i = 0;
        if (ow && cw) {
          const q = n >>> 2;
          if (name === "any") for (let w = 0; w < q; w++) ow[w] = orWord(ow[w]!, cw[w]!);
          else for (let w = 0; w < q; w++) ow[w] = andWord(ow[w]!, cw[w]!);
          i = q << 2;
        }
        for (; i < n; i++) o[i] = lut[o[i]! * 3 + c[i]!]!;
      }
    },
  };
}

const coalesce: FunctionSpec = {
  name: "coalesce",
  params: [],
  variadic: { name: "values", type: "number", min: 1 },
  returns: { type: "number" },
  doc: "the first argument that is not missing (any type; all of one type)",
  example: "coalesce(upcr, protein_24h_ratio)",
  kernel(args, n, out) {
    const o = out as NumVec;
    const lo = o.lo;
    const hi = o.hi;
    const first = args[0] as NumVec;
    lo.set(first.lo.subarray(0, n));
    hi.set(first.hi.subarray(0, n));
    for (let j = 1; j < args.length; j++) {
      const alo = (args[j] as NumVec).lo;
      const ahi = (args[j] as NumVec).hi;
      for (let i = 0; i < n; i++) {
        const x = lo[i]!;
        if (x !== x) {
          lo[i] = alo[i]!;
          hi[i] = ahi[i]!;
        }
      }
    }
  },
};

function extreme(name: "min" | "max"): FunctionSpec {
  const isMin = name === "min";
  return {
    name,
    params: [],
    variadic: { name: "values", type: "number", min: 1 },
    returns: { type: "number" },
    doc: `the ${isMin ? "smallest" : "largest"} argument (numbers or dates); missing when any is missing`,
    example: `${name}(alt, ast)`,
    kernel(args, n, out) {
      const o = out as NumVec;
      const first = args[0] as NumVec;
      o.lo.set(first.lo.subarray(0, n));
      o.hi.set(first.hi.subarray(0, n));
      for (let a = 1; a < args.length; a++) {
        const v = args[a] as NumVec;
        for (let i = 0; i < n; i++) {
          const lo = v.lo[i]!;
          const hi = v.hi[i]!;
          const olo = o.lo[i]!;
          const ohi = o.hi[i]!;
          if (lo !== lo || olo !== olo) {
            o.lo[i] = o.hi[i] = NaN; // missing when any argument is
          } else if (isMin) {
            o.lo[i] = lo < olo ? lo : olo;
            o.hi[i] = hi < ohi ? hi : ohi;
          } else {
            o.lo[i] = lo > olo ? lo : olo;
            o.hi[i] = hi > ohi ? hi : ohi;
          }
        }
      }
    },
  };
}

const abs: FunctionSpec = {
  name: "abs",
  params: [{ name: "x", type: "number" }],
  returns: { type: "number" },
  doc: "absolute value (keeps the unit)",
  example: "abs(days_between(biopsy_date, screening_date)) <= 30",
  kernel(args, n, out) {
    const x = args[0] as NumVec;
    const o = out as NumVec;
    for (let i = 0; i < n; i++) {
      const lo = x.lo[i]!;
      const hi = x.hi[i]!;
      if (lo !== lo) {
        o.lo[i] = o.hi[i] = NaN;
      } else if (lo >= 0) {
        o.lo[i] = lo;
        o.hi[i] = hi;
      } else if (hi <= 0) {
        o.lo[i] = -hi;
        o.hi[i] = -lo;
      } else {
        o.lo[i] = 0;
        o.hi[i] = -lo > hi ? -lo : hi;
      }
    }
  },
};

const daysBetween: FunctionSpec = {
  name: "days_between",
  params: [
    { name: "from", type: "date" },
    { name: "to", type: "date" },
  ],
  returns: { type: "number", unit: "days" },
  doc: "days from the first date to the second (to - from)",
  example: "days_between(biopsy_date, screening_date) <= 365",
  kernel(args, n, out) {
    const a = args[0] as DateVec;
    const b = args[1] as DateVec;
    const o = out as NumVec;
    for (let i = 0; i < n; i++) o.lo[i] = o.hi[i] = b[i]! - a[i]!;
  },
};

const ageAt: FunctionSpec = {
  name: "age_at",
  params: [
    { name: "birth_date", type: "date" },
    { name: "on_date", type: "date" },
  ],
  returns: { type: "number", unit: "years" },
  doc: "age in whole years on a date (a year is added on the birthday; 29 Feb birthdays on 1 Mar)",
  example: "age_at(birth_date, screening_date) between min_age and max_age",
  kernel(args, n, out) {
    const b = args[0] as DateVec;
    const d = args[1] as DateVec;
    const o = out as NumVec;
    let lastOn = NaN;
    let table: Int16Array | null = null;
    for (let i = 0; i < n; i++) {
      const on = d[i]!;
      const birth = b[i]!;
      if (on !== lastOn) {
        lastOn = on;
        table = on === on ? ageTable(on) : null;
      }
      const k = on - birth;
      o.lo[i] = o.hi[i] =
        k >= 0 && k < AGE_SPAN && (k | 0) === k
          ? table![k]!
          : birth !== birth || on !== on
            ? NaN
            : wholeYears(birth, on);
    }
  },
};

/** Registered by registry.ts when it loads. */
export const CORE_FUNCTIONS: readonly FunctionSpec[] = [
  atLeast,
  countTrue,
  nary("any"),
  nary("all"),
  coalesce,
  extreme("min"),
  extreme("max"),
  abs,
  daysBetween,
  ageAt,
];
