import type { DeriveResult } from "../events/derive.ts";

const num = (n: number | undefined | null) =>
  n === undefined || n === null ? "-" : n.toLocaleString("en-US");

/** The OMOP extract's quality table printed before the screen's summary. */
export function formatQuality(d: DeriveResult): string {
  const q = d.quality;
  const lines = [
    `OMOP extract as of ${q.screeningDate}: ${num(q.persons)} persons, ${num(q.personsWithoutObservationPeriod)} without an observation period`,
    `  ${"table".padEnd(22)} ${"rows".padStart(10)} ${"unread".padStart(7)} ${"no person".padStart(9)} ${"outside obs".padStart(11)} ${"after date".padStart(10)} ${"future".padStart(7)} ${"unknown id".padStart(10)} ${"id 0".padStart(7)}`,
  ];
  for (const t of q.tables)
    lines.push(
      `  ${t.table.padEnd(22)} ${num(t.rows).padStart(10)} ${num(t.unreadable).padStart(7)} ${num(t.unknownPerson).padStart(9)} ${num(t.outsideObservation).padStart(11)} ${num(t.afterScreening).padStart(10)} ${num(t.inFuture).padStart(7)} ${num(t.unknownConcepts).padStart(10)} ${num(t.unmapped).padStart(7)}`,
    );
  const vague = d.variables.filter((v) => v.notUnderstood > 0);
  for (const v of vague)
    lines.push(
      `  ${v.name}: ${num(v.notUnderstood)} value(s) not understood, e.g. ${v.examples.join("; ")}`,
    );
  lines.push("");
  return lines.join("\n");
}
