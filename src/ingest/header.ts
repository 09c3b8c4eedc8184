/** Header cleaning: blank and duplicate names renamed, with warnings. */
import type { Problem } from "../engine/protocol/types";

/** Renames blank headers to `col_N` and duplicates to `name_2`, with warnings. */
export function cleanHeader(raw: readonly string[], where: string, problems: Problem[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  raw.forEach((h, i) => {
    let name = h.trim();
    if (name === "") {
      name = `col_${i + 1}`;
      problems.push({
        where,
        line: 1,
        column: i + 1,
        message: `column ${i + 1} has no header: named it "${name}"`,
        severity: "warning",
      });
    }
    if (seen.has(name.toLowerCase())) {
      let k = 2;
      while (seen.has(`${name}_${k}`.toLowerCase())) k++;
      const renamed = `${name}_${k}`;
      problems.push({
        where,
        line: 1,
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
