/**
 * What the app needs from the engine, as one small interface. The real implementation
 * (compile-protocol + pool of eval workers) is wired in `engine-live.ts`; tests pass a fake.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";

export type ParamValue = number | string | boolean;
export type Overrides = Record<string, ParamValue>;

export interface Evaluation {
  /** one verdict array (length nRows) per protocol criterion, in protocol order */
  verdicts: Uint8Array[];
}

export interface ScreenEngine {
  /** Compiles the protocol with parameter overrides; problems are data. */
  load(
    protocol: Protocol,
    table: Table,
    overrides: Overrides,
  ): Promise<{ ok: boolean; problems: Problem[] }>;
  /** Evaluates every criterion over every row. */
  evaluateAll(): Promise<Evaluation>;
  /**
   * Applies new overrides; returns the indices of criteria whose verdicts changed and their
   * new verdict arrays (only those criteria are re-evaluated).
   */
  setOverrides(
    overrides: Overrides,
  ): Promise<{ changed: number[]; verdicts: Uint8Array[]; problems: Problem[] }>;
  /** Evaluates criterion `k` with parameter `param` set to each of `values`; fail/unknown masks per value. */
  sweep?(k: number, param: string, values: ParamValue[]): Promise<Uint8Array[]>;
  /** Re-evaluates rows [start, end) after a raw value edit; verdicts per criterion for that slice. */
  evaluateRows(table: Table, start: number, end: number): Promise<Uint8Array[]>;
  /** Plain-words explanation of one cell ("upcr = 0.62 g/g; needs >= 1.0 g/g"). */
  explain(k: number, row: number): string;
  dispose?(): void;
}
