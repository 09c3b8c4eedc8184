export {
  EvalPool,
  PoolTimeoutError,
  type PoolOptions,
  type WorkerFactory,
  type WorkerHandle,
} from "./pool.ts";
export { EvalService } from "./eval-service.ts";
export { sliceTable, splitRows } from "./slice.ts";
