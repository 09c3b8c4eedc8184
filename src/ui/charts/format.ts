/** Numbers for people: grouped counts, short percentages, suppressed small cells. */
import type { Count } from "./types.ts";

/** Narrow no-break space (U+202F): the thin space of SI digit grouping that never wraps. */
export const THIN = "\u202f";

/** Default small-cell threshold: suppressed counts read "<11". */
export const SUPPRESS_BELOW = 11;

/**
 * Groups an integer's digits by thousands with a thin space.
 * @example formatInt(1234567) // "1 234 567" (thin spaces)
 */
export function formatInt(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const sign = n < 0 ? "−" : "";
  const digits = String(Math.round(Math.abs(n)));
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += THIN;
    out += digits[i];
  }
  return sign + out;
}

/** The number a count is drawn at: suppressed counts without a value draw as 0. */
export function countValue(c: Count): number {
  if (typeof c === "number") return Number.isFinite(c) && c > 0 ? c : 0;
  const v = c.value;
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
}

/** True when the count is a suppressed small cell. */
export function isSuppressed(c: Count): boolean {
  return typeof c !== "number" && c.suppressed === true;
}

/**
 * A count as text: `display` wins, then suppression ("<11"), then the grouped number.
 * @example formatCount({ suppressed: true }) // "<11"
 */
export function formatCount(c: Count, threshold = SUPPRESS_BELOW): string {
  if (typeof c === "number") return formatInt(c);
  if (c.display !== undefined) return c.display;
  if (c.suppressed) return `<${threshold}`;
  return c.value === undefined ? "–" : formatInt(c.value);
}

/**
 * A share as a percentage with as few digits as still tell values apart:
 * one decimal under 10 %, whole numbers above, "<0.1%" and ">99.9%" at the edges.
 * @example formatPercent(1, 3) // "33%"
 */
export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0) || !Number.isFinite(part)) return "–";
  const p = (100 * part) / whole;
  if (p === 0) return "0%";
  if (p === 100) return "100%";
  if (p > 0 && p < 0.1) return "<0.1%";
  if (p > 99.9 && p < 100) return ">99.9%";
  if (p < 10 || p > 90) {
    const s = p.toFixed(1);
    return (s.endsWith(".0") ? s.slice(0, -2) : s) + "%";
  }
  return `${Math.round(p)}%`;
}

/** The percentage text of a count, or "" when the count is suppressed or overridden. */
export function formatShare(c: Count, whole: number): string {
  // NaN: the whole is not published, so no share of it is either
  if (Number.isNaN(whole)) return "";
  if (typeof c !== "number" && (c.suppressed || c.display !== undefined)) return "";
  return formatPercent(countValue(c), whole);
}

/** An axis tick: grouped integers, otherwise the shortest decimal text. */
export function formatTick(v: number): string {
  if (Number.isInteger(v)) return formatInt(v);
  const s = String(Number(v.toPrecision(12)));
  return v < 0 ? "−" + s.slice(1) : s;
}

/**
 * A change from a baseline: "+7", "−3" (minus sign), "±0".
 * @example formatDelta(-1234) // "−1 234"
 */
export function formatDelta(d: number): string {
  if (d === 0) return "±0";
  return d > 0 ? `+${formatInt(d)}` : formatInt(d);
}

/** A change of a range's two ends: "+7" when they agree, else "+7 – +33". */
export function formatDeltaRange(dLow: number, dHigh: number): string {
  return dLow === dHigh ? formatDelta(dLow) : `${formatDelta(dLow)} – ${formatDelta(dHigh)}`;
}

/** A percentage range of one decimal: "12.5%" or "10.1–25%". */
export function formatPctRange(r: readonly [number, number] | null): string {
  if (!r) return "";
  const one = (x: number) => String(Number(x.toFixed(1)));
  return r[0] === r[1] ? `${one(r[0])}%` : `${one(r[0])}–${one(r[1])}%`;
}
