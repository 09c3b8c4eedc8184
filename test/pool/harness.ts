/**
 * Wire Comlink expose/wrap over a node:worker_threads MessageChannel (comlink's node adapter):
 * the pool and the worker logic run exactly as in the browser, minus the thread.
 */
import { MessageChannel } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { WorkerFactory } from "../../src/pool/supervisor.ts";
import { EvalService } from "../../src/pool/eval-service.ts";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import type { Table } from "../../src/engine/types.ts";
import { applyMapping } from "../../src/ingest/map/apply.ts";
import { autoMap } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { generateSynthetic } from "../../src/synth/generate.ts";

export interface FakeWorkers {
  factory: WorkerFactory;
  /** simulate a worker's uncaught error event */
  crash(index: number, err: Error): void;
  created: number;
  terminated: number;
}

export function inProcessWorkers(
  make: (index: number, nth: number) => object = () => new EvalService(),
): FakeWorkers {
  const fatal = new Map<number, (err: Error) => void>();
  const nth = new Map<number, number>();
  const w: FakeWorkers = {
    created: 0,
    terminated: 0,
    crash: (index, err) => fatal.get(index)?.(err),
    factory: (index) => {
      const { port1, port2 } = new MessageChannel();
      const k = nth.get(index) ?? 0;
      nth.set(index, k + 1);
      expose(make(index, k), nodeEndpoint(port1));
      w.created++;
      return {
        endpoint: nodeEndpoint(port2),
        terminate: () => {
          w.terminated++;
          port1.close();
          port2.close();
        },
        onFatal: (listener) => void fatal.set(index, listener),
      };
    },
  };
  return w;
}

export function seedTable(rows: number): { protocol: Protocol; table: Table } {
  const protocol = getBuiltin("ln-cd19-cd70") as Protocol;
  const csv = [...generateSynthetic({ rows, seed: 7, chunkRows: 5000 }).chunks()].join("");
  const raw = parseCsvText(csv);
  const { table } = applyMapping(protocol, raw, autoMap(protocol, raw).mapping);
  return { protocol, table };
}

export function referenceVerdicts(protocol: Protocol, table: Table, overrides = {}): Uint8Array[] {
  const { compiled, problems } = compileProtocol(protocol, overrides);
  if (!compiled) throw new Error(problems.map((p) => p.message).join("; "));
  return evaluateProtocol(compiled, table).verdicts;
}
