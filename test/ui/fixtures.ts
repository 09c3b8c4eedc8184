/** Shared fixtures for the UI state tests: the seed protocol over a small synthetic extract. */
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { Table } from "../../src/engine/types.ts";
import { applyMapping } from "../../src/ingest/apply.ts";
import { autoMap } from "../../src/ingest/mapping.ts";
import { parseCsvText } from "../../src/ingest/parse.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { generateSynthetic } from "../../src/synth/generate.ts";
import type { Services } from "../../src/app/flow.svelte.ts";
import { createLiveEngine } from "../../src/app/engine-live.ts";
import { choicesFromAuto, toMapping } from "../../src/app/mapping-model.ts";
import { parseProtocolJson } from "../../src/engine/protocol/validate.ts";

export const seed = getBuiltin("ln-cd19-cd70") as Protocol;

export function csv(rows: number): string {
  return [...generateSynthetic({ rows, seed: 3, wide: true }).chunks()].join("");
}

export function table(rows: number): Table {
  const raw = parseCsvText(csv(rows));
  return applyMapping(seed, raw, autoMap(seed, raw).mapping).table;
}

/** Verdicts straight from the engine, for comparison. */
export function engineVerdicts(
  t: Table,
  overrides: Record<string, number | string | boolean> = {},
) {
  const { compiled } = compileProtocol(seed, overrides);
  return evaluateProtocol(compiled!, t).verdicts;
}

/** Services without workers: parsing in-process. */
export function services(): Services {
  return {
    protocols: [seed],
    demoCsv: async (rows) => new Blob([csv(rows)]),
    parse: async (file) => parseCsvText(await file.text()),
    autoMap: (p, raw) => choicesFromAuto(p, autoMap(p, raw)),
    apply: (p, raw, choices) => applyMapping(p, raw, toMapping(p.id, choices)),
    loadProtocol: (text, name) => parseProtocolJson(text, name),
    engine: () => createLiveEngine(),
  };
}
