/**
 * Wires the app to the real modules: the ingest worker (Comlink) reads the file, keeps its raw
 * table, auto-maps it, applies the mapping and generates the demo extract, so none of that runs
 * on the page; on confirm it also cuts the evaluation workers' row slices and posts them to
 * them directly (MessagePorts); protocol validation and the engine.
 */
import * as Comlink from "comlink";
import { parseProtocolJson } from "../engine/protocol/validate.ts";
import { builtinProtocols } from "../protocols/index.ts";
import { createLiveEngine } from "./engine-live.ts";
import { createPoolEngine } from "./engine-pool.ts";
import type { Services } from "./flow.svelte.ts";
import type { MappedResult } from "../ingest/browser/ingest-api.ts";
import { withDictViews } from "../engine/packed-dict.ts";
import { choicesFromAuto, toMapping } from "./mapping-model.ts";
import { sliceChannels } from "./slice-ports.ts";
import { createPool, ingestWorker, poolSize } from "./workers.ts";

/**
 * The ingest worker. It keeps the file's raw table after Confirm (src/ingest/browser/service.ts):
 * going back from the screen to change the mapping does not read the file again.
 */
let ingest: ReturnType<typeof ingestWorker> | null = null;
const worker = () => (ingest ??= ingestWorker());

export function createServices(): Services {
  return {
    protocols: builtinProtocols,
    async demoCsv(rows, onProgress, signal) {
      const api = worker();
      const stop = () => void api.cancel();
      signal.addEventListener("abort", stop);
      try {
        return await api.demoCsv(rows, Comlink.proxy(onProgress));
      } finally {
        signal.removeEventListener("abort", stop);
      }
    },
    async parse(file, _name, onProgress, signal, opts = {}) {
      const api = worker();
      const stop = () => void api.cancel();
      signal.addEventListener("abort", stop);
      try {
        // parallel byte ranges on all cores, merged in the ingest worker, kept there
        return await api.loadFile(file, opts, Comlink.proxy(onProgress));
      } finally {
        signal.removeEventListener("abort", stop);
      }
    },
    autoMap: async (protocol) => choicesFromAuto(protocol, await worker().autoMap(protocol)),
    async apply(protocol, choices, withTable, onProgress) {
      const mapping = toMapping(protocol.id, choices);
      const progress = onProgress ? Comlink.proxy(onProgress) : undefined;
      const api = worker();
      if (!withTable || typeof Worker !== "function")
        return unpacked(await api.applyMapping(protocol, mapping, withTable, undefined, progress));
      // the evaluation workers' row slices go from the ingest worker straight to them
      const ch = sliceChannels(poolSize());
      try {
        const r = await api.applyMapping(
          protocol,
          mapping,
          true,
          Comlink.transfer(ch.far, ch.far),
          progress,
        );
        if (r.table) ch.keep(r.table);
        else ch.close();
        return unpacked(r);
      } catch (e) {
        ch.close();
        throw e;
      }
    },
    release: () => void ingest?.release(),
    loadProtocol: (text, name) => parseProtocolJson(text, name),
    engine: () =>
      typeof Worker === "function" ? createPoolEngine(() => createPool()) : createLiveEngine(),
  };
}

/** The mapped result with its packed dictionaries' views restored (see packed-dict.ts). */
function unpacked(r: MappedResult): MappedResult {
  if (r.table) withDictViews(r.table);
  return r;
}
