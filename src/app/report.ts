/**
 * Glue between the engine's aggregate report (suppressed counts) and the chart props.
 */
import type { Count as ReportCount } from "../engine/report/index.ts";
import type { Count as ChartCount } from "../ui/charts/types.ts";

/** A report count as a chart count: suppressed cells print their marker and draw at 0. */
export function chartCount(c: ReportCount): ChartCount {
  return typeof c === "number" ? c : { suppressed: true, display: c.display };
}

/** A report count as text. */
export function countText(c: ReportCount, format: (n: number) => string): string {
  return typeof c === "number" ? format(c) : c.display;
}
