/**
 * An IngestService over an in-process MessageChannel (Comlink's node adapter), one per
 * connection, so the ingest worker's logic is tested in Node without a real worker. Call `closeIngestChannels()` in `afterEach`.
 */
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter";
import { MessageChannel } from "node:worker_threads";
import { IngestService } from "../../src/ingest/browser/service.ts";
import type { IngestApi } from "../../src/ingest/browser/ingest-api.ts";

const open: MessageChannel[] = [];

export function connectIngest(): Comlink.Remote<IngestApi> {
  const channel = new MessageChannel();
  open.push(channel);
  Comlink.expose(new IngestService(), nodeEndpoint(channel.port1));
  return Comlink.wrap<IngestApi>(nodeEndpoint(channel.port2));
}

export function closeIngestChannels(): void {
  for (const c of open.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
}
