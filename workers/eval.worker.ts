/**
 * Evaluation worker: a thin Comlink adapter over EvalService (src/pool/eval-service.ts), which
 * holds one row slice of the table, compiles the protocol and returns verdicts as transferables.
 */
import { expose } from "comlink";
import { EvalService } from "../src/pool/eval-service.ts";

expose(new EvalService());
