/**
 * Every problem of a protocol document at once: schema, names and values (JSON paths) and the
 * rules and derived expressions (line and column), even while the document has schema errors,
 * so a protocol is fixed in one pass instead of one layer at a time.
 *
 * @example
 * const problems = documentProblems(JSON.parse(text));
 */
import { compileProtocol } from "./compile-protocol.ts";
import type { Problem, Protocol } from "./protocol/types.ts";
import { validateProtocol } from "./protocol/validate.ts";

const TYPES = new Set(["number", "date", "boolean", "category"]);
const isObj = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * The parts of a schema-invalid document the compiler can still read: entries with a name and
 * a known type; a criterion keeps its index, so rule problems point at the right JSON path.
 */
function readable(doc: Record<string, unknown>): Protocol {
  const arr = (k: string) => (Array.isArray(doc[k]) ? (doc[k] as unknown[]) : []);
  const named = (k: string) =>
    arr(k).filter((x): x is Record<string, unknown> => isObj(x) && typeof x.name === "string");
  return {
    ...(doc as unknown as Protocol),
    parameters: named("parameters").filter((p) =>
      ["number", "date", "boolean"].includes(String(p.type)),
    ) as unknown as Protocol["parameters"],
    variables: named("variables").filter((v) =>
      TYPES.has(String(v.type)),
    ) as unknown as Protocol["variables"],
    derived: named("derived").filter(
      (d) => typeof d.expr === "string",
    ) as unknown as Protocol["derived"],
    tables: named("tables").filter((t) => isObj(t.entries)) as unknown as Protocol["tables"],
    criteria: arr("criteria").map((c, i) =>
      isObj(c)
        ? {
            ...c,
            id: typeof c.id === "string" ? c.id : `#${i}`,
            rule: typeof c.rule === "string" && c.rule !== "" ? c.rule : undefined,
            siteAssessed: typeof c.rule === "string" && c.rule !== "" ? undefined : "-",
          }
        : { id: `#${i}`, kind: "inclusion", label: "", text: "", siteAssessed: "-" },
    ) as unknown as Protocol["criteria"],
  };
}

/** Schema and name problems, then rule problems, without duplicates. */
export function documentProblems(doc: unknown): Problem[] {
  const first = validateProtocol(doc).problems;
  if (!isObj(doc)) return first;
  const out: Problem[] = [];
  const seen = new Set<string>();
  const add = (ps: readonly Problem[]) => {
    for (const p of ps) {
      const key = `${p.where}|${p.line ?? ""}|${p.column ?? ""}|${p.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
  };
  add(first);
  try {
    add(
      compileProtocol(first.length === 0 ? (doc as unknown as Protocol) : readable(doc)).problems,
    );
  } catch (e) {
    add([
      { where: "/", message: `cannot check the rules: ${(e as Error).message}`, severity: "error" },
    ]);
  }
  return out;
}
