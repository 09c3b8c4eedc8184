/**
 * The small-cell threshold: counts 1..threshold-1 are never published. The default is 11 (the
 * usual rule for health statistics); below 5 a published count could single out a patient in
 * practice, so lower values are refused, as is anything that is not a whole number.
 */
export const DEFAULT_THRESHOLD = 11;
export const MIN_THRESHOLD = 5;
export const MAX_THRESHOLD = 1000;

/** The threshold as a whole number, or the reason it is refused (nothing is guessed). */
export function checkThreshold(
  value: unknown,
): { threshold: number; error?: undefined } | { threshold?: undefined; error: string } {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n))
    return { error: `threshold must be a whole number (got ${JSON.stringify(value)})` };
  if (!Number.isInteger(n)) return { error: `threshold must be a whole number (got ${n})` };
  if (n < MIN_THRESHOLD)
    return {
      error: `threshold ${n} is below the floor of ${MIN_THRESHOLD}: counts under ${MIN_THRESHOLD} can single out patients`,
    };
  if (n > MAX_THRESHOLD) return { error: `threshold ${n} is above ${MAX_THRESHOLD}` };
  return { threshold: n };
}
