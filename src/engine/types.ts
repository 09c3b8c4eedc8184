/**
 * Shared contract of the engine: column storage, batch vectors, truth and verdict codes.
 * Everything here is plain data over typed arrays so it runs in Node, a worker and the page,
 * and crosses worker boundaries as transferable buffers.
 */
import type { PackedDict } from "./packed-dict.ts";

/** Three-valued truth codes (Kleene). Stored in Uint8Array. */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Truth = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/** Verdict of one criterion for one patient, from the patient's side. Stored in Uint8Array. */
export const PASS = 0;
export const FAIL = 1;
export const UNDECIDED = 2; // data missing: "unknown"
export const SITE = 3; // site-assessed: cannot be decided from registry data
export type Verdict = typeof PASS | typeof FAIL | typeof UNDECIDED | typeof SITE;
export const VERDICT_WORDS = ["pass", "fail", "unknown", "site-assessed"] as const;
export type VerdictWord = (typeof VERDICT_WORDS)[number];

/** Overall status of a patient. */
export const ELIGIBLE = 0;
export const NEEDS_REVIEW = 1;
export const INELIGIBLE = 2;
export type Status = typeof ELIGIBLE | typeof NEEDS_REVIEW | typeof INELIGIBLE;
export const STATUS_WORDS = ["eligible", "needs-review", "ineligible"] as const;
export type StatusWord = (typeof STATUS_WORDS)[number];

/**
 * A numeric column holds each value as a closed interval [lo, hi] in the column's unit.
 * - exact value v: lo = hi = v (for a column with no censored values, `hi === lo`: one shared buffer)
 * - censored `<0.5`: lo = -Infinity, hi = the largest double below 0.5; `<=0.5`: hi = 0.5
 * - censored `>3`: lo = the smallest double above 3, hi = +Infinity
 * - missing: lo = hi = NaN
 */
export interface NumberColumn {
  kind: "number";
  lo: Float64Array;
  hi: Float64Array;
  /** canonical unit symbol from units.ts (e.g. "g/g"), or "1" when dimensionless */
  unit: string;
}

/**
 * Dates as whole days since 1970-01-01 (UTC); NaN = missing. Float32: every whole day number of
 * the years 0000-9999 (|days| < 2^24) is exact in it, at half the bytes of a Float64. Compiled
 * expressions widen it into Float64 batches (`DateVec`) as they read it.
 */
export interface DateColumn {
  kind: "date";
  days: Float32Array;
}

/** Booleans as truth codes (UNKNOWN = missing). */
export interface BooleanColumn {
  kind: "boolean";
  values: Uint8Array;
}

/** Category codes: the narrowest of the three the dictionary needs (see codes.ts). */
export type CodeArray = Int8Array | Int16Array | Int32Array;

/**
 * Categories (and free text) dictionary-encoded; code -1 = missing. `codes` is Int8Array for
 * up to 128 values, Int16Array up to 32,768, else Int32Array (codes.ts). A large, mostly distinct
 * dictionary (patient ids) is `packed`: its entries are one string + end offsets and `dict` is
 * a read-only view of it that cannot be posted or cheaply copied (see packed-dict.ts).
 */
export interface CategoryColumn {
  kind: "category";
  codes: CodeArray;
  dict: string[];
  packed?: PackedDict;
}

export type Column = NumberColumn | DateColumn | BooleanColumn | CategoryColumn;
export type ColumnKind = Column["kind"];

/** Any typed array a column stores. */
export type ColumnArray = Float64Array | Float32Array | CodeArray | Uint8Array;

/** A column's array with one value per row: a number column's lower bounds, else its only one. */
export function rowArray(c: Column): ColumnArray {
  switch (c.kind) {
    case "number":
      return c.lo;
    case "date":
      return c.days;
    case "boolean":
      return c.values;
    case "category":
      return c.codes;
  }
}

/** Every typed array of a column (a number column's lo and hi may be the same array). */
export function columnArrays(c: Column): ColumnArray[] {
  return c.kind === "number" ? [c.lo, c.hi] : [rowArray(c)];
}

/** A table is named columns of equal length. Names are protocol variable names once mapped. */
export interface Table {
  nRows: number;
  columns: Record<string, Column>;
}

/* ---- batch vectors: what compiled expressions and function kernels read and write ---- */

/** Numeric interval vector for a batch (views of length n). */
export interface NumVec {
  lo: Float64Array;
  hi: Float64Array;
}
/** Truth vector for a batch. */
export type BoolVec = Uint8Array;
/** Day-number vector for a batch (NaN = missing); Float64 so date kernels see one element kind. */
export type DateVec = Float64Array;
/** Category vector for a batch (Int32 whatever the column's width: kernels see one kind). */
export interface CatVec {
  codes: Int32Array;
  dict: readonly string[];
}
