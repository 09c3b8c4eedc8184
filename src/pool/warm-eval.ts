/**
 * Warms an evaluation worker's code while the app waits for a file: the protocol is compiled
 * and evaluated over a small synthetic mapped table (every variable of its type, some values
 * missing, some censored), the verdicts packed and a ResultSet built, as a load does; then all
 * of it is dropped. In Chromium each worker's first chunk of a load ran cold: the first 164K
 * rows of the seed extract took ~0.17 s, the other 836K ~0.18 s.
 *
 * Unlike a read, evaluation sees the same kinds of arrays whatever the file: a mapped table's
 * columns follow the protocol's variable types (Float64 intervals, Float32 days, truth codes,
 * narrow category codes), so the type feedback gathered here fits the real load.
 *
 * @example
 * await new EvalService().warm(protocol); // eval-service.ts: once, before the worker's first load
 */
import type { Protocol, ProtocolVariable } from "../engine/protocol/types.ts";
import { FALSE, TRUE, UNKNOWN, type Column, type Table } from "../engine/types.ts";
import { codeBytes, newCodes } from "../engine/codes.ts";
import { Rng } from "../synth/prng.ts";
import { userRecord } from "../engine/user-keys.ts";

/**
 * rows of the warm-up table, and how many times it is evaluated. 32,768 x 3 and 16,384 x 2 did
 * no better (seed extract in Chromium) and kept more memory (the renderers at rest: 464-478 MB
 * with 16,384 x 2 and a 20,000-row reading warm-up, 439-445 with 8,192 x 2 and 10,000 rows,
 * 388-391 without warm-ups: the workers' heaps and code after the run).
 */
export const WARM_ROWS = 8192;
export const WARM_ROUNDS = 2;

/** A mapped table of `rows` rows with a column per variable of `protocol` (deterministic). */
export function warmTable(protocol: Protocol, rows: number, seed = 7): Table {
  const rng = new Rng(seed);
  const columns = userRecord<Column>();
  for (const v of protocol.variables) columns[v.name] = warmColumn(v, rows, rng);
  return { nRows: rows, columns };
}

function warmColumn(v: ProtocolVariable, n: number, rng: Rng): Column {
  switch (v.type) {
    case "number": {
      const [a, b] = v.plausible ?? [0, 100];
      const lo = new Float64Array(n);
      const hi = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = rng.chance(0.1) ? NaN : rng.uniform(a, b);
        // a few censored values (`<=x`: [-Infinity, x]), as lab columns have
        lo[i] = x === x && rng.chance(0.02) ? -Infinity : x;
        hi[i] = x;
      }
      return { kind: "number", lo, hi, unit: v.unit ?? "1" };
    }
    case "date": {
      const days = new Float32Array(n);
      // 1940-2025
      for (let i = 0; i < n; i++) days[i] = rng.chance(0.1) ? NaN : rng.int(-10957, 20089);
      return { kind: "date", days };
    }
    case "boolean": {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++)
        values[i] = rng.chance(0.1) ? UNKNOWN : rng.chance(0.3) ? TRUE : FALSE;
      return { kind: "boolean", values };
    }
    default: {
      const dict = v.values?.length ? [...v.values] : ["a", "b", "c"];
      const codes = newCodes(codeBytes(dict.length), n);
      for (let i = 0; i < n; i++) codes[i] = rng.chance(0.1) ? -1 : rng.int(0, dict.length - 1);
      return { kind: "category", codes, dict };
    }
  }
}
