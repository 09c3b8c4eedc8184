/**
 * Ingest worker: a thin Comlink adapter over the streaming ingest core. The file is read in
 * chunks from the `File` (never whole). The app's path (`loadFile`) keeps the raw table here and
 * auto-maps and applies the mapping here too, so the page only receives a summary and, once
 * the mapping is confirmed, the mapped table (buffers transferred); the raw table stays, for a
 * later change of the mapping. `parseFile` and
 * `parseFileParallel` transfer the raw columns instead (tests, benchmarks).
 */
import * as Comlink from "comlink";
import {
  parseBlobParallel,
  readBlobPart,
  type BlobPartRunner,
} from "../src/ingest/browser/blob-parallel";
import { MIN_PARALLEL_BYTES } from "../src/ingest/parallel/plan";
import { canShare } from "../src/ingest/parallel/shared";
import { shareTable } from "../src/pool/share-table";
import { mappedBuffers, partBuffers } from "../src/ingest/read/buffers";
import { parseCsvStream } from "../src/ingest/read/parse";
import type { ParseProgress, RawTable } from "../src/ingest/types";
import type { Protocol } from "../src/engine/protocol/types";
import type { Table } from "../src/engine/types";
import { applyMapping, type ApplyResult } from "../src/ingest/map/apply";
import { autoMap, type Mapping } from "../src/ingest/map/mapping";
import { generateSynthetic } from "../src/synth/generate";
import { summarizeRaw } from "../src/app/mapping-model";
import { sliceTable, splitRows } from "../src/pool/slice";
import type { SliceMessage } from "./eval-protocol";
import type { IngestApi, IngestOptions, IngestPartApi, MappedResult } from "./protocol";
import { packDict, packedColumn, postableColumn, postableTable } from "../src/engine/packed-dict";
import { warmRead, warmUp } from "../src/ingest/browser/warm";

/**
 * Jobs under way. A new read (parseFile, loadFile, demoCsv, a parallel read) ends every job
 * first; a part read (`parsePart`, one per helper worker) ends none, so that parts sharing one
 * module (the tests' in-process workers) do not abort each other; `cancel` ends them all.
 */
const running = new Set<AbortController>();

function begin(exclusive: boolean): AbortController {
  if (exclusive) for (const c of running) c.abort();
  const controller = new AbortController();
  running.add(controller);
  return controller;
}
/** the helper worker's script when the page gave one (see IngestApi.configure) */
let partWorkerUrl: string | undefined;
/** shared memory for the read and the mapped table (default: when this context can share) */
let share: () => boolean = canShare;
/** the table of the last `loadFile`, kept for autoMap / applyMapping */
let loaded: RawTable | null = null;
/** the file of the last `loadFile`, read again when its table was handed over */
let source: { file: Blob; opts: IngestOptions } | null = null;
/** the last applied mapping (a preview), reused when the same mapping is confirmed */
let kept: { key: string; result: ApplyResult } | null = null;

/**
 * A helper started before the load that will use it (configure `warm`: its script loads while
 * the app waits for a file, not while the file's head is probed); null once taken.
 */
let spare: { worker: Worker; api: Comlink.Remote<IngestPartApi>; failed: boolean } | null = null;

function startHelper(url: string): NonNullable<typeof spare> {
  const worker = new Worker(url, { type: "module" });
  const s = { worker, api: Comlink.wrap<IngestPartApi>(worker), failed: false };
  // (a script that fails before the helper is used: its load would never hear of it)
  worker.addEventListener("error", () => (s.failed = true));
  return s;
}

/** Every distinct ArrayBuffer under a table's columns (lo and hi may share one). */
export const tableBuffers = (t: RawTable): ArrayBuffer[] => partBuffers(t.columns);

/**
 * A raw table as it can be posted (buffers transferred): packed dictionaries without their
 * views (engine/packed-dict.ts: the receiver calls withDictView on each column's storage).
 */
const posted = (t: RawTable): RawTable =>
  Comlink.transfer(
    { ...t, columns: t.columns.map((c) => ({ ...c, storage: postableColumn(c.storage) })) },
    tableBuffers(t),
  );

export const ingestApi: IngestApi = {
  async parseFile(file, opts, onProgress) {
    const controller = begin(true);
    try {
      const table = await parseCsvStream(file.stream(), {
        ...opts,
        name: opts.name ?? ("name" in file ? String(file.name) : "file"),
        totalBytes: file.size,
        signal: controller.signal,
        onProgress: onProgress ? (p) => void onProgress(p) : undefined,
      });
      return posted(table);
    } finally {
      running.delete(controller);
    }
  },
  async parsePart(file, job, opts, onProgress) {
    const controller = begin(false);
    try {
      const part = await readBlobPart(
        file,
        job,
        onProgress ? (b, r) => void onProgress(b, r) : undefined,
        {
          ...opts,
          signal: controller.signal,
        },
      );
      return Comlink.transfer(part, partBuffers(part.columns));
    } finally {
      running.delete(controller);
    }
  },
  async parseFileParallel(file, opts, onProgress) {
    return posted(await readParallel(file, opts, onProgress));
  },
  async loadFile(file, opts, onProgress) {
    loaded = null;
    kept = null;
    source = null;
    const table = await readParallel(file, opts, onProgress);
    loaded = table;
    source = { file, opts };
    return summarizeRaw(table);
  },
  async autoMap(protocol) {
    return autoMap(protocol, await need());
  },
  async applyMapping(protocol, mapping, withTable, ports, onProgress) {
    const key = mappingKey(protocol, mapping);
    let result: ApplyResult;
    let last = -Infinity;
    const onVariable = (done: number, total: number): void => {
      const now = performance.now();
      if (now - last < 50 && done < total) return;
      last = now;
      void onProgress?.(`mapping ${done} of ${total} variables`);
    };
    try {
      // the raw table is left untouched (no `reuse`: the mapped columns are copies): it stays
      // here after Confirm, so that the analyst can go back from the screen and change the
      // mapping without the file being read again (one copy of the mapped columns more while
      // the screen runs; see src/pool/README.md, Memory)
      result =
        kept?.key === key
          ? kept.result
          : applyMapping(protocol, await need(), mapping, {
              valueTables: !withTable,
              ...(onProgress ? { onVariable } : {}),
            });
    } catch (e) {
      for (const port of ports ?? []) refuse(port, e);
      throw e;
    }
    if (!withTable) {
      for (const port of ports ?? []) refuse(port, new Error("no table was asked for"));
      kept = { key, result };
      return { problems: result.problems, quality: result.quality };
    }
    kept = null;
    // cross-origin isolated: every column in shared memory (the parallel read's buffer, and
    // converted columns, or a one-reader table's, copied once: each private array is garbage
    // as soon as its copy is made), so the page and the evaluation workers get views of one
    // table instead of a table each
    if (share()) {
      void onProgress?.("putting the table in shared memory");
      shareTable(result.table);
    }
    void onProgress?.("handing the rows to the evaluation workers");
    if (ports?.length) sendSlices(protocol, result.table, ports);
    const out = packIds(protocol, result);
    // a buffer the raw table still uses (a packed dictionary both share) is copied, not moved
    const raw = new Set(loaded ? tableBuffers(loaded) : []);
    return Comlink.transfer(
      out,
      mappedBuffers(out.table!).filter((b) => !raw.has(b)),
    );
  },
  async demoCsv(rows, onProgress) {
    const controller = begin(true);
    try {
      const chunkRows = 10_000;
      const parts: string[] = [];
      let done = 0;
      for (const chunk of generateSynthetic({ rows, seed: 1, wide: true, chunkRows }).chunks()) {
        parts.push(chunk);
        done = Math.min(rows, done + chunkRows);
        void onProgress?.(done);
        // let a cancel() through between chunks
        await new Promise<void>((r) => setTimeout(r, 0));
        if (controller.signal.aborted) throw new DOMException("demo cancelled", "AbortError");
      }
      return new Blob(parts, { type: "text/csv" });
    } finally {
      running.delete(controller);
    }
  },
  async configure(opts) {
    if ("partWorkerUrl" in opts) partWorkerUrl = opts.partWorkerUrl;
    if (opts.shared !== undefined) {
      const shared = opts.shared && canShare();
      share = () => shared;
    }
    if (opts.warm) {
      spare?.worker.terminate();
      spare = null;
      try {
        if (partWorkerUrl && typeof Worker === "function") spare = startHelper(partWorkerUrl);
        warmUp();
        const s = share();
        // (a helper whose script fails never answers: its error ends the wait)
        await Promise.all([
          warmRead(undefined, s),
          spare && failOnError(spare.worker, spare.api.warm(s)),
        ]);
      } catch {
        // (only a head start: the load starts its helper itself, and reports what is wrong)
      }
    }
  },
  release() {
    loaded = null;
    kept = null;
    source = null;
  },
  cancel() {
    for (const c of running) c.abort();
  },
};

/**
 * Cuts the mapped table into `ports.length` row slices (copies made here, off the page; views
 * when the table is in shared memory) and posts each on its port to an evaluation worker,
 * buffers transferred (shared ones are shared). The patient id column
 * is left out unless the protocol declares it as a variable (criteria cannot read it, and its
 * dictionary holds one string per row).
 */
function sendSlices(protocol: Protocol, table: Table, ports: readonly MessagePort[]): void {
  const id = protocol.idVariable ?? "patient_id";
  const columns = protocol.variables.some((v) => v.name === id)
    ? table.columns
    : Object.fromEntries(Object.entries(table.columns).filter(([name]) => name !== id));
  const rows = splitRows(table.nRows, ports.length);
  ports.forEach((port, k) => {
    const [start, end] = rows[k]!;
    try {
      const slice = sliceTable({ nRows: table.nRows, columns }, start, end);
      const msg: SliceMessage = { table: slice.table };
      port.postMessage(msg, slice.transfer);
    } catch (e) {
      refuse(port, e);
    }
    port.close();
  });
}

/**
 * The mapped result as it can be posted: a large id dictionary (one string per patient) packed
 * if the reader did not pack it (cheap to deserialize on the page), and packed dictionaries
 * without their views (engine/packed-dict.ts; the page restores them).
 */
function packIds(protocol: Protocol, result: ApplyResult): MappedResult {
  const id = protocol.idVariable ?? "patient_id";
  const col = result.table.columns[id];
  const columns = { ...result.table.columns };
  if (col?.kind === "category" && !col.packed && col.dict.length >= 10_000)
    columns[id] = packedColumn(col.codes, packDict(col.dict));
  return { ...result, table: postableTable({ ...result.table, columns }) };
}

function refuse(port: MessagePort, e: unknown): void {
  const msg: SliceMessage = { error: e instanceof Error ? e.message : String(e) };
  port.postMessage(msg);
  port.close();
}

/**
 * The loaded raw table; read again from the file (without progress: a File is a handle to the
 * data, not a copy) if it is not here any more.
 */
async function need(): Promise<RawTable> {
  if (loaded) return loaded;
  if (!source) throw new Error("no file is loaded in the ingest worker");
  const again = source;
  const table = await readParallel(again.file, again.opts);
  if (source !== again) throw new Error("another file was loaded meanwhile");
  loaded = table;
  return table;
}

/** Identity of a (protocol, mapping) pair for the kept preview. */
function mappingKey(protocol: Protocol, mapping: Mapping): string {
  return JSON.stringify([protocol, mapping]);
}

/** Reads `file` on all cores (helper workers for the other byte ranges), merged here. */
async function readParallel(
  file: Blob,
  opts: IngestOptions,
  onProgress?: (p: ParseProgress) => void,
): Promise<RawTable> {
  const controller = begin(true);
  const helpers: Worker[] = [];
  const o = {
    ...opts,
    name: opts.name ?? ("name" in file ? String(file.name) : "file"),
    totalBytes: file.size,
    signal: controller.signal,
    onProgress: onProgress ? (p: ParseProgress) => void onProgress(p) : undefined,
  };
  const whole = () => parseCsvStream(file.stream(), o);
  // the load has started (the page can show it before the head is read and helpers start)
  o.onProgress?.({ bytes: 0, rows: 0, totalBytes: file.size });
  try {
    const cores =
      typeof navigator !== "undefined" && navigator.hardwareConcurrency
        ? navigator.hardwareConcurrency
        : 2;
    const n = typeof Worker === "function" ? Math.max(1, Math.min(4, cores)) : 1;
    const runners: BlobPartRunner[] = [
      (f, job, p) => readBlobPart(f, job, p, { ...opts, signal: controller.signal }),
    ];
    for (let k = 1; k < n && file.size >= MIN_PARALLEL_BYTES; k++) {
      const helper = takeHelper();
      if (!helper) break; // no nested workers here: fewer parts (or one reader)
      const { worker: w, api } = helper;
      helpers.push(w);
      // (each helper reads one part: ended as soon as its part is here, so that its heap, its
      // part's dictionaries and the read's garbage, is returned before the merge, not after)
      runners.push((f, job, p) =>
        failOnError(w, api.parsePart(f, job, opts, Comlink.proxy(p))).finally(() => w.terminate()),
      );
    }
    let table: RawTable;
    if (runners.length < 2) table = await whole();
    else {
      try {
        // cross-origin isolated: one SharedArrayBuffer for the parts, merged in place
        table = await parseBlobParallel(file, runners, whole, o, undefined, share());
      } catch (e) {
        if (controller.signal.aborted) throw e;
        // a helper failed (could not start, ran out of memory): read the file on this worker
        for (const w of helpers) w.terminate();
        table = await whole();
      }
    }
    return table;
  } finally {
    for (const w of helpers) w.terminate();
    running.delete(controller);
  }
}

/** The spare helper if it is alive (see configure), else a new one; null when none can start. */
function takeHelper(): { worker: Worker; api: Comlink.Remote<IngestPartApi> } | null {
  const s = spare;
  spare = null;
  if (s && !s.failed) return s;
  s?.worker.terminate();
  let worker: Worker;
  try {
    worker = partWorkerUrl
      ? new Worker(partWorkerUrl, { type: "module" })
      : new Worker(new URL("./ingest-part.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
  return { worker, api: Comlink.wrap<IngestPartApi>(worker) };
}

/** The call's result, or its rejection when the helper worker fails (never hangs). */
function failOnError<T>(w: Worker, call: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (e: Event) =>
      reject(
        new Error(
          e instanceof ErrorEvent && e.message ? e.message : "an ingest helper worker failed",
        ),
      );
    w.addEventListener("error", fail, { once: true });
    w.addEventListener("messageerror", fail, { once: true });
    call.then(resolve, reject);
  });
}

declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope)
  Comlink.expose(ingestApi);
