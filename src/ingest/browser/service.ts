/**
 * The ingest worker's logic (workers/ingest.worker.ts exposes one with Comlink; tests reach one
 * over an in-process MessageChannel). The file is read in chunks from the `File` (never whole).
 * The app's path (`loadFile`) keeps the raw table here and auto-maps and applies the mapping
 * here too, so the page only receives a summary and, once the mapping is confirmed, the mapped
 * table (buffers transferred); the raw table stays, for a later change of the mapping.
 * `parseFile` and `parseFileParallel` transfer the raw columns instead (tests, benchmarks).
 *
 * @example
 * Comlink.expose(new IngestService(() => new Worker(helperUrl, { type: "module" })));
 */
import * as Comlink from "comlink";
import type { Protocol } from "../../engine/protocol/types.ts";
import { postableColumn } from "../../engine/packed-dict.ts";
import { shareTable } from "../../pool/share-table.ts";
import { generateSynthetic } from "../../synth/generate.ts";
import { applyMapping, type ApplyResult } from "../map/apply.ts";
import { autoMap, type Mapping } from "../map/mapping.ts";
import { MIN_PARALLEL_BYTES } from "../parallel/plan.ts";
import { canShare } from "../parallel/shared.ts";
import { summarizeRaw, type RawSummary } from "../quality/raw-summary.ts";
import { mappedBuffers, partBuffers } from "../read/buffers.ts";
import { parseCsvStream } from "../read/parse.ts";
import type { ParseProgress, RawTable } from "../types.ts";
import { parseBlobParallel, readBlobPart, type BlobPartRunner } from "./blob-parallel.ts";
import { failOnError, startHelper, type Helper, type SpareHelper } from "./helpers.ts";
import { packIds, refuse, sendSlices } from "./handover.ts";
import {
  KEEP_RAW_ROWS,
  type IngestApi,
  type IngestOptions,
  type MappedResult,
} from "./ingest-api.ts";
import { warmRead, warmUp } from "./warm.ts";

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

/** Identity of a (protocol, mapping) pair for the kept preview. */
const mappingKey = (protocol: Protocol, mapping: Mapping): string =>
  JSON.stringify([protocol, mapping]);

export class IngestService implements IngestApi {
  /**
   * Jobs under way. A new read (parseFile, loadFile, demoCsv, a parallel read) ends every job
   * first; a part read (`parsePart`) ends none; `cancel` ends them all.
   */
  private running = new Set<AbortController>();
  /** the helper worker's script when the page gave one (see IngestApi.configure) */
  private partWorkerUrl: string | undefined;
  /** shared memory for the read and the mapped table (default: when this context can share) */
  private share: () => boolean = canShare;
  /** the table of the last `loadFile`, kept for autoMap / applyMapping */
  private loaded: RawTable | null = null;
  /** the file of the last `loadFile`, read again when its table was handed over */
  private source: { file: Blob; opts: IngestOptions } | null = null;
  /** the largest table (rows) kept here after Confirm; a larger one is handed over */
  private keepRows = KEEP_RAW_ROWS;
  /** the last applied mapping (a preview), reused when the same mapping is confirmed */
  private kept: { key: string; result: ApplyResult } | null = null;
  /**
   * A helper started before the load that will use it (configure `warm`: its script loads while
   * the app waits for a file, not while the file's head is probed); null once taken.
   */
  private spare: SpareHelper | null = null;

  /**
   * @param startPart starts a reading helper when the page gave no script URL (the worker
   * file's bundled helper); without it, and without a URL, files are read on this thread
   */
  constructor(private readonly startPart?: () => Worker) {}

  async parseFile(
    file: Blob,
    opts: IngestOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<RawTable> {
    const controller = this.begin(true);
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
      this.running.delete(controller);
    }
  }

  async parsePart(...[file, job, opts, onProgress]: Parameters<IngestApi["parsePart"]>) {
    const controller = this.begin(false);
    try {
      const part = await readBlobPart(
        file,
        job,
        onProgress ? (b, r) => void onProgress(b, r) : undefined,
        { ...opts, signal: controller.signal },
      );
      return Comlink.transfer(part, partBuffers(part.columns));
    } finally {
      this.running.delete(controller);
    }
  }

  async parseFileParallel(
    file: Blob,
    opts: IngestOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<RawTable> {
    return posted(await this.readParallel(file, opts, onProgress));
  }

  async loadFile(
    file: Blob,
    opts: IngestOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<RawSummary> {
    this.release();
    const table = await this.readParallel(file, opts, onProgress);
    this.loaded = table;
    this.source = { file, opts };
    return summarizeRaw(table);
  }

  async autoMap(protocol: Protocol) {
    return autoMap(protocol, await this.need());
  }

  async applyMapping(
    protocol: Protocol,
    mapping: Mapping,
    withTable: boolean,
    ports?: MessagePort[],
    onProgress?: (step: string) => void,
  ): Promise<MappedResult> {
    const key = mappingKey(protocol, mapping);
    let result: ApplyResult;
    let last = -Infinity;
    const onVariable = (done: number, total: number): void => {
      const now = performance.now();
      if (now - last < 50 && done < total) return;
      last = now;
      void onProgress?.(`mapping ${done} of ${total} variables`);
    };
    // A table up to `keepRows` rows stays here untouched after Confirm (the mapped columns are
    // copies), so the analyst can go back from the screen and change the mapping at once, with
    // its live preview. A larger one is given to the mapped table (`reuse`: its arrays moved,
    // not copied) and read again from the File if the mapping is changed, with progress on the
    // Confirm button: keeping it cost the raw table's size again while the screen runs (seed
    // extract in Chromium: renderers' growth 1.96x the file against 0.91x).
    try {
      if (this.kept?.key === key) result = this.kept.result;
      else {
        const raw = await this.need(onProgress);
        const handOver = withTable && raw.nRows > this.keepRows;
        if (handOver) this.loaded = null;
        result = applyMapping(protocol, raw, mapping, {
          valueTables: !withTable,
          reuse: handOver,
          ...(onProgress ? { onVariable } : {}),
        });
      }
    } catch (e) {
      for (const port of ports ?? []) refuse(port, e);
      throw e;
    }
    if (!withTable) {
      for (const port of ports ?? []) refuse(port, new Error("no table was asked for"));
      this.kept = { key, result };
      return { problems: result.problems, quality: result.quality };
    }
    this.kept = null;
    // cross-origin isolated: every column in shared memory (the parallel read's buffer, and
    // converted columns, or a one-reader table's, copied once: each private array is garbage
    // as soon as its copy is made), so the page and the evaluation workers get views of one
    // table instead of a table each
    if (this.share()) {
      void onProgress?.("putting the table in shared memory");
      shareTable(result.table);
    }
    void onProgress?.("handing the rows to the evaluation workers");
    if (ports?.length) sendSlices(protocol, result.table, ports);
    const out = packIds(protocol, result);
    // a buffer the raw table still uses (a packed dictionary both share) is copied, not moved
    // (none when the raw table was handed over)
    const raw = new Set(this.loaded ? tableBuffers(this.loaded) : []);
    return Comlink.transfer(
      out,
      mappedBuffers(out.table!).filter((b) => !raw.has(b)),
    );
  }

  async demoCsv(rows: number, onProgress?: (rowsDone: number) => void): Promise<Blob> {
    const controller = this.begin(true);
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
      this.running.delete(controller);
    }
  }

  async configure(opts: Parameters<IngestApi["configure"]>[0]) {
    if ("partWorkerUrl" in opts) this.partWorkerUrl = opts.partWorkerUrl;
    if (opts.keepRows !== undefined) this.keepRows = opts.keepRows;
    if (opts.shared !== undefined) {
      const shared = opts.shared && canShare();
      this.share = () => shared;
    }
    if (opts.warm) {
      this.spare?.worker.terminate();
      this.spare = null;
      try {
        if (this.partWorkerUrl && typeof Worker === "function")
          this.spare = startHelper(this.partWorkerUrl);
        warmUp();
        const s = this.share();
        const spare = this.spare;
        // (a helper whose script fails never answers: its error ends the wait)
        await Promise.all([
          warmRead(undefined, s),
          spare && failOnError(spare.worker, spare.api.warm(s)),
        ]);
      } catch {
        // (only a head start: the load starts its helper itself, and reports what is wrong)
      }
    }
  }

  release(): void {
    this.loaded = null;
    this.kept = null;
    this.source = null;
  }

  cancel(): void {
    for (const c of this.running) c.abort();
  }

  private begin(exclusive: boolean): AbortController {
    if (exclusive) for (const c of this.running) c.abort();
    const controller = new AbortController();
    this.running.add(controller);
    return controller;
  }

  /**
   * The loaded raw table; read again from the file (a File is a handle to the data, not a copy)
   * if it is not here any more, with its progress as steps when `onStep` is given.
   */
  private async need(onStep?: (step: string) => void): Promise<RawTable> {
    if (this.loaded) return this.loaded;
    if (!this.source) throw new Error("no file is loaded in the ingest worker");
    const again = this.source;
    let shown = -1;
    const table = await this.readParallel(
      again.file,
      again.opts,
      onStep &&
        ((p) => {
          const pct = Math.floor((100 * p.bytes) / Math.max(1, p.totalBytes ?? again.file.size));
          if (pct === shown) return;
          shown = pct;
          onStep(`reading the file again: ${pct}%`);
        }),
    );
    if (this.source !== again) throw new Error("another file was loaded meanwhile");
    this.loaded = table;
    return table;
  }

  /** Reads `file` on all cores (helper workers for the other byte ranges), merged here. */
  private async readParallel(
    file: Blob,
    opts: IngestOptions,
    onProgress?: (p: ParseProgress) => void,
  ): Promise<RawTable> {
    const controller = this.begin(true);
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
        const helper = this.takeHelper();
        if (!helper) break; // no nested workers here: fewer parts (or one reader)
        const { worker: w, api } = helper;
        helpers.push(w);
        // (each helper reads one part: ended as soon as its part is here, so that its heap, its
        // part's dictionaries and the read's garbage, is returned before the merge, not after)
        runners.push((f, job, p) =>
          failOnError(w, api.parsePart(f, job, opts, Comlink.proxy(p))).finally(() =>
            w.terminate(),
          ),
        );
      }
      if (runners.length < 2) return await whole();
      try {
        // cross-origin isolated: one SharedArrayBuffer for the parts, merged in place
        return await parseBlobParallel(file, runners, whole, o, undefined, this.share());
      } catch (e) {
        if (controller.signal.aborted) throw e;
        // a helper failed (could not start, ran out of memory): read the file on this worker
        for (const w of helpers) w.terminate();
        return await whole();
      }
    } finally {
      for (const w of helpers) w.terminate();
      this.running.delete(controller);
    }
  }

  /** The spare helper if it is alive (see configure), else a new one; null when none can start. */
  private takeHelper(): Helper | null {
    const s = this.spare;
    this.spare = null;
    if (s && !s.failed) return s;
    s?.worker.terminate();
    let worker: Worker;
    try {
      if (this.partWorkerUrl) worker = new Worker(this.partWorkerUrl, { type: "module" });
      else if (this.startPart) worker = this.startPart();
      else return null;
    } catch {
      return null;
    }
    return { worker, api: Comlink.wrap(worker) };
  }
}
