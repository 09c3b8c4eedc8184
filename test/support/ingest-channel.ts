/**
 * The ingest worker's API over an in-process MessageChannel (Comlink's node adapter), so worker
 * logic is tested in Node without a real worker. Call `closeIngestChannels()` in `afterEach`.
 */
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter";
import { MessageChannel } from "node:worker_threads";
import { ingestApi } from "../../workers/ingest.worker.ts";
import type { IngestApi } from "../../workers/protocol.ts";

const open: MessageChannel[] = [];

export function connectIngest(): Comlink.Remote<IngestApi> {
  const channel = new MessageChannel();
  open.push(channel);
  Comlink.expose(ingestApi, nodeEndpoint(channel.port1));
  return Comlink.wrap<IngestApi>(nodeEndpoint(channel.port2));
}

export function closeIngestChannels(): void {
  for (const c of open.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
}
