/**
 * The evaluation worker's logic, independent of how it is reached: `workers/eval.worker.ts`
 * exposes it with Comlink; tests call it in-process or over a MessageChannel.
 */
import { transfer } from "comlink";
// the clinical score functions register themselves on import; a worker must load them too
import {
  compileProtocol,
  recompileForParams,
  type CompiledProtocol,
} from "../engine/compile-protocol.ts";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { Table } from "../engine/types.ts";
import { appendEntry, withDictViews } from "../engine/packed-dict.ts";
import { setCode } from "../engine/codes.ts";
import { ResultSet, type CriterionMeta, type ResultStep } from "../engine/results/index.ts";
import type { PackedVerdicts, StatusCounts } from "../engine/results/types.ts";
import { packResultSet, reviveResultSet, type PackedResultSet } from "./result-transfer.ts";
import { bitsetArrays, bitsetBytes, evaluateInto, packInto } from "./eval-into.ts";
import { WARM_ROUNDS, WARM_ROWS, warmTable } from "./warm-eval.ts";
import type {
  CellValue,
  ChunkBits,
  EvalResult,
  EvalWorkerApi,
  LoadResult,
  Overrides,
  SliceMessage,
} from "./eval-api.ts";
import { own } from "../engine/user-keys.ts";

/**
 * The code of `value` in `dict` (-1: missing). With the sender's `code`, that code is used and
 * `dict` learns the value at it (gaps, codes added by edits in other slices, are filled with ""
 * and never referenced by this slice's rows); without it (or when `dict` holds another value
 * there), the value's first index, or a new entry.
 */
export function categoryCode(
  dict: string[],
  value: string | null,
  code?: number,
  append: (v: string) => number = (v) => dict.push(v) - 1,
): number {
  if (value === null) return -1;
  if (code !== undefined && Number.isInteger(code) && code >= 0) {
    if (dict[code] === value) return code;
    if (code >= dict.length) {
      for (let n = dict.length; n < code;) n = append("") + 1;
      return append(value);
    }
  }
  const i = dict.indexOf(value);
  return i >= 0 ? i : append(value);
}

/**
 * `cp` with only the criteria at `which` (in that order; all when omitted), for the batch-major
 * `evaluateInto` (every criterion on one batch of rows before the next: the batch's columns stay
 * in cache and values shared by criteria are derived once per batch).
 */
function only(cp: CompiledProtocol, which: readonly number[] | undefined): CompiledProtocol {
  if (!which) return cp;
  const criteria = which.map((k) => {
    const c = cp.criteria[k];
    if (!c) throw new RangeError(`invalid criterion index: ${k}`);
    return c;
  });
  return { ...cp, criteria };
}

export class EvalService implements EvalWorkerApi {
  private table: Table = { nRows: 0, columns: {} };
  private base: CompiledProtocol | undefined;
  private last: { key: string; cp?: CompiledProtocol; problems: Problem[] } | undefined;

  async load(protocol: Protocol, slice: Table, overrides: Overrides): Promise<LoadResult> {
    // (packed dictionaries arrive without their views)
    this.table = withDictViews(slice);
    this.last = undefined;
    const r = compileProtocol(protocol, {});
    this.base = r.compiled;
    if (!this.base) return { ok: false, problems: r.problems, criteria: [] };
    const o = this.compiledFor(overrides);
    const criteria = this.base.criteria.map((c) => ({
      id: c.id,
      kind: c.kind,
      siteAssessed: c.siteAssessed,
      variables: c.variables,
      parameters: c.parameters,
    }));
    return { ok: o.cp !== undefined, problems: [...r.problems, ...o.problems], criteria };
  }

  async loadFrom(protocol: Protocol, port: MessagePort, overrides: Overrides): Promise<LoadResult> {
    const msg = await new Promise<SliceMessage>((resolve) => {
      port.onmessage = (e: MessageEvent<SliceMessage>) => resolve(e.data);
      port.onmessageerror = () => resolve({ error: "the row slice could not be decoded" });
    });
    port.close();
    if ("error" in msg) throw new Error(`evaluation worker got no rows: ${msg.error}`);
    return this.load(protocol, msg.table, overrides);
  }

  async evaluate(
    overrides: Overrides,
    criteria?: number[],
    start = 0,
    end = this.table.nRows,
  ): Promise<EvalResult> {
    const { cp, problems } = this.compiledFor(overrides);
    if (!cp) return { verdicts: [], problems };
    const lo = Math.max(0, Math.min(start, this.table.nRows));
    const hi = Math.max(lo, Math.min(end, this.table.nRows));
    const sub = only(cp, criteria);
    const verdicts = sub.criteria.map(() => new Uint8Array(hi - lo));
    evaluateInto(sub, this.table, lo, hi, verdicts, 0);
    return transfer(
      { verdicts, problems },
      verdicts.map((v) => v.buffer as ArrayBuffer),
    );
  }

  async evaluateInto(
    overrides: Overrides,
    criteria: number[] | undefined,
    start: number,
    end: number,
    out: Uint8Array[],
    bits?: ChunkBits,
  ): Promise<{ problems: Problem[]; count: number; site?: number[] }> {
    const { cp, problems } = this.compiledFor(overrides);
    if (!cp) return { problems, count: 0 };
    const lo = Math.max(0, Math.min(start, this.table.nRows));
    const hi = Math.max(lo, Math.min(end, this.table.nRows));
    const which = criteria ?? cp.criteria.map((_, k) => k);
    if (out.length !== which.length || out.some((v) => v.length !== hi - lo))
      throw new RangeError(
        `evaluateInto: ${out.length} arrays for ${which.length} criteria over ${hi - lo} rows`,
      );
    const sub = only(cp, which);
    evaluateInto(sub, this.table, lo, hi, out, 0);
    if (!bits) return { problems, count: which.length };
    // packed here too (like the Node threads): the ResultSet then skips its packing loop
    const ids = sub.criteria.map((c) => c.id);
    return { problems, count: which.length, site: packInto(out, bits, 0, hi - lo, ids) };
  }

  async results(
    meta: CriterionMeta[],
    nRows: number,
    verdicts: Uint8Array[],
    onStep?: (step: ResultStep) => void,
    packed?: PackedVerdicts,
  ): Promise<PackedResultSet> {
    // (a proxied callback returns a promise: not awaited, the steps only report)
    const rs = new ResultSet(meta, nRows, verdicts, onStep && ((s) => void onStep(s)), packed);
    const { value, transfer: buffers } = packResultSet(rs);
    return transfer(value, buffers);
  }

  async warm(protocol: Protocol): Promise<StatusCounts | null> {
    if (this.base) return null;
    const rows = WARM_ROWS;
    try {
      const loaded = await this.load(protocol, warmTable(protocol, rows), {});
      if (!loaded.ok) return null;
      const k = loaded.criteria.length;
      const meta = loaded.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.id }));
      // as a load: verdicts and bitsets in shared memory where the page can share (else plain)
      const Buffer = (globalThis.SharedArrayBuffer ?? ArrayBuffer) as typeof SharedArrayBuffer;
      const verdicts = Array.from({ length: k }, () => new Uint8Array(new Buffer(rows)));
      const bits = bitsetArrays(new Buffer(bitsetBytes(k, rows)), k, rows);
      let counts: StatusCounts | null = null;
      for (let r = 0; r < WARM_ROUNDS; r++) {
        const { site = [] } = await this.evaluateInto({}, undefined, 0, rows, verdicts, bits);
        const packed = await this.results(meta, rows, verdicts, undefined, { ...bits, site });
        counts = reviveResultSet(packed, verdicts).counts();
      }
      return counts;
    } finally {
      this.table = { nRows: 0, columns: {} };
      this.base = undefined;
      this.last = undefined;
    }
  }

  async setRow(row: number, values: Record<string, CellValue>): Promise<Problem[]> {
    if (!Number.isInteger(row) || row < 0 || row >= this.table.nRows) {
      return [
        {
          where: "row",
          message: `invalid row: ${row} (slice has ${this.table.nRows} rows)`,
          severity: "error",
        },
      ];
    }
    const problems: Problem[] = [];
    for (const [name, value] of Object.entries(values)) {
      const col = own(this.table.columns, name);
      if (!col || col.kind !== value.kind) {
        problems.push({
          where: name,
          message: col
            ? `invalid value for ${col.kind} column ${name}: ${value.kind}`
            : `unknown column: ${name}`,
          severity: "error",
        });
        continue;
      }
      if (col.kind === "number" && value.kind === "number") {
        if (col.hi === col.lo && value.hi !== value.lo) col.hi = col.lo.slice(); // stop sharing one buffer
        col.lo[row] = value.lo;
        col.hi[row] = value.hi;
      } else if (col.kind === "date" && value.kind === "date") col.days[row] = value.days;
      else if (col.kind === "boolean" && value.kind === "boolean") col.values[row] = value.value;
      else if (col.kind === "category" && value.kind === "category") {
        const code = categoryCode(col.dict, value.value, value.code, (v) => appendEntry(col, v));
        setCode(col, row, code); // (widens the codes when the dictionary outgrew them)
      }
    }
    return problems;
  }

  private compiledFor(overrides: Overrides): { cp?: CompiledProtocol; problems: Problem[] } {
    if (!this.base)
      return {
        problems: [
          { where: "pool", message: "no protocol loaded: call load first", severity: "error" },
        ],
      };
    const key = JSON.stringify(Object.entries(overrides).sort());
    if (this.last?.key === key) return this.last;
    const r = recompileForParams(this.base, overrides);
    this.last = { key, problems: r.problems, ...(r.compiled ? { cp: r.compiled } : {}) };
    return this.last;
  }
}
