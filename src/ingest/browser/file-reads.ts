/**
 * Reading a File in the ingest worker: whole on this thread, or in byte ranges on all cores
 * (this worker and its reading helpers, merged here); the jobs under way, cancel, the readers'
 * warm-up. The ingest worker's service (service.ts) adds the loaded table's session on top.
 */
import * as Comlink from "comlink";
import { postableColumn } from "../../engine/packed-dict.ts";
import { MIN_PARALLEL_BYTES } from "../parallel/plan.ts";
import { canShare } from "../parallel/shared.ts";
import { partBuffers } from "../read/buffers.ts";
import { parseCsvStream } from "../read/parse.ts";
import type { ParseProgress, RawTable } from "../types.ts";
import { parseBlobParallel, readBlobPart, type BlobPartRunner } from "./blob-parallel.ts";
import { failOnError, startHelper, type Helper, type SpareHelper } from "./helpers.ts";
import type { IngestApi, IngestOptions } from "./ingest-api.ts";
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

export class FileReaders {
  /**
   * Jobs under way. A new read (parseFile, loadFile, demoCsv, a parallel read) ends every job
   * first; a part read (`parsePart`) ends none; `cancel` ends them all.
   */
  protected running = new Set<AbortController>();
  /** the helper worker's script when the page gave one (see IngestApi.configure) */
  private partWorkerUrl: string | undefined;
  /** shared memory for the read and the mapped table (default: when this context can share) */
  protected share: () => boolean = canShare;
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

  async configure(opts: Parameters<IngestApi["configure"]>[0]) {
    if ("partWorkerUrl" in opts) this.partWorkerUrl = opts.partWorkerUrl;
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

  cancel(): void {
    for (const c of this.running) c.abort();
  }

  protected begin(exclusive: boolean): AbortController {
    if (exclusive) for (const c of this.running) c.abort();
    const controller = new AbortController();
    this.running.add(controller);
    return controller;
  }

  /** Reads `file` on all cores (helper workers for the other byte ranges), merged here. */
  protected async readParallel(
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
