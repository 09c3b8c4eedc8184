/**
 * Wires the app to the real modules: ingest worker (Comlink), auto-mapping and mapping,
 * protocol validation, the synthetic generator and the engine.
 */
import * as Comlink from "comlink";
import { applyMapping } from "../ingest/apply.ts";
import { autoMap } from "../ingest/mapping.ts";
import { parseProtocolJson } from "../engine/protocol/validate.ts";
import { builtinProtocols } from "../protocols/index.ts";
import { generateSynthetic } from "../synth/generate.ts";
import { createLiveEngine } from "./engine-live.ts";
import { createPoolEngine } from "./engine-pool.ts";
import type { Services } from "./flow.svelte.ts";
import { choicesFromAuto, toMapping } from "./mapping-model.ts";
import { createPool, ingestWorker } from "./workers.ts";

let ingest: ReturnType<typeof ingestWorker> | null = null;

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

export function createServices(): Services {
  return {
    protocols: builtinProtocols,
    async demoCsv(rows, onProgress, signal) {
      const gen = generateSynthetic({ rows, seed: 1, wide: true, chunkRows: 5000 });
      const parts: string[] = [];
      let done = 0;
      for (const chunk of gen.chunks()) {
        if (signal.aborted) break;
        parts.push(chunk);
        done = Math.min(rows, done + 5000);
        onProgress(done);
        await tick();
      }
      return new Blob(parts, { type: "text/csv" });
    },
    async parse(file, _name, onProgress, signal) {
      ingest ??= ingestWorker();
      const api = ingest;
      const stop = () => void api.cancel();
      signal.addEventListener("abort", stop);
      try {
        // parallel byte ranges on all cores, merged in the ingest worker (one reader when small)
        return await api.parseFileParallel(file, {}, Comlink.proxy(onProgress));
      } finally {
        signal.removeEventListener("abort", stop);
      }
    },
    autoMap: (protocol, raw) => choicesFromAuto(protocol, autoMap(protocol, raw)),
    apply(protocol, raw, choices) {
      const r = applyMapping(protocol, raw, toMapping(protocol.id, choices));
      return r;
    },
    loadProtocol: (text, name) => parseProtocolJson(text, name),
    engine: () =>
      typeof Worker === "function" ? createPoolEngine(() => createPool()) : createLiveEngine(),
  };
}
