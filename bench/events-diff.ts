/**
 * The differential at scale (`EVENTS_BENCH_DIFF=N npm run bench -- events`): N synthetic
 * patients screened flat and as OMOP CDM tables written from the same patients, every verdict
 * compared. The OMOP tables of N patients do not fit in memory at a million, so the patients
 * are taken in blocks: each block's rows of the flat table are written as OMOP (the generator
 * gives any table a history whose state at the screening date is that table's), read, derived
 * and screened, and compared with the flat verdicts of those patients.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseIsoDate } from "../src/engine/calendar.ts";
import { compileProtocol, evaluateProtocol } from "../src/engine/compile-protocol.ts";
import type { Column, Table } from "../src/engine/types.ts";
import { deriveTable, tablesNeeded } from "../src/events/derive.ts";
import { readOmopFolder } from "../src/events/node.ts";
import { omopProfileOf } from "../src/protocols/omop-profiles.ts";
import { DEFAULT_SCREENING_DATE } from "../src/synth/generate.ts";
import { conceptLines } from "../src/synth/omop/vocab.ts";
import { omopTables } from "../src/synth/omop/writer.ts";
import { synthTable } from "../src/synth/table.ts";

function slice(c: Column, a: number, b: number): Column {
  switch (c.kind) {
    case "number":
      return { ...c, lo: c.lo.subarray(a, b), hi: c.hi.subarray(a, b) };
    case "date":
      return { ...c, days: c.days.subarray(a, b) };
    case "boolean":
      return { ...c, values: c.values.subarray(a, b) };
    case "category":
      return { ...c, codes: c.codes.subarray(a, b) };
  }
}

export async function differential(
  rows: number,
  seed: number,
  block = 50_000,
): Promise<{ patients: number; differing: number; firstDifference: string }> {
  const { table, protocol } = synthTable({ rows, seed });
  const profile = omopProfileOf(protocol)!;
  const { compiled } = compileProtocol(protocol);
  const flat = evaluateProtocol(compiled!, table).verdicts;
  const dir = `/tmp/events-diff-${rows}-${seed}`;
  let differing = 0;
  let firstDifference = "";
  for (let a = 0; a < rows; a += block) {
    const b = Math.min(rows, a + block);
    const part: Table = { nRows: b - a, columns: {} };
    for (const [k, c] of Object.entries(table.columns)) part.columns[k] = slice(c, a, b);
    const omop = omopTables(protocol, profile, part, parseIsoDate(DEFAULT_SCREENING_DATE));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [t, lines] of omop.lines)
      writeFileSync(join(dir, `${t.toUpperCase()}.csv`), lines.join("\n") + "\n");
    writeFileSync(join(dir, "CONCEPT.csv"), conceptLines(omop.concepts).join("\n") + "\n");
    const { data } = await readOmopFolder(dir, tablesNeeded(profile));
    const derived = deriveTable(protocol, profile, data);
    const got = evaluateProtocol(compiled!, derived.table).verdicts;
    for (let r = 0; r < b - a; r++) {
      const k = protocol.criteria.findIndex((_, j) => flat[j]![a + r] !== got[j]![r]);
      if (k < 0) continue;
      differing++;
      firstDifference ||= `patient ${a + r + 1}, criterion ${protocol.criteria[k]!.id}`;
    }
    process.stderr.write(`differential: ${b} of ${rows} patients, ${differing} differ\n`);
  }
  rmSync(dir, { recursive: true, force: true });
  return { patients: rows, differing, firstDifference };
}
