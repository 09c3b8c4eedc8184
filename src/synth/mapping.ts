/**
 * The mapping document for the synthetic extract (ingest's format: protocol variable ->
 * column, fixed unit or per-row unit column), so `prescreen screen --mapping` and the app can
 * load a synthetic file without guessing.
 */
import { synthColumns } from "./generate.ts";

export interface SynthMappingEntry {
  column: string;
  unit?: string;
  unitColumn?: string;
}
export interface SynthMapping {
  version: 1;
  protocol: string;
  columns: Record<string, SynthMappingEntry>;
}

/** Mapping from the seed protocol's variables to the synthetic export's columns. */
export function synthMapping(wide = false): SynthMapping {
  const columns: Record<string, SynthMappingEntry> = {};
  for (const c of synthColumns(wide)) {
    if (!c.variable) continue;
    const e: SynthMappingEntry = { column: c.header };
    if (c.unitColumn) e.unitColumn = c.unitColumn;
    else if (c.unit && c.unit !== "1") e.unit = c.unit;
    columns[c.variable] = e;
  }
  return { version: 1, protocol: "ln-cd19-cd70", columns };
}
