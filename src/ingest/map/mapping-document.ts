/**
 * A mapping document read from JSON text and checked against its schema. Its own module, apart
 * from mapping.ts: the JSON Schema library computes a base URI from the worker's location when
 * it loads, which fails in a worker started from a blob: URL, and the ingest worker (which
 * imports mapping.ts) never reads mapping files.
 */
import type { Problem } from "../../engine/protocol/types.ts";
import { MAPPING_SCHEMA } from "../../engine/documents/mapping-schema.ts";
import { parseJsonText, schemaChecker } from "../../engine/documents/schema-check.ts";
import type { Mapping } from "./mapping.ts";
import { userRecord } from "../../engine/user-keys.ts";

const checkMapping = schemaChecker(MAPPING_SCHEMA, { doc: "docs/documents.md" });

/**
 * Parses a mapping document (JSON text): syntax errors with their line and column, then every
 * schema problem with its JSON path (`mapping.json: /columns/upcr/unit`). Nothing is thrown.
 *
 * @example
 * const { mapping, problems } = parseMapping(readFileSync("m.json", "utf8"), "m.json");
 */
export function parseMapping(
  text: string,
  where = "mapping",
): { mapping?: Mapping; problems: Problem[] } {
  const parsed = parseJsonText(text, where);
  if (!parsed.ok) return { problems: [parsed.problem] };
  const problems = checkMapping(parsed.value).map((p) => ({
    ...p,
    where: `${where}: ${p.where}`,
  }));
  if (problems.length > 0) return { problems };
  const d = parsed.value as Mapping;
  // variables are user keys: read by own key only (one may be named "constructor")
  const columns = userRecord(Object.entries(d.columns));
  return { mapping: { version: 1, protocol: d.protocol, columns }, problems: [] };
}
