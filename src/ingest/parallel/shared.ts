/**
 * Parallel parts written in place: every column's values live in one SharedArrayBuffer laid
 * out once for the whole file, and each part's builders write into their own region of it
 * (its first row is the capacity of the regions before it, estimated from byte ranges with a
 * margin). The merge moves each part's rows down next to the previous part's (`copyWithin`,
 * category codes remapped on the way): no part is transferred, and no column exists twice.
 * Untouched pages of the buffer are never committed, so the margins cost address space only.
 *
 * A column that outgrew its region (its builder reallocated a private array), or whose builder
 * could not take a view, falls back to the copying merge of assemble.ts for that column; so do
 * the rare extra arrays (a censored column's `hi`, both readings of ambiguous dates).
 * Node worker threads share the buffer; in a browser it needs cross-origin isolation.
 */
import { rowArray, type CodeArray, type ColumnArray } from "../../engine/types.ts";
import type { Part } from "./assemble.ts";
import type { ColumnPlan } from "../read/columns.ts";
import { IngestCore, type Preset } from "../read/core.ts";
import type { ParseOptions } from "../types.ts";

type Values = ColumnArray;

/** Where every column and every part lives in the shared buffer. */
export interface SharedLayout {
  buffer: SharedArrayBuffer;
  /** per column: byte offset of its value array (lo / days / values / codes), kind, element size */
  columns: { byteOffset: number; kind: ColumnPlan["kind"]; bytes: number }[];
  /** per part: its first row in every column, and its room in rows */
  regions: { offset: number; capacity: number }[];
  /** rows of room in each column (all regions) */
  rows: number;
}

/** Bytes per value; a category's is its plan's code width (a part that widens leaves its region). */
function elementBytes(p: ColumnPlan): number {
  return p.kind === "number"
    ? 8
    : p.kind === "date"
      ? 4
      : p.kind === "boolean"
        ? 1
        : (p.codeBytes ?? 1);
}

/** Shared memory is usable here (Node: always; a page or worker: only cross-origin isolated). */
export function canShare(): boolean {
  if (typeof SharedArrayBuffer !== "function") return false;
  const g = globalThis as { crossOriginIsolated?: boolean; process?: unknown };
  return g.crossOriginIsolated === true || g.process !== undefined;
}

/** One buffer for `plans` columns of `capacities` rows per part (8-byte columns first: aligned). */
export function sharedLayout(plans: readonly ColumnPlan[], capacities: number[]): SharedLayout {
  const regions: SharedLayout["regions"] = [];
  let rows = 0;
  for (const capacity of capacities) {
    regions.push({ offset: rows, capacity });
    rows += capacity;
  }
  const columns = plans.map((p) => ({ byteOffset: 0, kind: p.kind, bytes: elementBytes(p) }));
  let bytes = 0;
  for (const size of [8, 4, 2, 1])
    columns.forEach((c) => {
      if (c.bytes !== size) return;
      c.byteOffset = bytes;
      bytes += rows * size;
    });
  // the byte length is a multiple of 8 too: Float64 views stay aligned
  return { buffer: new SharedArrayBuffer(Math.ceil(bytes / 8) * 8), columns, regions, rows };
}

/** Column `j`'s values in region `part` (all of the column's rows when part is omitted). */
export function regionView(layout: SharedLayout, j: number, part?: number): Values {
  const c = layout.columns[j]!;
  const r = part === undefined ? { offset: 0, capacity: layout.rows } : layout.regions[part]!;
  const b = layout.buffer;
  const at = c.byteOffset + r.offset * c.bytes;
  if (c.kind === "boolean") return new Uint8Array(b, at, r.capacity);
  if (c.kind === "category")
    return c.bytes === 1
      ? new Int8Array(b, at, r.capacity)
      : c.bytes === 2
        ? new Int16Array(b, at, r.capacity)
        : new Int32Array(b, at, r.capacity);
  if (c.kind === "date") return new Float32Array(b, at, r.capacity);
  return new Float64Array(b, at, r.capacity);
}

/**
 * Makes an empty builder write into `view` instead of the array it allocated: the builder's
 * one own property holding an array of the view's type is replaced. False (nothing changed)
 * when there is not exactly one such property or the builder is not empty.
 */
export function adopt(builder: object, view: Values): boolean {
  const rec = builder as Record<string, unknown>;
  if (rec.n !== 0) return false;
  const proto = Object.getPrototypeOf(view) as object;
  const keys = Object.keys(rec).filter(
    (k) => rec[k] !== null && typeof rec[k] === "object" && Object.getPrototypeOf(rec[k]) === proto,
  );
  if (keys.length !== 1) return false;
  rec[keys[0]!] = view;
  return true;
}

/**
 * A core for part `k` of a load whose columns are in `layout` (or a plain core without one).
 * `finish()` returns the part with `inPlace` set: which columns are still in their region.
 */
export function openPart(
  opts: ParseOptions,
  preset: Preset,
  layout?: SharedLayout,
  k = 0,
): { core: IngestCore; finish(): Part } {
  if (!layout) {
    const core = new IngestCore(opts, preset);
    return { core, finish: () => core.finishPart() };
  }
  // the builders allocate only a token array: their storage is the shared region
  const core = new IngestCore(opts, { ...preset, capacity: 16, keepSpare: true });
  // (core.ts keeps its builders private; bracket access is TypeScript's escape hatch)
  const builders = core["builders"] as object[];
  builders.forEach((b, j) => adopt(b, regionView(layout, j, k)));
  return {
    core,
    finish() {
      const part = core.finishPart();
      part.inPlace = part.columns.map((c, j) => {
        const v = rowArray(c.storage);
        const want =
          layout.columns[j]!.byteOffset + layout.regions[k]!.offset * v.BYTES_PER_ELEMENT;
        return v.buffer === layout.buffer && v.byteOffset === want;
      });
      return part;
    },
  };
}

/**
 * Column `j` of the merged table when every part's values are in their region: each part's
 * rows moved down after the previous part's, category codes remapped (`remaps[k]`, null: keep).
 * Returns the array of all `n` rows (a view of the shared buffer), or null (copy instead).
 */
export function moveInPlace(
  layout: SharedLayout,
  j: number,
  parts: readonly Part[],
  n: number,
  remaps?: readonly (Int32Array | null)[],
  bytes = 0,
): Values | null {
  if (!parts.every((p) => p.inPlace?.[j] === true)) return null;
  const all = regionView(layout, j);
  if (all.BYTES_PER_ELEMENT < bytes) return null; // merged codes need a wider array
  let to = 0;
  parts.forEach((p, k) => {
    const from = layout.regions[k]!.offset;
    const m = p.nRows;
    const remap = remaps?.[k];
    if (remap) {
      // forward is safe: to <= from
      const codes = all as CodeArray;
      for (let i = 0; i < m; i++) {
        const c = codes[from + i]!;
        codes[to + i] = c < 0 ? -1 : remap[c]!;
      }
    } else if (to !== from) all.copyWithin(to, from, from + m);
    to += m;
  });
  return all.subarray(0, n);
}
