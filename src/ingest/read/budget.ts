/**
 * Memory check before a load starts: the typed columns need roughly the file's size again
 * (plus growth), so a file that cannot fit is refused with a message instead of crashing the tab.
 */
import type { Problem } from "../../engine/protocol/types.ts";

/** Default budget: 2 GiB (a 64-bit browser tab's practical limit for one load). */
export const DEFAULT_BUDGET = 2 * 1024 ** 3;
/** Peak memory of a load, as a multiple of the file size (measured in bench/ingest.bench.ts). */
export const PEAK_FACTOR = 1.5;

const mb = (n: number): string => `${Math.round(n / 1024 ** 2)} MB`;

/** A problem when a file of `bytes` would need more than `budget`, else null. */
export function memoryProblem(
  bytes: number,
  budget = DEFAULT_BUDGET,
  where = "file",
): Problem | null {
  const need = bytes * PEAK_FACTOR;
  if (need <= budget) return null;
  return {
    where,
    message: `the file is ${mb(bytes)}; loading it needs about ${mb(need)} of memory, more than is available here (${mb(budget)}): split the extract (fewer rows or columns) or use the command line`,
    severity: "error",
  };
}
