/**
 * Events worker: exposes the events API (src/events/remote.ts) over an EventService, which
 * keeps the chosen OMOP tables; a cancelled read ends the worker (the page starts a new one).
 * The Parquet reader is given here only: the page imports EventService for its plan, and the
 * reader's compressors compile WebAssembly when loaded.
 */
import { expose } from "comlink";
import { eventsApi } from "../src/events/remote.ts";
import { EventService } from "../src/events/service.ts";
import { readParquetTable } from "../src/events/parquet.ts";

expose(eventsApi(new EventService({ parquet: readParquetTable })));
