/**
 * The header: which record it is (titles and notes above it), and its names cleaned (blank and
 * duplicate names renamed, with warnings).
 */
import type { Problem } from "../../engine/protocol/types.ts";

/** Renames blank headers to `col_N` and duplicates to `name_2`, with warnings. */
export function cleanHeader(
  raw: readonly string[],
  where: string,
  problems: Problem[],
  line = 1,
): string[] {
  const seen = new Set<string>();
  // next suffix to try per duplicated name: restarting at _2 made a header of n copies of one
  // name take n² steps (20,000 columns named "b": 13 s)
  const nextSuffix = new Map<string, number>();
  const out: string[] = [];
  raw.forEach((h, i) => {
    let name = h.trim();
    if (name === "") {
      name = `col_${i + 1}`;
      problems.push({
        where,
        line,
        column: i + 1,
        message: `column ${i + 1} has no header: named it "${name}"`,
        severity: "warning",
      });
    }
    if (seen.has(name.toLowerCase())) {
      const key = name.toLowerCase();
      let k = nextSuffix.get(key) ?? 2;
      while (seen.has(`${name}_${k}`.toLowerCase())) k++;
      nextSuffix.set(key, k + 1);
      const renamed = `${name}_${k}`;
      problems.push({
        where,
        line,
        column: i + 1,
        message: `duplicate header "${name}" (column ${i + 1}): renamed it "${renamed}"`,
        severity: "warning",
      });
      name = renamed;
    }
    seen.add(name.toLowerCase());
    out.push(name);
  });
  return out;
}

/**
 * Index in `above` (records from the first filled one on) of the header: the record on line
 * `wanted` (or the first filled one after it) when given, else the first record with the
 * table's usual number of cells (the most common count among them; more cells win a tie).
 */
export function headerIndex(
  above: readonly { row: string[]; line: number }[],
  wanted: number | undefined,
): number {
  if (wanted !== undefined) {
    const k = above.findIndex((a) => a.line >= wanted && !isBlank(a.row));
    return k < 0 ? 0 : k;
  }
  const freq = new Map<number, number>();
  for (const a of above)
    if (!isBlank(a.row)) freq.set(a.row.length, (freq.get(a.row.length) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [w, f] of freq) if (f > best || (f === best && w > width)) [width, best] = [w, f];
  // (a title padded with delimiters to the table's width has one filled cell)
  // (a blank line is never the header, even in a one-column file where it has the width)
  const k = above.findIndex(
    (a) => a.row.length === width && !isBlank(a.row) && (width < 2 || filled(a.row) > 1),
  );
  return k >= 0 ? k : above.findIndex((a) => a.row.length === width && !isBlank(a.row));
}

function filled(row: string[]): number {
  let n = 0;
  for (const c of row) if (c.trim() !== "") n++;
  return n;
}

/** A blank line's record: one cell of spaces or nothing. */
export function isBlank(row: string[]): boolean {
  return row.length === 1 && row[0]!.trim() === "";
}
