/**
 * The ingest worker's logic (workers/ingest.worker.ts exposes one with Comlink; tests reach one
 * over an in-process MessageChannel). The file is read in chunks from the `File` (never whole).
 * The app's path (`loadFile`) keeps the raw table here and auto-maps and applies the mapping
 * here too, so the page only receives a summary and, once the mapping is confirmed, the mapped
 * table (buffers transferred); a raw table of up to `KEEP_RAW_ROWS` rows stays, for a later
 * change of the mapping. The reading itself, and `parseFile` / `parseFileParallel`, which
 * transfer the raw columns instead (tests, benchmarks), are file-reads.ts.
 *
 * @example
 * Comlink.expose(new IngestService(() => new Worker(helperUrl, { type: "module" })));
 */
import * as Comlink from "comlink";
import type { Protocol } from "../../engine/protocol/types.ts";
import { shareTable } from "../../pool/share-table.ts";
import { generateSynthetic } from "../../synth/generate.ts";
import { applyMapping, type ApplyResult } from "../map/apply.ts";
import { autoMap, type Mapping } from "../map/mapping.ts";
import { summarizeRaw, type RawSummary } from "../quality/raw-summary.ts";
import { mappedBuffers } from "../read/buffers.ts";
import type { ParseProgress, RawTable } from "../types.ts";
import { FileReaders, tableBuffers } from "./file-reads.ts";
import { packIds, refuse, sendSlices } from "./handover.ts";
import {
  KEEP_RAW_ROWS,
  type IngestApi,
  type IngestOptions,
  type MappedResult,
} from "./ingest-api.ts";

/** Identity of a (protocol, mapping) pair for the kept preview. */
const mappingKey = (protocol: Protocol, mapping: Mapping): string =>
  JSON.stringify([protocol, mapping]);

export class IngestService extends FileReaders implements IngestApi {
  /** the table of the last `loadFile`, kept for autoMap / applyMapping */
  private loaded: RawTable | null = null;
  /** the file of the last `loadFile`, read again when its table was handed over */
  private source: { file: Blob; opts: IngestOptions } | null = null;
  /** the largest table (rows) kept here after Confirm; a larger one is handed over */
  private keepRows = KEEP_RAW_ROWS;
  /** the last applied mapping (a preview), reused when the same mapping is confirmed */
  private kept: { key: string; result: ApplyResult } | null = null;

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

  override async configure(opts: Parameters<IngestApi["configure"]>[0]) {
    if (opts.keepRows !== undefined) this.keepRows = opts.keepRows;
    await super.configure(opts);
  }

  release(): void {
    this.loaded = null;
    this.kept = null;
    this.source = null;
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
}
