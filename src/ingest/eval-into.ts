/**
 * Evaluation into given verdict arrays (node-eval.ts and its worker threads): the same verdicts
 * as `evaluateProtocol`, written where the caller says (a shared buffer that every thread
 * writes its chunks into), with no allocation per chunk.
 */
import { BATCH_SIZE, truthToVerdict, type CompiledProtocol } from "../engine/compile-protocol";
import type { Binding } from "../engine/lang/binding";
import type { Table } from "../engine/types";

/** Where a worker writes a chunk's verdicts: criterion j's row r at `buffer[j * n + at + r]`. */
export interface VerdictTarget {
  buffer: SharedArrayBuffer;
  n: number;
  at: number;
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
