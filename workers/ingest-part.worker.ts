/** A reading helper of the ingest worker's parallel load: src/ingest/browser/part-service.ts. */
import { expose } from "comlink";
import { IngestPartService } from "../src/ingest/browser/part-service.ts";

expose(new IngestPartService());
