/**
 * Evaluation worker for Node (worker_threads): the same EvalService as the browser worker,
 * exposed over the thread's parentPort. Started by nodeWorkerFactory (node.ts).
 */
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { EvalService } from "./eval-service.ts";

if (!parentPort) throw new Error("node-worker.ts must run in a worker thread");
expose(new EvalService(), nodeEndpoint(parentPort));
