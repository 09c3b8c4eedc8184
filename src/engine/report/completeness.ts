/**
 * How complete each mapped variable is, as a shared report may print it: a band of whole
 * percents at least `threshold` patients wide. A variable's missing count can equal a
 * criterion's unknown count (a criterion reading only that variable), so the band is a
 * published relation like any other: build-report.ts gives the audit its bounds on the missing
 * count, linked to every criterion whose unknown patients are exactly (or a subset, or a
 * superset of) the patients missing the variable. The bands include their ends (the top one
 * 100%, the bottom one 0%): "100%" apart from "≥ 99%" would prove a small missing count
 * non-zero.
 *
 * @example
 * shareBand(4990, 5000, 11); // { text: "≥ 99%", known: [4950, 5000] }
 * shareBand(150, 200, 11);   // { text: "72–78%", known: [144, 155] }
 */
export interface ShareBand {
  text: string;
  /** the patients with a value a reader can tell from `text`: [least, most] */
  known: [number, number];
}

export function shareBand(known: number, n: number, threshold: number): ShareBand {
  if (n === 0) return { text: "–", known: [0, 0] };
  const step = Math.max(1, Math.ceil((100 * threshold) / n));
  if (step >= 100) return { text: "0–100%", known: [0, n] };
  const pct = (100 * known) / n;
  // the top band is as wide as the others (it ends at 100%, not at the next multiple)
  const lo = Math.min(Math.floor(pct / step) * step, 100 - step);
  const hi = lo + step;
  const least = Math.ceil((lo * n) / 100);
  if (hi >= 100) return { text: `≥ ${lo}%`, known: [least, n] };
  // below hi%: at most the last whole count under it
  const most = Math.ceil((hi * n) / 100) - 1;
  return { text: lo === 0 ? `< ${hi}%` : `${lo}–${hi}%`, known: [least, most] };
}

/** One mapped variable for the report's audit: which rows miss it. */
export interface CompletenessInput {
  variable: string;
  /** 1 where the row has no value */
  missing: Uint8Array;
}
