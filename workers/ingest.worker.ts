/**
 * Ingest worker: exposes an IngestService (src/ingest/browser/service.ts). Its reading helpers
 * start from the page's helper URL, else from this bundle's own copy of the helper script.
 */
import { expose } from "comlink";
import { IngestService } from "../src/ingest/browser/service.ts";

expose(
  new IngestService(
    () => new Worker(new URL("./ingest-part.worker.ts", import.meta.url), { type: "module" }),
  ),
);
