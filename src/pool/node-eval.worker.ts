/**
 * Node worker thread of node-eval.ts: compiles the protocol it is sent, then evaluates each
 * chunk of rows with the same `evaluateInto` as the calling thread, writing the chunk's
 * verdicts into the shared verdict buffer it names (and packed into the bitsets it names).
 */
import { parentPort } from "node:worker_threads";
import { compileProtocol, type CompiledProtocol } from "../engine/compile-protocol.ts";
import { bitsetArrays, evaluateInto, packInto, verdictArrays } from "./eval-into.ts";
import type { EvalJob, EvalReply } from "./node-eval.ts";
import { withDictViews } from "../engine/packed-dict.ts";

let compiled: CompiledProtocol | undefined;
let fault = "no protocol";

parentPort!.on("message", (job: EvalJob) => {
  if (job.type === "compile") {
    try {
      const r = compileProtocol(job.protocol, job.overrides);
      compiled = r.compiled;
      fault = r.problems[0]?.message ?? "the protocol does not compile";
    } catch (e) {
      compiled = undefined;
      fault = e instanceof Error ? e.message : String(e);
    }
    return;
  }
  let reply: EvalReply;
  try {
    if (!compiled) throw new Error(fault);
    const { buffer, n, at, bits } = job.out;
    const k = compiled.criteria.length;
    const verdicts = verdictArrays(buffer, k, n);
    withDictViews(job.table);
    const m = job.table.nRows;
    evaluateInto(compiled, job.table, 0, m, verdicts, at);
    const ids = compiled.criteria.map((c) => c.id);
    const sites = bits ? packInto(verdicts, bitsetArrays(bits, k, n), at, at + m, ids) : undefined;
    reply = { type: "done", id: job.id, sites };
  } catch (e) {
    reply = { type: "error", id: job.id, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ type: "ready" } satisfies EvalReply);
