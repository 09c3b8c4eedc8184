/**
 * A reading helper's logic (workers/ingest-part.worker.ts exposes one): reads one byte range of
 * the File (a part) with the ingest core and transfers the part's column buffers back.
 */
import * as Comlink from "comlink";
import { partBuffers } from "../read/buffers.ts";
import { readBlobPart } from "./blob-parallel.ts";
import type { IngestPartApi } from "./ingest-api.ts";
import { warmRead } from "./warm.ts";

export class IngestPartService implements IngestPartApi {
  async parsePart(...[file, job, opts, onProgress]: Parameters<IngestPartApi["parsePart"]>) {
    const part = await readBlobPart(
      file,
      job,
      onProgress ? (b, r) => void onProgress(b, r) : undefined,
      opts,
    );
    return Comlink.transfer(part, partBuffers(part.columns));
  }

  warm(shared: boolean): Promise<number> {
    return warmRead(undefined, shared);
  }
}
