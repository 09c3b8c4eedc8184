/**
 * How an evaluation is cut into jobs: each worker's rows in chunks of `step` rows, so that
 * progress is reported as the rows are done rather than once at the end.
 */
import type { Slot } from "./supervisor.ts";

/**
 * Runs `chunk(slot, x, y)` for the rows [x, y) of [lo, hi) each slot holds, `step` rows at a
 * time (slots in parallel, a slot's chunks in order), reporting rows done after each.
 */
export async function forChunks(
  parts: Slot[],
  lo: number,
  hi: number,
  step: number,
  onProgress: ((rows: number) => void) | undefined,
  chunk: (s: Slot, x: number, y: number) => Promise<void>,
): Promise<void> {
  let done = 0;
  await Promise.all(
    parts.map(async (s) => {
      const b = Math.min(hi, s.end);
      // a worker's first chunk runs cold code (not optimised yet): a quarter of a step, so
      // its first report comes about as soon as the later ones (1M rows in Chromium: 169 ms
      // before the first report of 65,536 rows, the longest silence of the load)
      let size = Number.isFinite(step) ? Math.max(1, Math.ceil(step / 4)) : step;
      for (let x = Math.max(lo, s.start); x < b; size = step) {
        const y = Math.min(b, x + size);
        await chunk(s, x, y);
        done += y - x;
        onProgress?.(done);
        x = y;
      }
    }),
  );
}
