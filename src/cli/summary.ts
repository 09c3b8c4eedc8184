import type { ResultSet } from "../engine/results/index.ts";
import type { Protocol } from "../engine/protocol/types.ts";

const pct = (n: number, total: number) =>
  total === 0 ? "-" : `${((100 * n) / total).toFixed(1)}%`;
const num = (n: number) => n.toLocaleString("en-US");

/** The attrition and per-criterion tables printed after a screen. */
export function formatSummary(protocol: Protocol, results: ResultSet, rows: number): string {
  const c = results.counts();
  const lines: string[] = [];
  lines.push(`${protocol.title} (${protocol.id} v${protocol.version}): ${num(rows)} patients`);
  lines.push(
    `  eligible ${num(c.eligible)} (${pct(c.eligible, c.total)})   needs review ${num(c.needsReview)} (${pct(c.needsReview, c.total)})   ineligible ${num(c.ineligible)} (${pct(c.ineligible, c.total)})`,
  );
  lines.push(`  eligible range ${num(c.eligibleRange[0])} .. ${num(c.eligibleRange[1])}`);
  lines.push("");
  lines.push("Attrition in protocol order (remaining: unknown counted as fail .. as pass)");
  const att = results.attrition();
  lines.push(`  ${"start".padEnd(8)} ${"".padEnd(34)} ${num(att.start).padStart(19)}`);
  for (const s of att.steps) {
    const range =
      s.remainingLow === s.remainingHigh
        ? num(s.remainingLow)
        : `${num(s.remainingLow)} .. ${num(s.remainingHigh)}`;
    lines.push(`  ${s.id.padEnd(8)} ${s.label.slice(0, 34).padEnd(34)} ${range.padStart(19)}`);
  }
  lines.push("");
  lines.push("Per criterion");
  lines.push(
    `  ${"id".padEnd(8)} ${"label".padEnd(34)} ${"failing".padStart(9)} ${"unknown".padStart(9)} ${"alone".padStart(9)} ${"site".padStart(9)}`,
  );
  for (const s of results.perCriterion()) {
    lines.push(
      `  ${s.id.padEnd(8)} ${s.label.slice(0, 34).padEnd(34)} ${num(s.failing).padStart(9)} ${num(s.unknown).padStart(9)} ${num(s.failingAlone).padStart(9)} ${num(s.site).padStart(9)}`,
    );
  }
  return lines.join("\n");
}

/** Per-cohort figures for `--summary`: exact counts, for the site's own use (not for sharing). */
export function summaryJson(
  protocol: Protocol,
  params: Record<string, number | string | boolean>,
  results: ResultSet,
  source: { data: string; rows: number; file?: unknown },
) {
  return {
    schema: "cohort-prescreener/summary",
    version: 1,
    protocol: { id: protocol.id, title: protocol.title, version: protocol.version },
    parameters: params,
    source,
    counts: results.counts(),
    attrition: results.attrition(),
    perCriterion: results.perCriterion(),
    combinations: results.combinations(15),
  };
}
