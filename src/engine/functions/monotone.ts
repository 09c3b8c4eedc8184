/**
 * Builds interval kernels for clinical equations that are monotone in each numeric input
 * (eGFR falls with creatinine and age, BMI rises with weight and falls with height, ...).
 * For such a function the smallest value over a box of intervals is at the corner where each
 * input sits at the bound that lowers it, and the largest at the opposite corner: exact, not a
 * hull. Condition inputs (female) are split: an unknown one gives the hull of both cases.
 *
 * All numeric inputs are physical amounts ≥ 0: a censored `<0.5` stored as [-∞, 0.5) is read
 * as [0, 0.5).
 */
import { FALSE, TRUE, type BoolVec, type NumVec } from "../types.ts";
import type { ArgType, FunctionSpec, ReturnType } from "./types.ts";

export interface MonotoneDef {
  name: string;
  /** numbers and conditions, in call order */
  params: readonly (ArgType & { name: string })[];
  /** per parameter: +1 rising, -1 falling with it; 0 for a condition (split by cases) */
  dirs: readonly (1 | -1 | 0)[];
  returns: ReturnType;
  doc: string;
  example: string;
  /** the equation at one point (conditions as 1 / 0) */
  f(x: readonly number[]): number;
}

/** A registry spec whose kernel evaluates `def.f` at the two extreme corners per row. */
export function monotoneSpec(def: MonotoneDef): FunctionSpec {
  const k = def.params.length;
  const low = new Array<number>(k).fill(0);
  const high = new Array<number>(k).fill(0);
  const flags = def.dirs.flatMap((d, j) => (d === 0 ? [j] : []));
  if (flags.length > 1) throw new Error(`${def.name}: at most one condition input`);
  const flag = flags[0] ?? -1;
  return {
    name: def.name,
    params: def.params,
    returns: def.returns,
    doc: def.doc,
    example: def.example,
    kernel(args, n, out) {
      const o = out as NumVec;
      rows: for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) {
          const d = def.dirs[j]!;
          if (d === 0) continue;
          const v = args[j] as NumVec;
          const lo = v.lo[i]!;
          const hi = v.hi[i]!;
          if (lo !== lo || !(hi >= 0)) {
            o.lo[i] = o.hi[i] = NaN;
            continue rows;
          }
          const l = lo > 0 ? lo : 0;
          low[j] = d > 0 ? l : hi;
          high[j] = d > 0 ? hi : l;
        }
        let a: number;
        let b: number;
        if (flag < 0) {
          a = def.f(low);
          b = def.f(high);
        } else {
          const t = (args[flag] as BoolVec)[i]!;
          if (t === TRUE || t === FALSE) {
            low[flag] = high[flag] = t === TRUE ? 1 : 0;
            a = def.f(low);
            b = def.f(high);
          } else {
            low[flag] = high[flag] = 1;
            const a1 = def.f(low);
            const b1 = def.f(high);
            low[flag] = high[flag] = 0;
            a = Math.min(a1, def.f(low));
            b = Math.max(b1, def.f(high));
          }
        }
        // a corner may fall on 0 * ∞ (creatinine censored to 0): unknown rather than wrong
        o.lo[i] = a === a ? a : -Infinity;
        o.hi[i] = b === b ? b : Infinity;
      }
    },
  };
}
