/**
 * `lookup(table, key)`: a protocol table (`protocol.tables`) read by a category value. The table
 * name is resolved once; the key must be a category. Number entries carry the table's unit.
 * A declared value of the key without an entry (and no default) is worth a warning: it will
 * read as unknown.
 */
import type { ProtocolTable } from "../protocol/types.ts";
import type { NodeOf, Span } from "./ast.ts";
import type { Checker, Typed } from "./check.ts";
import { article } from "./type-words.ts";
import { closest } from "../suggest.ts";
import { didYouMean } from "../suggest.ts";
import type { Ty } from "./ir.ts";
import { canonUnit } from "./units-check.ts";

export function checkLookup(c: Checker, node: NodeOf<"call">, at: Span): Typed | null {
  if (node.args.length !== 2)
    return c.error(at, `lookup takes 2 arguments (table, key), got ${node.args.length}`);
  const [tNode, kNode] = node.args as [
    NodeOf<"call">["args"][number],
    NodeOf<"call">["args"][number],
  ];
  const tables = c.scope.tables ?? new Map<string, ProtocolTable>();
  if (tNode.kind !== "ident") {
    return c.error(tNode, "the first argument of lookup is the name of a table of the protocol");
  }
  const table = tables.get(tNode.name);
  if (!table) {
    const hint = didYouMean(closest(tNode.name, tables.keys()));
    return c.error(
      tNode,
      tables.size === 0
        ? `unknown table '${tNode.name}': the protocol has no tables (declare them in "tables")`
        : `unknown table '${tNode.name}'${hint}`,
    );
  }
  const key = kNode.kind === "string" ? null : c.check(kNode);
  if (kNode.kind === "string")
    return c.error(kNode, "the key of lookup is a category variable, not a text value");
  if (!key) return null;
  if (key.ty.type !== "category")
    return c.error(kNode, `the key of lookup must be a category, but this is ${article(key.ty)}`);
  const entries = new Map<string, number | string | boolean>();
  for (const [k, v] of Object.entries(table.entries)) entries.set(k.trim().toLowerCase(), v);
  if (key.ty.values && table.default === undefined) {
    const left = key.ty.values.filter((v) => !entries.has(v.trim().toLowerCase()));
    if (left.length > 0)
      c.diags.push({
        offset: kNode.offset,
        length: kNode.length,
        message: `table '${table.name}' has no entry for ${left.map((v) => `'${v}'`).join(", ")}: those patients read as unknown (give the table a default to decide them)`,
        severity: "warning",
      });
  }
  const ty: Ty =
    table.type === "number" ? { type: "number", unit: canonUnit(table.unit) } : { type: "boolean" };
  const ir = { kind: "lookup" as const, table: table.name, key: key.ir, entries, ty, at };
  return { ir: table.default !== undefined ? { ...ir, fallback: table.default } : ir, ty };
}
