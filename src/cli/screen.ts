import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { parseCsvFileParallel } from "../ingest/node/parallel.ts";
import { parseCsvStream } from "../ingest/read/parse.ts";
import { applyMapping, autoMap, type Mapping } from "../ingest/map/mapping.ts";
import type { QualityReport } from "../ingest/quality/quality.ts";
import type { DateOrder, ParseProgress, RawTable } from "../ingest/types.ts";
import { compileProtocol, evaluateProtocol } from "../engine/compile-protocol.ts";
import { MIN_PARALLEL_ROWS, NodeEvaluator } from "../pool/node-eval.ts";
import { ResultSet } from "../engine/results/index.ts";
import { STATUS_WORDS, VERDICT_WORDS, type Column, type Table } from "../engine/types.ts";
import { csvCell } from "../engine/csv-cell.ts";
import type { Protocol } from "../engine/protocol/types.ts";
import { flag, requireFlag, UsageError, type ParsedArgs } from "./args.ts";
import { InputError, loadMapping, loadProtocol, parseParams } from "./load.ts";
import { formatSummary, summaryJson } from "./summary.ts";
import { placeCli } from "../engine/problem-place.ts";
import { progressLine, type ProgressLine } from "./progress.ts";
import { own, userRecord } from "../engine/user-keys.ts";

export interface ScreenOutcome {
  protocol: Protocol;
  /** the file as read; its mapped columns' values were moved into the evaluated table */
  raw: RawTable;
  results: ResultSet;
  idColumn: string | undefined;
  /** the evaluated table: protocol variables by name */
  table: Table;
  overrides: ReturnType<typeof parseParams>;
}

/** Text of one cell of a raw column, as written back to CSV. */
export function cellText(col: Column, row: number): string {
  switch (col.kind) {
    case "category": {
      const c = col.codes[row]!;
      return c < 0 ? "" : col.dict[c]!;
    }
    case "number": {
      const lo = col.lo[row]!;
      const hi = col.hi[row]!;
      if (Number.isNaN(lo)) return "";
      if (lo === hi) return String(lo);
      return lo === -Infinity ? `<${hi}` : `>${lo}`;
    }
    case "date": {
      const d = col.days[row]!;
      return Number.isNaN(d) ? "" : new Date(d * 86400000).toISOString().slice(0, 10);
    }
    case "boolean":
      return ["false", "true", ""][col.values[row]!]!;
  }
}

const csvField = csvCell;

/** `prescreen screen`: read, map, evaluate, write per-patient verdicts and print the funnel. */
export async function screen(
  args: ParsedArgs,
  log: (s: string) => void,
  /** standard error: one line per mapped column with values not understood */
  warn: (s: string) => void = log,
): Promise<ScreenOutcome> {
  const dataPath = requireFlag(args, "data", "<extract.csv>");
  const protocol = loadProtocol(requireFlag(args, "protocol", "<file.json | builtin-id>"));
  const overrides = parseParams(protocol, args.flags.get("param") ?? []);
  const out = flag(args, "out");
  const headerRow = headerRowFlag(args);

  // progress on standard error: on a terminal, or asked for; never with --quiet
  const tty = process.stderr.isTTY === true;
  const progress =
    !args.flags.has("quiet") && (tty || args.flags.has("progress"))
      ? progressLine(process.stderr, tty)
      : null;
  // a mapping file is read first: its date orders are applied while the file is read
  const mappingPath = flag(args, "mapping");
  let mapping: Mapping | undefined;
  if (mappingPath) mapping = loadMapping(mappingPath);
  const dateOrder = userRecord<DateOrder>();
  for (const m of Object.values(mapping?.columns ?? {}))
    if (m.dateOrder) dateOrder[m.column] = m.dateOrder;
  try {
    // `--data -` reads standard input, so `prescreen synth ... | prescreen screen --data - ...`
    const onProgress = progress ? (p: ParseProgress) => progress.read(p) : undefined;
    // evaluation on every core for large extracts: the worker threads start loading once the
    // parallel read's parts are in, while this thread merges them and maps the columns (not
    // before: their heaps would add to the read's peak, their start-up slow it)
    NodeEvaluator.prepare();
    let evaluator: NodeEvaluator | null = null;
    const start = (): NodeEvaluator => new NodeEvaluator({ pack: true });
    const onPartsRead = (): void => void (evaluator ??= start());
    let raw: RawTable;
    try {
      raw =
        dataPath === "-"
          ? await parseCsvStream(process.stdin, { name: "stdin", onProgress, dateOrder, headerRow })
          : await parseCsvFileParallel(dataPath, {
              name: dataPath,
              onProgress,
              onPartsRead,
              dateOrder,
              headerRow,
            });
    } catch (e) {
      await (evaluator as NodeEvaluator | null)?.end();
      throw e;
    }
    const fatal = raw.problems.filter((p) => p.severity === "error");
    if (raw.nRows < MIN_PARALLEL_ROWS) {
      await (evaluator as NodeEvaluator | null)?.end();
      evaluator = null;
    }
    if (fatal.length > 0 && raw.nRows === 0)
      throw new InputError(`cannot screen ${dataPath}`, raw.problems);
    evaluator ??= raw.nRows >= MIN_PARALLEL_ROWS ? start() : null;
    try {
      return await screenTable(
        args,
        log,
        warn,
        mapping,
        protocol,
        overrides,
        raw,
        dataPath,
        out,
        evaluator,
        progress,
      );
    } finally {
      await evaluator?.end();
    }
  } finally {
    progress?.done();
  }
}

async function screenTable(
  args: ParsedArgs,
  log: (s: string) => void,
  warn: (s: string) => void,
  given: Mapping | undefined,
  protocol: Protocol,
  overrides: ReturnType<typeof parseParams>,
  raw: RawTable,
  dataPath: string,
  out: string | undefined,
  evaluator: NodeEvaluator | null,
  progress: ProgressLine | null,
): Promise<ScreenOutcome> {
  progress?.stage(`mapping ${raw.columns.length} columns`);
  const mapping = given ?? autoMap(protocol, raw).mapping;
  // the raw buffers move into the mapped table (no copy); only the id column is read afterwards
  const applied = applyMapping(protocol, raw, mapping, { reuse: true });
  const mapErrors = applied.problems.filter((p) => p.severity === "error");
  if (mapErrors.length > 0) throw new InputError(`the mapping does not fit ${dataPath}`, mapErrors);
  // every cell that held text and is missing after mapping: one line per column, before anything
  // is screened (with --strict they stop it)
  const notUnderstood = notUnderstoodLines(applied.quality);
  for (const line of notUnderstood) warn(line);
  if (args.flags.has("strict") && notUnderstood.length > 0)
    throw new InputError(
      `--strict: ${applied.quality.notUnderstood.values.toLocaleString("en-US")} value(s) in ${applied.quality.notUnderstood.columns} mapped column(s) of ${dataPath} were not understood`,
      applied.quality.columns
        .filter((q) => (q.notUnderstood?.count ?? 0) > 0)
        .map((q) => ({
          where: `${dataPath}: ${q.column}`,
          message: `${q.notUnderstood!.count} value(s) not understood as ${q.variable}; recode them in the mapping ("values") or fix the file`,
          severity: "error" as const,
        })),
    );

  const { compiled, problems } = compileProtocol(protocol, overrides);
  if (!compiled) throw new InputError(`protocol ${protocol.id} has errors`, problems);
  progress?.stage(
    `evaluating ${protocol.criteria.length} criteria on ${applied.table.nRows.toLocaleString("en-US")} rows`,
  );
  const { verdicts, packed } = evaluator
    ? await evaluator.evaluate(protocol, compiled, applied.table, overrides)
    : { verdicts: evaluateProtocol(compiled, applied.table).verdicts, packed: undefined };
  // the worker threads' heaps are returned before the results are summarised (not after)
  await evaluator?.end();
  const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  // (the evaluation threads packed the verdicts into the ResultSet's bitsets as they wrote them)
  const results = new ResultSet(meta, applied.table.nRows, verdicts, undefined, packed);

  const idVar = protocol.idVariable ?? "patient_id";
  const idColumn = own(mapping.columns, idVar)?.column;
  if (out) {
    progress?.stage(`writing ${out}`);
    await writeResults(out, raw, idColumn, protocol, results, verdicts);
  }
  progress?.done();

  const warnings = [...raw.problems, ...applied.problems].filter((p) => p.severity === "warning");
  for (const w of warnings.slice(0, 20)) warn(`warning: ${placeCli(w)}: ${w.message}`);
  if (warnings.length > 20) warn(`warning: ... and ${warnings.length - 20} more`);
  if (!args.flags.has("quiet")) for (const n of raw.dialect.notes) warn(`note: ${n}`);

  log(formatSummary(protocol, results, raw.nRows));
  const summaryPath = flag(args, "summary");
  if (summaryPath) {
    const doc = {
      ...summaryJson(protocol, compiled.params, results, {
        data: dataPath,
        rows: raw.nRows,
        file: fileReport(raw),
      }),
      notUnderstood: notUnderstoodJson(applied.quality),
    };
    writeFileSync(summaryPath, JSON.stringify(doc, null, 2) + "\n");
  }
  return { protocol, raw, results, idColumn, table: applied.table, overrides };
}

/** `not understood: "Sex" (sex): 3 value(s), 2 distinct: "x" ×2 (lines 4, 9), "?" ×1 (line 7)` */
export function notUnderstoodLines(quality: QualityReport): string[] {
  const lines: string[] = [];
  for (const q of quality.columns) {
    const nu = q.notUnderstood;
    if (!nu || nu.count === 0) continue;
    const shown = nu.values.slice(0, 5).map((v) => {
      const at = v.lines.length
        ? ` (line${v.lines.length > 1 ? "s" : ""} ${v.lines.join(", ")})`
        : "";
      return `${JSON.stringify(v.value)} ×${v.count.toLocaleString("en-US")}${at}`;
    });
    const more = nu.distinct > shown.length ? `, and ${nu.distinct - shown.length} more` : "";
    lines.push(
      `not understood: "${q.column}" (${q.variable}): ${nu.count.toLocaleString("en-US")} value(s), ${nu.distinct} distinct, read as missing: ${shown.join(", ")}${more}`,
    );
  }
  return lines;
}

/** The not-understood values per mapped column, for `--summary`. */
function notUnderstoodJson(quality: QualityReport) {
  return {
    ...quality.notUnderstood,
    byColumn: quality.columns
      .filter((q) => (q.notUnderstood?.count ?? 0) > 0)
      .map((q) => ({ column: q.column, variable: q.variable, ...q.notUnderstood! })),
  };
}

async function writeResults(
  path: string,
  raw: RawTable,
  idColumn: string | undefined,
  protocol: Protocol,
  results: ResultSet,
  verdicts: readonly Uint8Array[],
): Promise<void> {
  const idCol = raw.columns.find((c) => c.name === idColumn);
  const stream = createWriteStream(path);
  const header = [idCol ? idCol.name : "row", "status", ...protocol.criteria.map((c) => c.id)];
  const status = results.statusArray();
  let buf = header.map(csvField).join(",") + "\n";
  for (let r = 0; r < raw.nRows; r++) {
    let line = idCol ? csvField(cellText(idCol.storage, r)) : String(r + 1);
    line += "," + STATUS_WORDS[status[r]!];
    for (const v of verdicts) line += "," + VERDICT_WORDS[v[r]!];
    buf += line + "\n";
    if (buf.length > 1 << 20) {
      if (!stream.write(buf)) await once(stream, "drain");
      buf = "";
    }
  }
  stream.end(buf);
  await once(stream, "finish");
}

/** `--header-row N`: the file's header is on line N (lines above it are titles or notes). */
function headerRowFlag(args: ParsedArgs): number | undefined {
  const v = flag(args, "header-row");
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--header-row needs a line number (1 or more), not "${v}"`);
  return n;
}

/** How the file's lines were read, for `--summary`: lines against rows, and the reader's warnings. */
function fileReport(raw: RawTable) {
  return {
    structure: raw.structure,
    notes: raw.dialect.notes,
    warnings: raw.problems
      .filter((p) => p.severity === "warning")
      .map((p) => ({ line: p.line ?? null, message: p.message })),
  };
}
