import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BILAG_CRITERION } from "../../../src/engine/functions/bilag2004.ts";
import {
  EULAR2019_ITEMS,
  EULAR_SCORE_SPEC,
  EULAR_SPEC,
} from "../../../src/engine/functions/eular2019.ts";
import { SLEDAI2K, SLEDAI2K_ITEMS } from "../../../src/engine/functions/sledai2k.ts";
import type { FunctionSpec } from "../../../src/engine/functions/types.ts";
import { FALSE, TRUE, UNKNOWN } from "../../../src/engine/types.ts";

/**
 * Reference semantics: a three-valued result is what every completion of the unknown inputs
 * agrees on. Rows get at most 7 unknowns so the completions can be enumerated.
 */
function completions(row: number[]): number[][] {
  const unk = row.map((v, i) => (v === UNKNOWN ? i : -1)).filter((i) => i >= 0);
  const out: number[][] = [];
  for (let m = 0; m < 1 << unk.length; m++) {
    const r = row.slice();
    unk.forEach((i, b) => (r[i] = (m >> b) & 1 ? TRUE : FALSE));
    out.push(r);
  }
  return out;
}
const truthRow = (len: number) =>
  fc
    .array(fc.constantFrom(FALSE, TRUE, TRUE, UNKNOWN), { minLength: len, maxLength: len })
    .filter((r) => r.filter((v) => v === UNKNOWN).length <= 7);

function columns(rows: number[][]): Uint8Array[] {
  return rows[0]!.map((_, k) => Uint8Array.from(rows.map((r) => r[k]!)));
}
function runBool(spec: FunctionSpec, rows: number[][]): number[] {
  const out = new Uint8Array(rows.length);
  spec.kernel(columns(rows), rows.length, out);
  return [...out];
}
function runNum(spec: FunctionSpec, rows: number[][]): [number, number][] {
  const out = { lo: new Float64Array(rows.length), hi: new Float64Array(rows.length) };
  spec.kernel(columns(rows), rows.length, out);
  return rows.map((_, i) => [out.lo[i]!, out.hi[i]!]);
}

/** straightforward EULAR/ACR classification of a fully known row */
function eularRef(r: number[]): { score: number; classified: boolean } {
  const best = new Map<number, number>();
  let clinical = false;
  EULAR2019_ITEMS.forEach(([, d, w], k) => {
    if (r[k + 1] !== TRUE) return;
    if (d < 7) clinical = true;
    if (d === 8) return;
    best.set(d, Math.max(best.get(d) ?? 0, w));
  });
  const c3 = r[1 + EULAR2019_ITEMS.findIndex(([n]) => n === "low_c3")] === TRUE;
  const c4 = r[1 + EULAR2019_ITEMS.findIndex(([n]) => n === "low_c4")] === TRUE;
  const score = [...best.values()].reduce((a, b) => a + b, 0) + (c3 && c4 ? 4 : c3 || c4 ? 3 : 0);
  return { score, classified: r[0] === TRUE && score >= 10 && clinical };
}

describe("three-valued clinical kernels agree with enumerating the unknowns", () => {
  it("eular_acr_2019 and its score", () => {
    fc.assert(
      fc.property(
        fc.array(truthRow(EULAR2019_ITEMS.length + 1), { minLength: 1, maxLength: 40 }),
        (rows) => {
          const got = runBool(EULAR_SPEC, rows);
          const score = runNum(EULAR_SCORE_SPEC, rows);
          rows.forEach((row, i) => {
            const all = completions(row).map(eularRef);
            const yes = all.filter((x) => x.classified).length;
            expect(got[i]).toBe(yes === all.length ? TRUE : yes === 0 ? FALSE : UNKNOWN);
            const s = all.map((x) => x.score);
            expect(score[i]).toEqual([Math.min(...s), Math.max(...s)]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("sledai2k", () => {
    fc.assert(
      fc.property(fc.array(truthRow(24), { minLength: 1, maxLength: 20 }), (rows) => {
        const got = runNum(SLEDAI2K, rows);
        rows.forEach((row, i) => {
          const totals = completions(row).map((r) =>
            SLEDAI2K_ITEMS.reduce((a, [, w], k) => a + (r[k] === TRUE ? w : 0), 0),
          );
          expect(got[i]).toEqual([Math.min(...totals), Math.max(...totals)]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("bilag_criterion", () => {
    const grade = fc.constantFrom("A", "B", "B", "C", "D", "E", "E", null);
    fc.assert(
      fc.property(
        fc.array(
          fc
            .array(grade, { minLength: 9, maxLength: 9 })
            .filter((g) => g.filter((x) => x === null).length <= 4),
          { minLength: 1, maxLength: 30 },
        ),
        (rows) => {
          const dict = ["A", "B", "C", "D", "E"];
          const cols = rows[0]!.map((_, k) => ({
            codes: Int32Array.from(rows.map((r) => (r[k] === null ? -1 : dict.indexOf(r[k]!)))),
            dict,
          }));
          const out = new Uint8Array(rows.length);
          BILAG_CRITERION.kernel(cols, rows.length, out);
          rows.forEach((row, i) => {
            const meets = (g: string[]) =>
              g.filter((x) => x === "A").length >= 1 || g.filter((x) => x === "B").length >= 2;
            const fills = row.reduce<string[][]>(
              (acc, g) =>
                acc.flatMap((p) => (g === null ? dict.map((d) => [...p, d]) : [[...p, g]])),
              [[]],
            );
            const yes = fills.filter(meets).length;
            expect(out[i]).toBe(yes === fills.length ? TRUE : yes === 0 ? FALSE : UNKNOWN);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
