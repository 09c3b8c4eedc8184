/**
 * The same pipeline the app runs, in Node, for expected values: CSV text -> raw table ->
 * auto-mapping -> table -> verdicts -> ResultSet counts.
 */
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { ResultSet } from "../../src/engine/results/index.ts";
import { applyMapping } from "../../src/ingest/map/apply.ts";
import { autoMap } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { generateSynthetic } from "../../src/synth/generate.ts";

export function demoCsv(rows: number): string {
  return [...generateSynthetic({ rows, seed: 1, wide: true, chunkRows: 5000 }).chunks()].join("");
}

export function screenCsv(
  csv: string,
  protocolId = "ln-cd19-cd70",
  overrides: Record<string, number | string | boolean> = {},
  disabled: string[] = [],
) {
  const protocol = getBuiltin(protocolId) as Protocol;
  const raw = parseCsvText(csv);
  const { mapping } = autoMap(protocol, raw);
  const { table } = applyMapping(protocol, raw, mapping);
  const { compiled, problems } = compileProtocol(protocol, overrides);
  if (!compiled) throw new Error(problems.map((p) => `${p.where}: ${p.message}`).join("\n"));
  const { verdicts } = evaluateProtocol(compiled, table);
  const rs = new ResultSet(
    protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label })),
    table.nRows,
    verdicts,
  );
  protocol.criteria.forEach((c, k) => disabled.includes(c.id) && rs.setEnabled(k, false));
  return { protocol, table, verdicts, rs, counts: rs.counts(), perCriterion: rs.perCriterion() };
}
