/**
 * Helper of the ingest worker's parallel load: reads one byte range of the File (a part) with
 * the ingest core and transfers the part's column buffers back.
 */
import * as Comlink from "comlink";
import { readBlobPart } from "../src/ingest/browser/blob-parallel";
import { partBuffers } from "../src/ingest/read/buffers";
import type { IngestPartApi } from "./protocol";
import { warmRead } from "../src/ingest/browser/warm";

export const ingestPartApi: IngestPartApi = {
  async parsePart(file, job, opts, onProgress) {
    const part = await readBlobPart(
      file,
      job,
      onProgress ? (b, r) => void onProgress(b, r) : undefined,
      opts,
    );
    return Comlink.transfer(part, partBuffers(part.columns));
  },
  warm: (shared) => warmRead(undefined, shared),
};

declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope)
  Comlink.expose(ingestPartApi);
