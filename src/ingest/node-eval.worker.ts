/**
 * Node worker thread of node-eval.ts: compiles the protocol it is sent, then evaluates each
 * chunk of rows with the same `evaluateProtocol` as the calling thread and returns the chunk's
 * verdicts (criterion-major, one transferred buffer).
 */
import { parentPort } from "node:worker_threads";
import {
  compileProtocol,
  evaluateProtocol,
  type CompiledProtocol,
} from "../engine/compile-protocol";
import type { EvalJob, EvalReply } from "./node-eval";

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
    const { verdicts } = evaluateProtocol(compiled, job.table);
    // the verdicts are consecutive views of one buffer (after the truths): send it whole
    const first = verdicts[0];
    reply = first
      ? { type: "done", id: job.id, buffer: first.buffer as ArrayBuffer, offset: first.byteOffset }
      : { type: "done", id: job.id, buffer: new ArrayBuffer(0), offset: 0 };
  } catch (e) {
    reply = { type: "error", id: job.id, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply, reply.type === "done" ? [reply.buffer] : []);
});
parentPort!.postMessage({ type: "ready" } satisfies EvalReply);
