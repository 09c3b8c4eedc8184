/**
 * Category kernels. Membership (`x = 'III'`, `x in (...)`) is decided once per dictionary
 * entry into a truth table indexed by code + 1, then looked up per row.
 * A value outside the variable's declared values reads as unknown, not as "no".
 */
import { FALSE, TRUE, UNKNOWN, type CatVec } from "../types.ts";
import type { Compiler } from "./compile.ts";
import type { IR, IROf } from "./ir.ts";

export type CatEv = (start: number, n: number) => CatVec;

/** Truth per code (index code + 1; index 0 = missing) of a membership test over one dictionary. */
export function membershipTable(ir: IROf<"catIn">, dict: readonly string[]): Uint8Array {
  const t = new Uint8Array(dict.length + 1);
  t[0] = UNKNOWN;
  const yes = ir.negated ? FALSE : TRUE;
  const no = ir.negated ? TRUE : FALSE;
  for (let j = 0; j < dict.length; j++) {
    const v = dict[j]!.trim().toLowerCase();
    t[j + 1] = ir.values.includes(v) ? yes : !ir.known || ir.known.includes(v) ? no : UNKNOWN;
  }
  return t;
}

/** Compiles category-valued nodes, and the membership/equality tests over them. */
export function compileCat(c: Compiler, ir: IR): CatEv {
  const size = c.b.size;
  switch (ir.kind) {
    case "catVar": {
      const name = ir.name;
      return c.leaf(`cat:${name}`, () => {
        // the column's codes (Int8, Int16 or Int32) read into an Int32 batch: one kind for kernels
        const slot = c.b.cat(name);
        const out = new Int32Array(size);
        const vec: { codes: Int32Array; dict: readonly string[] } = { codes: out, dict: slot.dict };
        return (start: number, n: number) => {
          vec.dict = slot.dict;
          const codes = slot.codes;
          if (slot.missing) vec.codes = c.b.missing.noCode;
          else if (codes instanceof Int32Array) vec.codes = codes.subarray(start, start + n);
          else {
            out.set(codes.subarray(start, start + n));
            vec.codes = out;
          }
          return vec;
        };
      });
    }
    case "ref":
      return c.cat(ir.operand);
    case "catIn": {
      const x = c.cat(ir.operand);
      const out = new Uint8Array(size);
      let dict: readonly string[] | null = null;
      let table: Uint8Array = new Uint8Array(1);
      return ((start: number, n: number) => {
        const v = x(start, n);
        if (v.dict !== dict) {
          dict = v.dict;
          table = membershipTable(ir, dict);
        }
        // locals, not the captured (reassigned) variable: keeps the loop tight
        const codes = v.codes;
        const tb = table;
        for (let i = 0; i < n; i++) out[i] = tb[codes[i]! + 1]!;
        return out;
      }) as unknown as CatEv;
    }
    case "catEq": {
      const l = c.cat(ir.left);
      const r = c.cat(ir.right);
      const out = new Uint8Array(size);
      const lower = new WeakMap<readonly string[], string[]>();
      const low = (d: readonly string[]) => {
        let x = lower.get(d);
        if (!x) lower.set(d, (x = d.map((s) => s.trim().toLowerCase())));
        return x;
      };
      const eq = ir.negated ? FALSE : TRUE;
      const ne = ir.negated ? TRUE : FALSE;
      return ((start: number, n: number) => {
        const a = l(start, n);
        const b = r(start, n);
        const da = low(a.dict);
        const db = low(b.dict);
        for (let i = 0; i < n; i++) {
          const x = a.codes[i]!;
          const y = b.codes[i]!;
          out[i] = x < 0 || y < 0 ? UNKNOWN : da[x] === db[y] ? eq : ne;
        }
        return out;
      }) as unknown as CatEv;
    }
    case "coalesce":
      return coalesceCat(c, ir.args);
    default:
      throw new Error(`not a category node: ${ir.kind}`);
  }
}

/** First non-missing category, re-coded into a merged dictionary (rebuilt when inputs change). */
function coalesceCat(c: Compiler, argIrs: IR[]): CatEv {
  const args = argIrs.map((a) => c.cat(a));
  const codes = new Int32Array(c.b.size);
  const vec: { codes: Int32Array; dict: readonly string[] } = { codes, dict: [] };
  let dicts: (readonly string[])[] = [];
  let remap: Int32Array[] = [];
  return (start, n) => {
    const vs = args.map((a) => a(start, n));
    if (vs.some((v, j) => v.dict !== dicts[j])) {
      const merged: string[] = [];
      const index = new Map<string, number>();
      dicts = vs.map((v) => v.dict);
      remap = dicts.map((d) =>
        Int32Array.from(d, (s) => {
          let k = index.get(s);
          if (k === undefined) index.set(s, (k = merged.push(s) - 1));
          return k;
        }),
      );
      vec.dict = merged;
    }
    codes.fill(-1, 0, n);
    vs.forEach((v, j) => {
      const m = remap[j]!;
      for (let i = 0; i < n; i++) if (codes[i]! < 0 && v.codes[i]! >= 0) codes[i] = m[v.codes[i]!]!;
    });
    return vec;
  };
}
