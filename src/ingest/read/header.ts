/** Header cleaning: blank and duplicate names renamed, with warnings. */
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
