/**
 * Node: reads the OMOP tables a profile needs from a folder (CSV, TSV or Parquet, names in any case),
 * each through the ingest reader (ingest/node.ts), keeping only the columns derivation reads.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Problem } from "../engine/protocol/types.ts";
import { parseCsvFile } from "../ingest/node/file.ts";
import { parseCsvFileParallel } from "../ingest/node/parallel.ts";
import type { ParseProgress, RawTable } from "../ingest/types.ts";
import { keepNeeded } from "./columns-needed.ts";
import type { OmopData } from "./derive.ts";
import { headerProblems, isParquetName, tableOfFileName, type OmopTable } from "./tables.ts";
import { columnsNeeded } from "./columns-needed.ts";
import { readParquetTable } from "./parquet.ts";
import { asyncBufferFromFile } from "hyparquet";
import { longFiles, longToOmop } from "./long.ts";
import type { LongSource } from "./profile.ts";

/** The recognised OMOP table files of a folder. */
export function omopFiles(dir: string): Partial<Record<OmopTable, string>> {
  const out: Partial<Record<OmopTable, string>> = {};
  for (const name of readdirSync(dir).sort()) {
    const t = tableOfFileName(name);
    if (t && !out[t] && statSync(join(dir, name)).isFile()) out[t] = join(dir, name);
  }
  return out;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function readOmopFolder(
  dir: string,
  need: readonly OmopTable[],
  opts: { onProgress?(table: OmopTable, p: ParseProgress): void; signal?: AbortSignal } = {},
): Promise<{ data: OmopData; problems: Problem[] }> {
  const files = omopFiles(dir);
  const data: OmopData = { tables: {}, files: {} };
  const problems: Problem[] = [];
  for (const t of need) {
    const path = files[t];
    if (!path) continue;
    const onProgress = opts.onProgress ? (p: ParseProgress) => opts.onProgress!(t, p) : undefined;
    let raw: RawTable;
    if (isParquetName(path)) {
      const r = await readParquetTable(await asyncBufferFromFile(path), columnsNeeded(t), {
        name: path,
        signal: opts.signal,
        onProgress,
      });
      problems.push(...r.problems);
      if (!r.table) continue;
      raw = r.table;
    } else {
      // the large event tables on every core (byte ranges), as `prescreen screen` reads a flat file
      raw = await parseCsvFileParallel(path, { signal: opts.signal, onProgress });
    }
    const bad = headerProblems(t, path, raw.header);
    problems.push(...raw.problems.map((p) => ({ ...p, where: p.where || path })), ...bad);
    if (bad.length > 0) continue;
    data.tables[t] = keepNeeded(t, raw);
    data.files[t] = path;
  }
  if (!files.person)
    problems.push({
      where: dir,
      message: `no PERSON table in ${dir} (expected a file such as person.csv, PERSON.csv or person.parquet; found ${Object.keys(files).join(", ") || "no OMOP tables"})`,
      severity: "error",
    });
  return { data, problems };
}

/** Node: the long tables a profile names, from a folder (file names compared in any case). */
export async function readLongFolder(
  dir: string,
  source: LongSource,
): Promise<{ data: OmopData; problems: Problem[] }> {
  const names = readdirSync(dir);
  const problems: Problem[] = [];
  const tables = new Map<string, RawTable>();
  for (const want of new Set(longFiles(source))) {
    const name = names.find((n) => n.toLowerCase() === want.toLowerCase());
    if (!name) {
      problems.push({
        where: dir,
        message: `no file ${want} (the profile's long tables name it; the folder has ${names.join(", ")})`,
        severity: "error",
      });
      continue;
    }
    const path = join(dir, name);
    const raw = await parseCsvFile(path);
    problems.push(...raw.problems.map((p) => ({ ...p, where: p.where || path })));
    tables.set(want, raw);
  }
  const r = longToOmop(source, tables);
  return { data: r.data, problems: [...problems, ...r.problems] };
}
