import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { parseCsvFileParallel } from "../ingest/node-parallel.ts";
import { parseCsvStream } from "../ingest/parse.ts";
import { applyMapping, autoMap } from "../ingest/mapping.ts";
import type { ParseProgress, RawTable } from "../ingest/types.ts";
import { compileProtocol, evaluateProtocol } from "../engine/compile-protocol.ts";
import { MIN_PARALLEL_ROWS, NodeEvaluator } from "../ingest/node-eval.ts";
import { ResultSet } from "../engine/results/index.ts";
import { STATUS_WORDS, VERDICT_WORDS, type Column, type Table } from "../engine/types.ts";
import { csvCell } from "../engine/csv-cell.ts";
import type { Protocol } from "../engine/protocol/types.ts";
import { flag, requireFlag, type ParsedArgs } from "./args.ts";
import { InputError, loadMapping, loadProtocol, parseParams } from "./load.ts";
import { formatSummary, summaryJson } from "./summary.ts";
import { progressLine, type ProgressLine } from "./progress.ts";

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
export async function screen(args: ParsedArgs, log: (s: string) => void): Promise<ScreenOutcome> {
  const dataPath = requireFlag(args, "data", "<extract.csv>");
  const protocol = loadProtocol(requireFlag(args, "protocol", "<file.json | builtin-id>"));
  const overrides = parseParams(protocol, args.flags.get("param") ?? []);
  const out = flag(args, "out");

  // progress on standard error: on a terminal, or asked for; never with --quiet
  const tty = process.stderr.isTTY === true;
  const progress =
    !args.flags.has("quiet") && (tty || args.flags.has("progress"))
      ? progressLine(process.stderr, tty)
      : null;
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
          ? await parseCsvStream(process.stdin, { name: "stdin", onProgress })
          : await parseCsvFileParallel(dataPath, { name: dataPath, onProgress, onPartsRead });
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
  protocol: Protocol,
  overrides: ReturnType<typeof parseParams>,
  raw: RawTable,
  dataPath: string,
  out: string | undefined,
  evaluator: NodeEvaluator | null,
  progress: ProgressLine | null,
): Promise<ScreenOutcome> {
  progress?.stage(`mapping ${raw.columns.length} columns`);
  const mappingPath = flag(args, "mapping");
  const mapping = mappingPath ? loadMapping(mappingPath) : autoMap(protocol, raw).mapping;
  // the raw buffers move into the mapped table (no copy); only the id column is read afterwards
  const applied = applyMapping(protocol, raw, mapping, { reuse: true });
  const mapErrors = applied.problems.filter((p) => p.severity === "error");
  if (mapErrors.length > 0) throw new InputError(`the mapping does not fit ${dataPath}`, mapErrors);

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
  const idColumn = mapping.columns[idVar]?.column;
  if (out) {
    progress?.stage(`writing ${out}`);
    await writeResults(out, raw, idColumn, protocol, results, verdicts);
  }
  progress?.done();

  const warnings = [...raw.problems, ...applied.problems].filter((p) => p.severity === "warning");
  for (const w of warnings.slice(0, 20))
    log(`warning: ${w.where}${w.line ? `:${w.line}` : ""}: ${w.message}`);
  if (warnings.length > 20) log(`warning: ... and ${warnings.length - 20} more`);
  for (const n of raw.dialect.notes) log(`note: ${n}`);

  log(formatSummary(protocol, results, raw.nRows));
  const summaryPath = flag(args, "summary");
  if (summaryPath) {
    const doc = summaryJson(protocol, compiled.params, results, {
      data: dataPath,
      rows: raw.nRows,
    });
    writeFileSync(summaryPath, JSON.stringify(doc, null, 2) + "\n");
  }
  return { protocol, raw, results, idColumn, table: applied.table, overrides };
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
