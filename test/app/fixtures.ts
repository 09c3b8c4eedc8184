/** Shared fixtures for the UI state tests: the seed protocol over a small synthetic extract. */
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { Table } from "../../src/engine/types.ts";
import { applyMapping } from "../../src/ingest/map/apply.ts";
import { autoMap } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { generateSynthetic } from "../../src/synth/generate.ts";
import type { Services } from "../../src/app/flow.svelte.ts";
import { createLiveEngine } from "../../src/app/engine-live.ts";
import { choicesFromAuto, toMapping } from "../../src/app/mapping-model.ts";
import { summarizeRaw } from "../../src/ingest/quality/raw-summary.ts";
import type { RawTable } from "../../src/ingest/types.ts";
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

/** Services without workers: parsing in-process (the raw table kept here, like the worker). */
export function services(): Services {
  let raw: RawTable | null = null;
  const need = () => {
    if (!raw) throw new Error("no file is loaded");
    return raw;
  };
  return {
    protocols: [seed],
    demoCsv: async (rows) => new Blob([csv(rows)]),
    parse: async (file, _name, _progress, _signal, opts = {}) => {
      raw = parseCsvText(await file.text(), opts);
      return summarizeRaw(raw);
    },
    autoMap: async (p) => choicesFromAuto(p, autoMap(p, need())),
    apply: async (p, choices, withTable) => {
      // (cloned as posting it to the ingest worker does: the prototype-less record arrives
      // as a plain object)
      const r = applyMapping(p, need(), structuredClone(toMapping(p.id, choices)));
      return withTable ? r : { problems: r.problems, quality: r.quality };
    },
    release: () => void (raw = null),
    loadProtocol: (text, name) => parseProtocolJson(text, name),
    engine: () => createLiveEngine(),
  };
}
