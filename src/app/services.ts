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
import type { MappedResult } from "../../workers/protocol.ts";
import type { ParseProgress } from "../ingest/types.ts";
import { withDictViews } from "../engine/packed-dict.ts";
import { choicesFromAuto, toMapping } from "./mapping-model.ts";
import { sliceChannels } from "./slice-ports.ts";
import { createPool, endIngest, ingestWorker, poolSize } from "./workers.ts";

let ingest: ReturnType<typeof ingestWorker> | null = null;
const worker = () => (ingest ??= ingestWorker());
/** the file last read (`parse`) */
let current: Blob | null = null;
/** set when the worker that read `current` was ended: the next one must read it first */
let reload: Blob | null = null;

/**
 * The ingest worker, with the current file loaded in it (read again after `recycle`, reported
 * through `onProgress`: a million rows take a few seconds).
 */
async function withFile(
  onProgress?: (step: string) => void,
): Promise<ReturnType<typeof ingestWorker>> {
  const api = worker();
  const file = reload;
  if (file) {
    const report = onProgress
      ? Comlink.proxy((p: ParseProgress) =>
          onProgress(`reading the file again: ${Math.floor((100 * p.bytes) / (file.size || 1))}%`),
        )
      : undefined;
    await api.loadFile(file, {}, report);
    if (reload === file) reload = null;
  }
  return api;
}

/**
 * Ends the ingest worker once the mapped table is handed over (its buffers went to the page and
 * the evaluation workers): an idle worker kept the read's garbage, ~40-60 MB of JS heap and
 * ~40 MB of dead ArrayBuffers (Chromium, seed extract), until a GC that may never come while it
 * is idle; that was part of the load's peak at the end of the screen. A later mapping of the same
 * file reads it again in a new worker, as the old one had to (it had given its raw table away).
 */
function recycle(): void {
  if (typeof Worker !== "function" || !ingest) return;
  endIngest(ingest);
  ingest = null;
  reload = current;
}

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
    async parse(file, _name, onProgress, signal) {
      const api = worker();
      const stop = () => void api.cancel();
      signal.addEventListener("abort", stop);
      try {
        // parallel byte ranges on all cores, merged in the ingest worker, kept there
        current = file;
        reload = null;
        return await api.loadFile(file, {}, Comlink.proxy(onProgress));
      } finally {
        signal.removeEventListener("abort", stop);
      }
    },
    autoMap: async (protocol) =>
      choicesFromAuto(protocol, await (await withFile()).autoMap(protocol)),
    async apply(protocol, choices, withTable, onProgress) {
      const mapping = toMapping(protocol.id, choices);
      const progress = onProgress ? Comlink.proxy(onProgress) : undefined;
      const api = await withFile(onProgress);
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
        if (r.table) {
          ch.keep(r.table);
          if (api === ingest) recycle();
        } else ch.close();
        return unpacked(r);
      } catch (e) {
        ch.close();
        throw e;
      }
    },
    release: () => {
      current = null;
      reload = null;
      void ingest?.release();
    },
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
