/**
 * Text of a raw cell as the grid and the round-trip tests see it: numbers in shortest form,
 * censored bounds with their qualifier, dates as YYYY-MM-DD, unparseable cells as read.
 */
import { FALSE, TRUE } from "../../engine/types.ts";
import type { RawColumn } from "../types.ts";
import { formatDay } from "./values.ts";

/** Text of row `i` of a raw column ("" when missing). */
export function cellText(col: RawColumn, i: number): string {
  const s = col.storage;
  let t = "";
  switch (s.kind) {
    case "number": {
      const lo = s.lo[i]!;
      const hi = s.hi[i]!;
      if (lo === hi) t = String(lo);
      else if (lo === -Infinity) t = `<${hi}`;
      else if (hi === Infinity) t = `>${lo}`;
      else if (lo === lo) t = `${lo}..${hi}`;
      break;
    }
    case "date": {
      const d = s.days[i]!;
      t = d === d ? formatDay(d) : "";
      if (!t && col.dateAmbiguity) {
        const a = col.dateAmbiguity.dmy[i]!;
        if (a === a) t = `${formatDay(a)} or ${formatDay(col.dateAmbiguity.mdy[i]!)}`;
      }
      break;
    }
    case "boolean":
      t = s.values[i] === TRUE ? "yes" : s.values[i] === FALSE ? "no" : "";
      break;
    case "category": {
      const c = s.codes[i]!;
      t = c >= 0 ? s.dict[c]! : "";
    }
  }
  if (t === "" && col.stats.unparseable > 0) {
    const k = col.rejects.rows.indexOf(i);
    if (k >= 0) return col.rejects.texts[k]!;
  }
  return t;
}
