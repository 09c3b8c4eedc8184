/**
 * Category codes are read as Int8, widened to Int16 past 128 values and to Int32 past 32,768,
 * mid-read, on one thread and in parallel parts (whose merged dictionary decides the width):
 * the codes must be those of a plain Int32 first-appearance coding, in the narrowest array.
 */
import { describe, expect, it } from "vitest";
import { codeBytes, fitCodes, newCodes, setCode } from "../../src/engine/codes.ts";
import type { CategoryColumn } from "../../src/engine/types.ts";
import {
  parseParallel,
  type ParallelSource,
  type RunPart,
} from "../../src/ingest/parallel/plan.ts";
import { IngestCore } from "../../src/ingest/read/core.ts";
import { openPart } from "../../src/ingest/parallel/shared.ts";
import type { ParseOptions, RawTable } from "../../src/ingest/types.ts";

const N = 40_000;
/** k: 5 values in the type sample, then a new one per row (crosses 128 and 32,768) */
const k = (i: number) => (i % 97 === 0 ? "NA" : i < 2500 ? `c${i % 5}` : `v${i}`);
/** m: crosses 128 only; p: ~100 values in each half of the file, 200 in all; s: 3 values */
const m = (i: number) => (i < 2500 ? `m${i % 7}` : `m${i % 300}`);
const p = (i: number) => `p${Math.floor((i * 200) / N)}`;
const s = (i: number) => ["x", "y", ""][i % 3]!;
/** q: a known value right after each new one (a reader must write it into the widened codes) */
const q = (i: number) => (i < 2500 ? `q${i % 5}` : i % 2 ? "q3" : `w${i}`);
const COLS = { k, m, p, s, q };
const csv =
  "k,m,p,s,q\n" +
  Array.from({ length: N }, (_, i) => [k(i), m(i), p(i), s(i), q(i)].join(",")).join("\n");

/** Codes of a plain Int32 coding: first appearance order, missing -1. */
function reference(cell: (i: number) => string): Int32Array {
  const index = new Map<string, number>();
  return Int32Array.from({ length: N }, (_, i) => {
    const v = cell(i);
    if (v === "" || v === "NA") return -1;
    let c = index.get(v);
    if (c === undefined) index.set(v, (c = index.size));
    return c;
  });
}

const WIDTH = { k: Int32Array, m: Int16Array, p: Int16Array, s: Int8Array, q: Int16Array };

function check(t: RawTable): void {
  for (const [name, cell] of Object.entries(COLS)) {
    const col = t.columns.find((c) => c.name === name)!.storage as CategoryColumn;
    expect(col.kind).toBe("category");
    expect([name, col.codes.constructor.name]).toEqual([
      name,
      WIDTH[name as keyof typeof WIDTH].name,
    ]);
    const want = reference(cell);
    expect(col.codes.length).toBe(N);
    // (compared as plain arrays: the arrays' types differ on purpose)
    expect(Array.from(col.codes)).toEqual(Array.from(want));
  }
}

const bytes = new TextEncoder().encode(csv + "\n");
const source: ParallelSource = {
  size: bytes.length,
  read: async (pos, len) => bytes.slice(pos, Math.min(bytes.length, pos + len)),
};
/** One reader fed 4 KiB at a time (after the type sample the fast path reads the chunks). */
function inPieces(opts: ParseOptions): RawTable {
  const core = new IngestCore(opts);
  for (let x = 0; x < bytes.length; x += 4096) core.pushBytes(bytes.subarray(x, x + 4096));
  return core.finish();
}
const inProcess: RunPart = async (job) => {
  const { core, finish } = openPart({}, job.preset, job.layout, job.part);
  for (let x = job.start; x < job.end; x += 4096)
    core.pushBytes(bytes.subarray(x, Math.min(job.end, x + 4096)));
  return finish();
};

describe("category code width", () => {
  it("widens mid-read on one thread (fast path and PapaParse path)", () => {
    check(inPieces({}));
    check(inPieces({ fastPath: false }));
  });

  it("takes the merged dictionary's width in parallel parts, shared and copied", async () => {
    for (const parts of [2, 3])
      for (const shared of [true, false]) {
        const t = await parseParallel(source, inProcess, parts, {}, 0, undefined, shared);
        expect(t).not.toBeNull();
        expect(t!.dialect.notes).toContain(`read in ${parts} parallel parts`);
        check(t!);
      }
  });

  it("widens a column's codes for an edit whose code does not fit them", () => {
    const col: CategoryColumn = { kind: "category", codes: Int8Array.of(0, -1, 127), dict: [] };
    setCode(col, 1, 127);
    expect(col.codes).toBeInstanceOf(Int8Array);
    setCode(col, 1, 128);
    expect(col.codes).toBeInstanceOf(Int16Array);
    expect(Array.from(col.codes)).toEqual([0, 128, 127]);
    setCode(col, 0, 40_000);
    expect(Array.from(col.codes)).toEqual([40_000, 128, 127]);
    expect(col.codes).toBeInstanceOf(Int32Array);
  });

  it("picks the narrowest width for a dictionary size", () => {
    expect([0, 128, 129, 32768, 32769].map(codeBytes)).toEqual([1, 1, 2, 2, 4]);
    const c = fitCodes(newCodes(1, 3), 129);
    expect(c).toBeInstanceOf(Int16Array);
    expect(fitCodes(c, 5)).toBe(c);
  });
});
