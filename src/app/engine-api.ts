/**
 * What the app needs from the engine, as one small interface. Implementations: the evaluation
 * workers' (`engine-pool.ts`) and the page thread's (`engine-live.ts`); state tests pass a fake.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import type { CriterionMeta, ResultSet, ResultStep } from "../engine/results/index.ts";
import type { Stored } from "./cell-edit.ts";

export type ParamValue = number | string | boolean;
export type Overrides = Record<string, ParamValue>;

export interface ScreenEngine {
  /** Compiles the protocol for this table; problems are data (ok=false when it cannot run). */
  load(
    protocol: Protocol,
    table: Table,
    overrides: Overrides,
  ): Promise<{ ok: boolean; problems: Problem[] }>;
  /** Indices of the criteria whose rule reads parameter `name` (directly or through derived variables). */
  affected(name: string): number[];
  /**
   * Verdicts (one array per requested criterion, in the order of `criteria`) with these
   * overrides, over rows [start, end) (default: all rows). Does not change what `load` compiled.
   */
  evaluate(
    overrides: Overrides,
    criteria: readonly number[],
    start?: number,
    end?: number,
    /** rows evaluated so far, reported as chunks finish (a worker-backed engine) */
    onProgress?: (rows: number) => void,
  ): Promise<{ verdicts: Uint8Array[]; problems: Problem[] }>;
  /** Tells a worker-backed engine about a raw value edit (the page table is already changed). */
  setRow?(row: number, column: string, value: Stored): Promise<Problem[]>;
  /**
   * The ResultSet of these verdicts, built off the page (a worker-backed engine); absent or
   * rejecting: the caller builds it in place.
   */
  resultSet?(
    meta: CriterionMeta[],
    nRows: number,
    verdicts: Uint8Array[],
    onStep?: (step: ResultStep) => void,
  ): Promise<ResultSet>;
  /**
   * Plain-words explanation of one cell ("UPCR 0.62 g/g < 1 g/g"), values in `units` (the unit
   * each variable was mapped from) where given.
   */
  explain(
    k: number,
    row: number,
    overrides: Overrides,
    units?: Readonly<Record<string, string>>,
  ): string;
  /** Starts a worker-backed engine's workers ahead of the first load (while a file is read). */
  warm?(): void;
  dispose?(): void;
}
