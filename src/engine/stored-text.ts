/**
 * A stored cell as the analyst reads it (`7.2`, `<0.5`, `2024-03-01`, `yes`): the grid, the
 * exports and the mapping step's sample values show the same text.
 */
import { FALSE, TRUE, type Column } from "./types.ts";

const DAY = 86_400_000;

/** Display text of a stored value. */
export function formatStored(col: Column, row: number): string {
  switch (col.kind) {
    case "number": {
      const lo = col.lo[row] ?? NaN;
      const hi = col.hi[row] ?? NaN;
      if (Number.isNaN(lo)) return "";
      if (lo === hi) return fmtNum(lo);
      if (lo === -Infinity) return `<${fmtNum(hi)}`;
      if (hi === Infinity) return `>${fmtNum(lo)}`;
      return `${fmtNum(lo)}..${fmtNum(hi)}`;
    }
    case "date": {
      const d = col.days[row] ?? NaN;
      return Number.isNaN(d) ? "" : new Date(d * DAY).toISOString().slice(0, 10);
    }
    case "boolean": {
      const v = col.values[row];
      return v === TRUE ? "yes" : v === FALSE ? "no" : "";
    }
    case "category": {
      const c = col.codes[row] ?? -1;
      return c < 0 ? "" : (col.dict[c] ?? "");
    }
  }
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
