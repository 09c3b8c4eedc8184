/**
 * Column binding of a compiled expression: leaves hold slots that are pointed at a table's
 * columns once per evaluation (unit conversion and missing columns resolved here, not per row).
 */
import type { ProtocolVariable } from "../protocol/types.ts";
import { UNKNOWN, type CodeArray, type Column, type Table } from "../types.ts";
import { canonUnit, unitFactor } from "./units-check.ts";
import { own } from "../user-keys.ts";

export interface NumSlot {
  lo: Float64Array;
  hi: Float64Array;
  /** multiply by this to get the declared unit (1 = read the column directly) */
  factor: number;
  /** column absent or unusable: read the all-missing batch (offset 0) */
  missing: boolean;
}
export interface DateSlot {
  days: Float32Array;
  missing: boolean;
}
export interface BoolSlot {
  values: Uint8Array;
  missing: boolean;
}
export interface CatSlot {
  codes: CodeArray;
  dict: readonly string[];
  missing: boolean;
}

type Slot =
  | { kind: "number"; s: NumSlot; unit: string | null }
  | { kind: "date"; s: DateSlot }
  | { kind: "boolean"; s: BoolSlot }
  | { kind: "category"; s: CatSlot };

/** Shared read-only batches standing in for absent columns. */
export class MissingBatch {
  readonly nan: Float64Array;
  readonly nanDays: Float32Array;
  readonly unknown: Uint8Array;
  readonly noCode: Int32Array;
  constructor(size: number) {
    this.nan = new Float64Array(size).fill(NaN);
    this.nanDays = new Float32Array(size).fill(NaN);
    this.unknown = new Uint8Array(size).fill(UNKNOWN);
    this.noCode = new Int32Array(size).fill(-1);
  }
}

export class Binding {
  private readonly slots = new Map<string, Slot>();
  /** bumped on every bind: invalidates per-batch caches */
  epoch = 0;
  readonly missing: MissingBatch;

  constructor(
    readonly variables: ReadonlyMap<string, ProtocolVariable>,
    readonly size: number,
  ) {
    this.missing = new MissingBatch(size);
  }

  num(name: string, unit: string | null): NumSlot {
    const m = this.missing;
    return this.slot(name, () => ({
      kind: "number",
      unit,
      s: { lo: m.nan, hi: m.nan, factor: 1, missing: true },
    })).s as NumSlot;
  }
  date(name: string): DateSlot {
    return this.slot(name, () => ({
      kind: "date",
      s: { days: this.missing.nanDays, missing: true },
    })).s as DateSlot;
  }
  bool(name: string): BoolSlot {
    return this.slot(name, () => ({
      kind: "boolean",
      s: { values: this.missing.unknown, missing: true },
    })).s as BoolSlot;
  }
  cat(name: string): CatSlot {
    return this.slot(name, () => ({
      kind: "category",
      s: { codes: this.missing.noCode, dict: [], missing: true },
    })).s as CatSlot;
  }

  private slot(name: string, make: () => Slot): Slot {
    let s = this.slots.get(name);
    if (!s) {
      s = make();
      this.slots.set(name, s);
    }
    return s;
  }

  /** Points every slot at `table`'s columns; absent or mistyped columns read as missing. */
  bind(table: Table): void {
    this.epoch++;
    const m = this.missing;
    for (const [name, slot] of this.slots) {
      const col: Column | undefined = own(table.columns, name);
      if (slot.kind === "number") {
        const f =
          col?.kind === "number"
            ? columnFactor(col.unit, slot.unit, this.variables.get(name)?.molarMass)
            : null;
        if (col?.kind === "number" && f !== null)
          Object.assign(slot.s, { lo: col.lo, hi: col.hi, factor: f, missing: false });
        else Object.assign(slot.s, { lo: m.nan, hi: m.nan, factor: 1, missing: true });
      } else if (slot.kind === "date") {
        if (col?.kind === "date") Object.assign(slot.s, { days: col.days, missing: false });
        else Object.assign(slot.s, { days: m.nanDays, missing: true });
      } else if (slot.kind === "boolean") {
        if (col?.kind === "boolean") Object.assign(slot.s, { values: col.values, missing: false });
        else Object.assign(slot.s, { values: m.unknown, missing: true });
      } else if (col?.kind === "category")
        Object.assign(slot.s, { codes: col.codes, dict: col.dict, missing: false });
      else Object.assign(slot.s, { codes: m.noCode, dict: [], missing: true });
    }
  }
}

/** Factor from a column's unit to the variable's declared one; a unitless side matches anything. */
function columnFactor(colUnit: string, declared: string | null, molarMass?: number): number | null {
  const from = canonUnit(colUnit);
  if (from === null || declared === null || from === declared) return 1;
  return unitFactor(from, declared, molarMass);
}
