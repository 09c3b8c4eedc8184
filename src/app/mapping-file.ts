/**
 * A saved mapping file read back into the mapping step's choices. Apart from mapping-model.ts,
 * which the ingest worker imports: reading a mapping document needs the JSON Schema library,
 * which cannot load in a worker started from a blob: URL (see mapping-document.ts).
 */
import type { Problem } from "../engine/protocol/types.ts";
import { parseMapping } from "../ingest/map/mapping-document.ts";
import type { MappingChoice } from "./mapping-model.ts";

/**
 * Reads a saved mapping in place of the current choices (variables it does not list become
 * unmapped); unknown variables and columns missing from this file are reported.
 */
export function mappingFromJson(
  text: string,
  current: readonly MappingChoice[],
  headers: readonly string[],
  where = "mapping file",
): { choices: MappingChoice[]; problems: Problem[] } {
  const { mapping, problems } = parseMapping(text, where);
  if (!mapping) return { choices: [...current], problems };
  // a saved mapping is complete: variables it does not list are unmapped
  const next: MappingChoice[] = current.map((c) => ({
    variable: c.variable,
    column: null,
    confidence: 0,
  }));
  for (const [variable, m] of Object.entries(mapping.columns)) {
    const target = next.find((x) => x.variable === variable);
    if (!target) {
      problems.push({
        where: `${where}: /columns/${variable}`,
        message: `unknown variable "${variable}"`,
        severity: "warning",
      });
      continue;
    }
    if (!headers.includes(m.column)) {
      problems.push({
        where: `${where}: /columns/${variable}`,
        message: `column "${m.column}" is not in this file`,
        severity: "warning",
      });
      continue;
    }
    Object.assign(target, { column: m.column, confidence: 1, reason: "from the saved mapping" });
    for (const k of [
      "unit",
      "unitColumn",
      "dateOrder",
      "trueValues",
      "falseValues",
      "values",
    ] as const) {
      if (m[k] !== undefined) Object.assign(target, { [k]: m[k] });
      else delete target[k];
    }
  }
  return { choices: next, problems };
}
