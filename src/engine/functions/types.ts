/**
 * Contract for functions callable from the criteria language (`at_least`, `cockcroft_gault`, ...).
 * A function is type-checked from its signature, then run as a vectorized kernel over a batch:
 * kernels read argument vectors and write the output vector, with no per-row allocation.
 */
import type { BoolVec, CatVec, DateVec, NumVec } from "../types.ts";

export type ArgType =
  // value converted to `unit` before the kernel sees it; `plain`: refused when it has a unit
  // `molarMass`: of the analyte, for mass <-> molar conversion when the value brings none
  | { type: "number"; unit?: string; plain?: boolean; molarMass?: number }
  | { type: "boolean" }
  | { type: "date" }
  | { type: "category"; values?: readonly string[] };

export type ReturnType =
  { type: "number"; unit?: string; molarMass?: number } | { type: "boolean" } | { type: "date" };

export type VecOf<T extends ArgType | ReturnType> = T extends { type: "number" }
  ? NumVec
  : T extends { type: "boolean" }
    ? BoolVec
    : T extends { type: "date" }
      ? DateVec
      : CatVec;

export type AnyVec = NumVec | BoolVec | DateVec | CatVec;

export interface FunctionSpec {
  name: string;
  /** fixed parameters, in order */
  params: readonly (ArgType & { name: string })[];
  /** when set, any number (>= params.length) of trailing args of this type */
  variadic?: ArgType & { name: string; min?: number; max?: number };
  returns: ReturnType;
  /** the result has the unit of the first argument (`round(weight)` is in kg) */
  keepsUnit?: boolean;
  /** one-line description for docs and autocomplete */
  doc: string;
  /** a call as an analyst would write it */
  example: string;
  /**
   * Computes rows [0, n) of the batch. `args` are in call order (after unit conversion),
   * `out` is preallocated for the return type. Missing inputs must give unknown / NaN output
   * unless the result is decided regardless (three-valued logic, interval arithmetic).
   */
  kernel(args: readonly AnyVec[], n: number, out: AnyVec): void;
}

/** A boolean parameter named `name` (the flags of the clinical scores). */
export const bool = (name: string): ArgType & { name: string } => ({ name, type: "boolean" });
