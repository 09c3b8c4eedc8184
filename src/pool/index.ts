export { EvalPool, type PoolOptions } from "./pool.ts";
export { PoolTimeoutError, type WorkerFactory, type WorkerHandle } from "./supervisor.ts";
export { EvalService } from "./eval-service.ts";
export { sliceTable, splitRows } from "./slice.ts";
