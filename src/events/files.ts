/**
 * Browser (and any runtime with `File`): reads the OMOP tables a profile needs from chosen or
 * dropped files (a folder's files, or several files), each streamed through the ingest reader,
 * with per-table progress and cancel. The page's loader can run it in the ingest worker.
 *
 * @example
 * const { data, problems } = await readOmopFiles(input.files, tablesNeeded(profile), {
 *   onProgress: (table, p) => show(table, p.bytes / p.totalBytes),
 *   signal: controller.signal,
 * });
 */
import type { Problem } from "../engine/protocol/types.ts";
import { parseCsvStream } from "../ingest/read/parse.ts";
import type { ParseProgress } from "../ingest/types.ts";
import { keepNeeded } from "./columns-needed.ts";
import type { OmopData } from "./derive.ts";
import { headerProblems, tableOfFileName, type OmopTable } from "./tables.ts";

export interface FileLike {
  name: string;
  size: number;
  /** path inside a chosen folder (`webkitRelativePath`), when there is one */
  webkitRelativePath?: string;
  stream(): ReadableStream<Uint8Array>;
}

/** The recognised OMOP tables among the files (the first file of each table wins, with a warning for the rest). */
export function omopFileMap(files: Iterable<FileLike>): {
  map: Map<OmopTable, FileLike>;
  problems: Problem[];
} {
  const map = new Map<OmopTable, FileLike>();
  const problems: Problem[] = [];
  for (const f of files) {
    const t = tableOfFileName(f.name);
    if (!t) continue;
    const have = map.get(t);
    if (have)
      problems.push({
        where: f.webkitRelativePath || f.name,
        message: `a second ${t.toUpperCase()} table (${have.name} is read; this one is not)`,
        severity: "warning",
      });
    else map.set(t, f);
  }
  return { map, problems };
}

export async function readOmopFiles(
  files: Iterable<FileLike>,
  need: readonly OmopTable[],
  opts: { onProgress?(table: OmopTable, p: ParseProgress): void; signal?: AbortSignal } = {},
): Promise<{ data: OmopData; problems: Problem[] }> {
  const { map, problems } = omopFileMap(files);
  const data: OmopData = { tables: {}, files: {} };
  for (const t of need) {
    const f = map.get(t);
    if (!f) continue;
    const raw = await parseCsvStream(f.stream(), {
      name: f.name,
      totalBytes: f.size,
      signal: opts.signal,
      onProgress: opts.onProgress ? (p) => opts.onProgress!(t, p) : undefined,
    });
    const bad = headerProblems(t, f.name, raw.header);
    problems.push(...raw.problems, ...bad);
    if (bad.length > 0) continue;
    data.tables[t] = keepNeeded(t, raw);
    data.files[t] = f.name;
  }
  if (!map.has("person"))
    problems.push({
      where: "files",
      message: `no PERSON table among the files (expected person.csv or PERSON.csv; recognised: ${[...map.keys()].join(", ") || "none"})`,
      severity: "error",
    });
  return { data, problems };
}
