/**
 * Node worker thread of node-eval.ts: compiles the protocol once it is sent, evaluates its row
 * slice with the same `evaluateProtocol` as the calling thread and returns the verdicts (one
 * transferred buffer).
 */
import { parentPort } from "node:worker_threads";
import { compileProtocol, evaluateProtocol } from "../engine/compile-protocol";
import type { EvalJob, EvalReply } from "./node-eval";

parentPort!.on("message", (job: EvalJob) => {
  try {
    const { compiled, problems } = compileProtocol(job.protocol, job.overrides);
    if (!compiled) {
      const reply: EvalReply = { type: "error", message: problems[0]?.message ?? "no protocol" };
      parentPort!.postMessage(reply);
      return;
    }
    const { verdicts } = evaluateProtocol(compiled, job.table);
    // the verdicts are views of one buffer (after the truths): send that buffer whole
    const first = verdicts[0];
    const reply: EvalReply = first
      ? { type: "done", buffer: first.buffer as ArrayBuffer, offset: first.byteOffset }
      : { type: "done", buffer: new ArrayBuffer(0), offset: 0 };
    parentPort!.postMessage(reply, [reply.buffer]);
  } catch (e) {
    const reply: EvalReply = { type: "error", message: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(reply);
  }
});
parentPort!.postMessage({ type: "ready" } satisfies EvalReply);
