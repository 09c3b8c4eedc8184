/**
 * Rule and document checks for the editor, over plain protocol objects (never `$state`
 * proxies): problems of one rule, problems of the whole document, and the name kinds used for
 * colouring. Problems are data; nothing here throws on bad input.
 */
import { checkRule } from "../../engine/compile-protocol.ts";
import { listFunctions } from "../../engine/functions/registry.ts";
import type { Problem, Protocol } from "../../engine/protocol/types.ts";
import { tokenize } from "../../engine/lang/tokenize.ts";
import { SPECIAL_FUNCTIONS } from "../../engine/lang/check-calls.ts";
import type { NameKinds } from "./highlight.ts";

/** Problems of one rule text in the context of `protocol` (1-based line/column/length). */
export function ruleProblems(protocol: Protocol, rule: string, where = "rule"): Problem[] {
  try {
    return checkRule(protocol, rule).map((p) => ({ ...p, where }));
  } catch (e) {
    return [
      { where, message: `cannot check this rule: ${(e as Error).message}`, severity: "error" },
    ];
  }
}

/**
 * Every problem of a protocol document: schema and names (with JSON paths), then rules and
 * derived expressions (with line and column), without duplicates; the `prescreen check` list.
 */
export { documentProblems } from "../../engine/check-document.ts";

/** The names of a protocol by kind, for syntax colouring. */
export function nameKinds(protocol: Protocol): NameKinds {
  return {
    variables: new Set(protocol.variables.map((v) => v.name)),
    parameters: new Set(protocol.parameters.map((p) => p.name)),
    derived: new Set((protocol.derived ?? []).map((d) => d.name)),
    functions: new Set([
      ...listFunctions().map((f) => f.name),
      ...SPECIAL_FUNCTIONS.map((f) => f.name),
    ]),
    tables: new Set((protocol.tables ?? []).map((t) => t.name)),
  };
}

/**
 * A clean copy for export and for the screen: optional fields that are empty are dropped, and
 * a criterion keeps either its rule or its site-assessed reason (whichever is on).
 */
export function cleanProtocol(p: Protocol): Protocol {
  const out = structuredClone(p);
  for (const x of out.parameters as unknown as Record<string, unknown>[])
    for (const k of ["unit", "min", "max", "step", "label", "description"])
      if (x[k] === "" || x[k] === null || (typeof x[k] === "number" && Number.isNaN(x[k])))
        delete x[k];
  for (const c of out.criteria) {
    if (c.siteAssessed !== undefined) delete c.rule;
    else delete c.siteAssessed;
    if (c.notes === "") delete c.notes;
  }
  if (out.derived?.length === 0) delete out.derived;
  return out;
}

/**
 * `text` with every reference to the name `from` replaced by `to` (names only: not inside
 * strings or comments, not function calls, not units).
 */
export function renameInText(text: string, from: string, to: string): string {
  const { tokens } = tokenize(text);
  let out = "";
  let at = 0;
  tokens.forEach((t, j) => {
    if (t.kind !== "ident" || t.text !== from || tokens[j + 1]?.kind === "(") return;
    out += text.slice(at, t.offset) + to;
    at = t.offset + t.length;
  });
  return out + text.slice(at);
}
