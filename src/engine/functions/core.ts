/**
 * Core functions of the criteria language. Kernels are vectorized over a batch and follow
 * three-valued logic: a result is unknown (or NaN) only when the missing inputs could change it.
 * `coalesce`, `min`, `max` and `abs` are also generic in the checker (dates, units kept);
 * the specs here are their plain-number forms.
 */
import { FALSE, TRUE, UNKNOWN } from "../types.ts";
import type { BoolVec, DateVec, NumVec } from "../types.ts";
import { wholeYears } from "../lang/calendar.ts";
import type { AnyVec, FunctionSpec } from "./types.ts";

const bools = (args: readonly AnyVec[], from: number) => args.slice(from) as BoolVec[];

/** Counts true and unknown arguments per row into the scratch arrays. */
function countTruth(cs: readonly BoolVec[], n: number, t: Float64Array, u: Float64Array): void {
  t.fill(0, 0, n);
  u.fill(0, 0, n);
  for (const c of cs) {
    for (let i = 0; i < n; i++) {
      const v = c[i]!;
      if (v === TRUE) t[i]!++;
      else if (v === UNKNOWN) u[i]!++;
    }
  }
}

let scratchT = new Float64Array(0);
let scratchU = new Float64Array(0);
function scratch(n: number): [Float64Array, Float64Array] {
  if (scratchT.length < n) {
    scratchT = new Float64Array(n);
    scratchU = new Float64Array(n);
  }
  return [scratchT, scratchU];
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
    const [t, u] = scratch(n);
    countTruth(bools(args, 1), n, t, u);
    for (let i = 0; i < n; i++) {
      const klo = k.lo[i]!;
      const khi = k.hi[i]!;
      if (klo !== klo) o[i] = UNKNOWN;
      else if (t[i]! >= khi) o[i] = TRUE;
      else if (t[i]! + u[i]! < klo) o[i] = FALSE;
      else o[i] = UNKNOWN;
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
    const [t, u] = scratch(n);
    countTruth(bools(args, 0), n, t, u);
    for (let i = 0; i < n; i++) {
      o.lo[i] = t[i]!;
      o.hi[i] = t[i]! + u[i]!;
    }
  },
};

function nary(name: "any" | "all"): FunctionSpec {
  const stop = name === "any" ? TRUE : FALSE;
  const rest = name === "any" ? FALSE : TRUE;
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
      o.fill(rest, 0, n);
      for (const c of bools(args, 0)) {
        for (let i = 0; i < n; i++) {
          const v = c[i]!;
          if (v === stop) o[i] = stop;
          else if (v === UNKNOWN && o[i] !== stop) o[i] = UNKNOWN;
        }
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
    o.lo.fill(NaN, 0, n);
    o.hi.fill(NaN, 0, n);
    for (const a of args as NumVec[]) {
      for (let i = 0; i < n; i++) {
        if (o.lo[i] !== o.lo[i]) {
          o.lo[i] = a.lo[i]!;
          o.hi[i] = a.hi[i]!;
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
          if (isMin) {
            o.lo[i] = lo < o.lo[i]! ? lo : o.lo[i]! + lo - lo;
            o.hi[i] = hi < o.hi[i]! ? hi : o.hi[i]! + hi - hi;
          } else {
            o.lo[i] = lo > o.lo[i]! ? lo : o.lo[i]! + lo - lo;
            o.hi[i] = hi > o.hi[i]! ? hi : o.hi[i]! + hi - hi;
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
      if (lo >= 0) {
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
    for (let i = 0; i < n; i++) o.lo[i] = o.hi[i] = wholeYears(b[i]!, d[i]!);
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
