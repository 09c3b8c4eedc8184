/**
 * The synthetic extract as an engine table: generated, parsed by the ingest pipeline and
 * mapped onto the seed protocol's variables, as the command line and the app would do.
 * For tests and benchmarks of a few hundred thousand rows (it holds the CSV text in memory).
 *
 * @example
 * const { table } = synthTable({ rows: 5000, seed: 1 });
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import { applyMapping } from "../ingest/map/mapping.ts";
import { parseCsvText } from "../ingest/read/parse.ts";
import type { QualityReport } from "../ingest/quality/quality.ts";
import { getBuiltin, SEED_PROTOCOL_ID } from "../protocols/index.ts";
import { generateSynthetic, type SynthOptions } from "./generate.ts";
import { synthMapping } from "./mapping.ts";

export interface SynthTable {
  table: Table;
  protocol: Protocol;
  quality: QualityReport;
  problems: Problem[];
}

export function synthTable(opts: SynthOptions): SynthTable {
  const parts: string[] = [];
  generateSynthetic(opts).writeTo((c) => parts.push(c));
  const raw = parseCsvText(parts.join(""));
  const protocol = getBuiltin(SEED_PROTOCOL_ID)!;
  const { table, problems, quality } = applyMapping(protocol, raw, synthMapping(opts.wide));
  return { table, protocol, quality, problems: [...raw.problems, ...problems] };
}
