import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../json-depth.ts";
import { parseJsonText, schemaChecker } from "../documents/schema-check.ts";
import { PROTOCOL_SCHEMA } from "./schema.ts";
import type { Problem, Protocol } from "./types.ts";
import { lookupUnit } from "../units.ts";

const PATTERN_HINTS: Record<string, string> = {
  id: "use lower-case letters, digits and hyphens (e.g. 'ln-cd19-cd70'); criterion ids start with a letter (e.g. 'E9a')",
  idVariable: "use letters, digits and underscores, starting with a letter",
};

const schemaProblems = schemaChecker(PROTOCOL_SCHEMA, {
  doc: "docs/protocol-format.md",
  patternHints: PATTERN_HINTS,
});

function duplicates(names: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup];
}

const list = <T>(x: unknown): T[] =>
  Array.isArray(x) ? (x.filter((e) => e !== null && typeof e === "object") as T[]) : [];

/**
 * Checks across fields (names, ids, defaults, units). Written defensively: it also runs on a
 * document that failed the schema, so every problem is listed in one go.
 */
function semanticProblems(doc: Protocol): Problem[] {
  const p = {
    parameters: list<Protocol["parameters"][number]>(doc.parameters),
    variables: list<Protocol["variables"][number]>(doc.variables),
    derived: list<NonNullable<Protocol["derived"]>[number]>(doc.derived),
    tables: list<NonNullable<Protocol["tables"]>[number]>(doc.tables),
    criteria: list<Protocol["criteria"][number]>(doc.criteria),
  };
  const out: Problem[] = [];
  const err = (where: string, message: string) => out.push({ where, message, severity: "error" });
  const names = [
    ...p.parameters.map((x) => x.name),
    ...p.variables.map((x) => x.name),
    ...p.derived.map((x) => x.name),
    ...p.tables.map((x) => x.name),
  ];
  for (const d of duplicates(names)) err("/", `the name '${d}' is declared more than once`);
  for (const d of duplicates(p.criteria.map((c) => c.id)))
    err("/criteria", `criterion id '${d}' is used more than once`);
  p.criteria.forEach((c, i) => {
    if (!c.rule && !c.siteAssessed)
      err(
        `/criteria/${i}`,
        `criterion ${c.id} needs either a 'rule' or 'siteAssessed' (the reason it cannot be decided from data)`,
      );
    if (c.rule && c.siteAssessed)
      err(`/criteria/${i}`, `criterion ${c.id} has both 'rule' and 'siteAssessed': keep one`);
  });
  p.parameters.forEach((x, i) => {
    const where = `/parameters/${i}/default`;
    if (x.type === "number" && typeof x.default !== "number")
      err(
        where,
        `parameter '${x.name}' is a number but its default is ${JSON.stringify(x.default)}`,
      );
    if (x.type === "boolean" && typeof x.default !== "boolean")
      err(
        where,
        `parameter '${x.name}' is a boolean but its default is ${JSON.stringify(x.default)}`,
      );
    if (
      x.type === "date" &&
      (typeof x.default !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(x.default))
    )
      err(
        where,
        `parameter '${x.name}' is a date: write its default as "YYYY-MM-DD", not ${JSON.stringify(x.default)}`,
      );
    if (typeof x.unit === "string" && x.unit && !lookupUnit(x.unit))
      err(`/parameters/${i}/unit`, `unknown unit '${x.unit}'`);
    if (x.min !== undefined && x.max !== undefined && x.min > x.max)
      err(`/parameters/${i}`, `min ${x.min} is above max ${x.max}`);
  });
  p.variables.forEach((v, i) => {
    for (const [k, u] of [
      ["unit", v.unit],
      ...(Array.isArray(v.altUnits) ? v.altUnits : []).map((a, j) => [`altUnits/${j}`, a]),
    ] as const)
      if (typeof u === "string" && u && !lookupUnit(u))
        err(`/variables/${i}/${k}`, `unknown unit '${u}'`);
    if (v.type === "category" && !v.values && !v.multiValued && !v.order)
      err(`/variables/${i}`, `category variable '${v.name}' needs its allowed 'values'`);
    if (v.order !== undefined && v.type !== "category")
      err(`/variables/${i}/order`, `'order' is for category variables; '${v.name}' is a ${v.type}`);
    if (Array.isArray(v.order) && Array.isArray(v.values)) {
      const key = (x: unknown) => String(x).trim().toLowerCase();
      const a = new Set(v.order.map(key));
      const b = new Set(v.values.map(key));
      const odd = [...a].filter((x) => !b.has(x)).concat([...b].filter((x) => !a.has(x)));
      if (odd.length > 0)
        err(
          `/variables/${i}/order`,
          `the order of '${v.name}' must list exactly its values; not in both: ${odd.map((x) => `'${x}'`).join(", ")}`,
        );
    }
    if (Array.isArray(v.order)) {
      const d = duplicates(v.order.map((x) => String(x).trim().toLowerCase()));
      if (d.length > 0)
        err(
          `/variables/${i}/order`,
          `the order of '${v.name}' lists ${d.map((x) => `'${x}'`).join(", ")} twice`,
        );
    }
  });
  p.tables.forEach((t, i) => {
    const entries = t.entries && typeof t.entries === "object" ? Object.entries(t.entries) : [];
    const want = t.type === "boolean" ? "boolean" : "number";
    for (const [k, v] of entries)
      if (typeof v !== want)
        err(
          `/tables/${i}/entries/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`,
          `table '${t.name}' holds ${want === "boolean" ? "true/false values" : "numbers"}, but '${k}' is ${JSON.stringify(v)}`,
        );
    if (t.default !== undefined && typeof t.default !== want)
      err(
        `/tables/${i}/default`,
        `the default of table '${t.name}' must be ${want === "boolean" ? "true or false" : "a number"}`,
      );
    const d = duplicates(entries.map(([k]) => k.trim().toLowerCase()));
    if (d.length > 0)
      err(
        `/tables/${i}/entries`,
        `table '${t.name}' has the key ${d.map((x) => `'${x}'`).join(", ")} more than once (keys ignore case and spaces)`,
      );
    if (typeof t.unit === "string" && t.unit && !lookupUnit(t.unit))
      err(`/tables/${i}/unit`, `unknown unit '${t.unit}'`);
    if (t.unit !== undefined && t.type === "boolean")
      err(`/tables/${i}/unit`, `table '${t.name}' holds true/false values: remove its unit`);
  });
  return out;
}

/**
 * Validates a protocol document (parsed JSON): schema first, then names, ids, defaults and units.
 * Every problem is returned with its JSON path; rules are checked by the compiler.
 *
 * @example
 * const { protocol, problems } = validateProtocol(JSON.parse(text));
 * if (!protocol) problems.forEach((p) => console.error(p.where, p.message));
 */
export function validateProtocol(doc: unknown): { protocol?: Protocol; problems: Problem[] } {
  if (jsonDepthExceeds(doc, MAX_JSON_DEPTH))
    return {
      problems: [
        {
          where: "/",
          message: `nested more than ${MAX_JSON_DEPTH} levels deep: not a protocol document`,
          severity: "error",
        },
      ],
    };
  const problems = schemaProblems(doc);
  if (doc !== null && typeof doc === "object" && !Array.isArray(doc))
    problems.push(...semanticProblems(doc as Protocol));
  return problems.length > 0 ? { problems } : { protocol: doc as Protocol, problems: [] };
}

/** Parses protocol JSON text, reporting a syntax error with its line and column. */
export function parseProtocolJson(
  text: string,
  where = "protocol",
): { protocol?: Protocol; problems: Problem[] } {
  const parsed = parseJsonText(text, where);
  return parsed.ok ? validateProtocol(parsed.value) : { problems: [parsed.problem] };
}
