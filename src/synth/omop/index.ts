/**
 * `prescreen synth --format omop`: the flat synthetic extract of the same rows and seed, read and
 * mapped as the command line would, then written as OMOP CDM tables through the seed protocol's
 * OMOP profile (writer.ts).
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseIsoDate } from "../../engine/calendar.ts";
import { omopProfileOf } from "../../protocols/omop-profiles.ts";
import { DEFAULT_SCREENING_DATE } from "../generate.ts";
import { synthTable } from "../table.ts";
import { conceptLines } from "./vocab.ts";
import { omopTables } from "./writer.ts";

export interface SynthOmopResult {
  files: string[];
  rows: Record<string, number>;
}

export function writeSynthOmop(opts: { rows: number; seed: number; out: string }): SynthOmopResult {
  const { table, protocol } = synthTable({ rows: opts.rows, seed: opts.seed });
  const profile = omopProfileOf(protocol);
  if (!profile) throw new Error(`protocol ${protocol.id} has no OMOP profile`);
  const omop = omopTables(protocol, profile, table, parseIsoDate(DEFAULT_SCREENING_DATE));
  mkdirSync(opts.out, { recursive: true });
  const files: string[] = [];
  const rows: Record<string, number> = {};
  const write = (t: string, lines: string[]) => {
    const path = join(opts.out, `${t.toUpperCase()}.csv`);
    // in blocks: a table of millions of rows is longer than the longest string V8 can make
    const fd = openSync(path, "w");
    try {
      for (let k = 0; k < lines.length; k += 100_000)
        writeSync(fd, lines.slice(k, k + 100_000).join("\n") + "\n");
    } finally {
      closeSync(fd);
    }
    files.push(path);
    rows[t] = lines.length - 1;
  };
  for (const [t, lines] of omop.lines) write(t, lines);
  write("concept", conceptLines(omop.concepts));
  return { files, rows };
}
