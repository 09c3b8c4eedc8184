/**
 * Evaluation into given verdict arrays (node-eval.ts and its worker threads): the same verdicts
 * as `evaluateProtocol`, written where the caller says (a shared buffer that every thread
 * writes its chunks into), with no allocation per chunk; and, optionally, a chunk's verdicts
 * packed into the FAIL / UNDECIDED bitsets a ResultSet is built from (`packInto`), by the
 * thread that wrote them.
 */
import { BATCH_SIZE, truthToVerdict, type CompiledProtocol } from "../engine/compile-protocol.ts";
import type { Binding } from "../engine/lang/binding.ts";
import type { Table } from "../engine/types.ts";
import { wordCount } from "../engine/results/bitset.ts";
import { packVerdicts } from "../engine/results/kernels.ts";

/** Where a worker writes a chunk's verdicts: criterion j's row r at `buffer[j * n + at + r]`. */
export interface VerdictTarget {
  buffer: SharedArrayBuffer;
  n: number;
  at: number;
  /** and packs them into these bitsets (`bitsetArrays`; `at` a multiple of 32) */
  bits?: SharedArrayBuffer;
}

/** The verdict arrays of `k` criteria over `n` rows, as views of one shared buffer. */
export function verdictArrays(buffer: SharedArrayBuffer, k: number, n: number): Uint8Array[] {
  return Array.from({ length: k }, (_, j) => new Uint8Array(buffer, j * n, n));
}

/**
 * `evaluateProtocol(cp, table, start, end).verdicts`, written into `verdicts[j]` from index
 * `at` instead of new arrays (same batch-major order, same codes): no per-chunk allocation.
 */
export function evaluateInto(
  cp: CompiledProtocol,
  table: Table,
  start: number,
  end: number,
  verdicts: readonly Uint8Array[],
  at: number,
): void {
  const n = Math.max(0, end - start);
  const k = cp.criteria.length;
  const bindings = new Set<Binding>();
  let truth: Uint8Array | null = null;
  cp.criteria.forEach((c, j) => {
    if (c.batch) bindings.add(c.batch.binding);
    else {
      truth ??= new Uint8Array(n);
      c.evaluate(table, start, end, truth);
      truthToVerdict(c.kind, c.siteAssessed, truth, verdicts[j]!.subarray(at, at + n));
    }
  });
  for (const b of bindings) b.bind(table);
  for (let s = start; s < end; s += BATCH_SIZE) {
    const m = Math.min(BATCH_SIZE, end - s);
    const o = at + s - start;
    for (let j = 0; j < k; j++) {
      const c = cp.criteria[j]!;
      if (c.batch)
        truthToVerdict(
          c.kind,
          c.siteAssessed,
          c.batch.run(s, m).subarray(0, m),
          verdicts[j]!.subarray(o, o + m),
        );
    }
  }
}

/**
 * The FAIL and UNDECIDED bitsets of `k` criteria over `n` rows as views of one shared buffer of
 * `bitsetBytes(k, n)` bytes.
 */
export function bitsetArrays(
  buffer: SharedArrayBuffer,
  k: number,
  n: number,
): { fail: Uint32Array[]; und: Uint32Array[] } {
  const w = wordCount(n);
  const at = (x: number) => new Uint32Array(buffer, x * w * 4, w);
  return {
    fail: Array.from({ length: k }, (_, j) => at(2 * j)),
    und: Array.from({ length: k }, (_, j) => at(2 * j + 1)),
  };
}

export const bitsetBytes = (k: number, n: number): number => 2 * k * wordCount(n) * 4;

/**
 * Packs rows [start, end) of every criterion's verdicts into its bitsets (`start` a multiple of
 * 32: a chunk owns its words, the last chunk's partial word included). Returns each criterion's
 * SITE count over those rows; throws on a code that is no verdict.
 */
export function packInto(
  verdicts: readonly Uint8Array[],
  bits: { fail: Uint32Array[]; und: Uint32Array[] },
  start: number,
  end: number,
  ids: readonly string[],
): number[] {
  if ((start & 31) !== 0) throw new RangeError(`packed chunks start on a word: ${start}`);
  const w = start >>> 5;
  return verdicts.map((v, j) => {
    const { site, bad } = packVerdicts(
      v.subarray(start, end),
      bits.fail[j]!.subarray(w),
      bits.und[j]!.subarray(w),
    );
    if (bad >= 0)
      throw new RangeError(
        `invalid verdict code ${v[start + bad]} at row ${start + bad} of ${ids[j]}`,
      );
    return site;
  });
}
