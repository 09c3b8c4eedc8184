/**
 * ScreenEngine over the evaluation worker pool: verdicts are computed in workers (each holds a
 * row slice); explanations of single cells are computed on the page from a page-side compile.
 * If the workers cannot start (a locked-down browser), it falls back to the page thread.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import type { EvalPool } from "../pool/index.ts";
import type { CellValue } from "../pool/eval-api.ts";
import type { Stored } from "./cell-edit.ts";
import type { Overrides, ScreenEngine } from "./engine-api.ts";
import { createLiveEngine } from "./engine-live.ts";
import { takeSlicePorts } from "./slice-ports.ts";
import { own } from "../engine/user-keys.ts";

/**
 * Rows a worker evaluates between two progress reports. Each worker's first chunk runs cold code
 * (~0.2 s for 131,072 rows in Chromium: the load's longest progress gap): half of that.
 */
export const EVAL_CHUNK_ROWS = 65_536;

export function createPoolEngine(makePool: () => EvalPool): ScreenEngine {
  const page = createLiveEngine();
  let pool: EvalPool | null = null;
  let usePool = true;
  let table: Table = { nRows: 0, columns: {} };

  return {
    async load(protocol: Protocol, t: Table, overrides: Overrides) {
      table = t;
      const local = await page.load(protocol, t, overrides);
      if (!local.ok) return local;
      if (!usePool) return local;
      try {
        pool ??= makePool();
        // state proxies cannot be posted to a worker: send plain copies
        // slices the ingest worker posted for this table (none: the pool cuts them here)
        const r = await pool.load(plain(protocol), t, { ...overrides }, takeSlicePorts(t));
        return r.ok ? local : { ok: false, problems: r.problems };
      } catch (e) {
        usePool = false;
        pool?.dispose();
        pool = null;
        const note: Problem = {
          where: "workers",
          message: `evaluation runs on the page (workers unavailable: ${(e as Error).message})`,
          severity: "warning",
        };
        return { ok: true, problems: [...local.problems, note] };
      }
    },
    affected: (name) => page.affected(name),
    async evaluate(overrides, criteria, start, end, onProgress) {
      if (!pool || !usePool) return page.evaluate(overrides, criteria, start, end);
      return pool.evaluate(
        { ...overrides },
        [...criteria],
        start,
        end,
        onProgress ? { onProgress, chunkRows: EVAL_CHUNK_ROWS } : {},
      );
    },
    async setRow(row: number, column: string, value: Stored) {
      if (!pool || !usePool) return [];
      return pool.setRow(row, { [column]: toCellValue(table, column, value) });
    },
    async resultSet(meta, nRows, verdicts, onStep) {
      if (!pool || !usePool || pool.nRows !== nRows) throw new Error("no evaluation workers");
      return pool.results(meta, verdicts, onStep);
    },
    explain: (k, row, overrides, units) => page.explain(k, row, overrides, units),
    warm() {
      if (!usePool) return;
      try {
        pool ??= makePool();
        pool.warm();
      } catch {
        // workers unavailable: `load` finds out again and falls back to the page
      }
    },
    dispose: () => pool?.dispose(),
  };
}

/** A plain (postable) cell value: edits held in state are proxies. */
function toCellValue(t: Table, column: string, v: Stored): CellValue {
  switch (v.kind) {
    case "number":
      return { kind: "number", lo: v.lo, hi: v.hi };
    case "date":
      return { kind: "date", days: v.days };
    case "boolean":
      return { kind: "boolean", value: v.value as 0 | 1 | 2 };
    case "category": {
      const col = own(t.columns, column);
      const dict = col?.kind === "category" ? col.dict : [];
      // the page's code too: in shared memory the worker writes the same cell the page wrote
      const value = v.code < 0 ? null : (dict[v.code] ?? null);
      return value === null
        ? { kind: "category", value }
        : { kind: "category", value, code: v.code };
    }
  }
}

function plain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
