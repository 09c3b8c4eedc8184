/**
 * The benchmark's load worker: the File goes to the app's ingest worker (parseFileParallel:
 * it reads one byte range, a helper worker the other, and merges them; both cores), the table
 * comes here (transferred), and the seed protocol is auto-mapped and evaluated here too, so
 * the page only shows progress.
 */
import * as Comlink from "comlink";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol";
import type { Protocol } from "../../src/engine/protocol/types";
import { applyMapping } from "../../src/ingest/apply";
import { autoMap } from "../../src/ingest/mapping";
import type { ParseProgress } from "../../src/ingest/types";
import seed from "../../src/protocols/ln-cd19-cd70.json";
import type { IngestApi } from "../../workers/protocol";

const protocol = seed as unknown as Protocol;
const EVAL_SLICE = 100_000;

self.onmessage = async (ev: MessageEvent<{ file: File }>) => {
  const file = ev.data.file;
  const helper = new Worker(new URL("../../workers/ingest.worker.ts", import.meta.url), {
    type: "module",
  });
  const api = Comlink.wrap<IngestApi>(helper);
  const t0 = performance.now();
  // the app's path: the ingest worker's parallel load (it starts its own helper worker)
  const raw = await api.parseFileParallel(
    file,
    {},
    Comlink.proxy((p: ParseProgress) =>
      postMessage({ type: "progress", bytes: p.bytes, rows: p.rows }),
    ),
  );
  helper.terminate();
  const t1 = performance.now();
  postMessage({ type: "progress", bytes: file.size, rows: raw.nRows });
  const { mapping, matches } = autoMap(protocol, raw);
  const { table } = applyMapping(protocol, raw, mapping);
  const t2 = performance.now();
  const { compiled } = compileProtocol(protocol);
  if (!compiled) throw new Error("the seed protocol does not compile");
  // in slices of 100,000 rows with progress between them (as the app's pool evaluates slices)
  const verdicts = compiled.criteria.map(() => new Uint8Array(table.nRows));
  for (let start = 0; start < table.nRows; start += EVAL_SLICE) {
    const end = Math.min(table.nRows, start + EVAL_SLICE);
    const r = evaluateProtocol(compiled, table, start, end);
    r.verdicts.forEach((v, j) => verdicts[j]!.set(v, start));
    postMessage({ type: "progress", bytes: file.size, rows: raw.nRows, evaluated: end });
  }
  const t3 = performance.now();
  const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  postMessage({
    type: "done",
    rows: raw.nRows,
    bytes: file.size,
    parallel: raw.dialect.notes.some((n) => n.includes("parallel")),
    mapped: matches.length,
    criteria: verdicts.length,
    parseSeconds: (t1 - t0) / 1000,
    mapSeconds: (t2 - t1) / 1000,
    evalSeconds: (t3 - t2) / 1000,
    seconds: (t3 - t0) / 1000,
    workerHeapMB: mem ? mem.usedJSHeapSize / 1e6 : -1,
  });
};
