/**
 * Every user document (protocol, mapping, scenario, report) is checked against its JSON Schema
 * with one validator (`@cfworker/json-schema`: no code generation, so it runs under the app's
 * CSP) and every failure comes back as a `Problem` with its JSON path, never as an exception.
 *
 * @example
 * const check = schemaChecker(MAPPING_SCHEMA, { doc: "docs/mapping-format.md" });
 * check(JSON.parse(text)); // [{ where: "/columns/upcr/unit", message: "invalid value 5: ..." }]
 */
import { Validator, type OutputUnit } from "@cfworker/json-schema";
import type { Problem } from "../protocol/types.ts";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../json-depth.ts";
import { jsonErrorOffset, lineColumn } from "../protocol/json-position.ts";

export interface CheckerOptions {
  /** the document that lists the allowed fields, named in "unknown field" messages */
  doc: string;
  /** what a `pattern` failure asks for, by the field's name (its last path segment) */
  patternHints?: Record<string, string>;
  /** the hint for a pattern without one of its own */
  defaultPatternHint?: string;
}

/** Schema keywords that only summarise nested failures; their children say what is wrong. */
const SUMMARY_KEYWORDS = new Set(["properties", "items", "$ref", "allOf", "prefixItems"]);

/** A function listing a document's schema problems (none: it conforms). */
export function schemaChecker(schema: object, opts: CheckerOptions): (doc: unknown) => Problem[] {
  const validator = new Validator(schema as Record<string, unknown>, "2020-12", false);
  return (doc) => {
    if (jsonDepthExceeds(doc, MAX_JSON_DEPTH))
      return [
        {
          where: "/",
          message: `nested more than ${MAX_JSON_DEPTH} levels deep: not a document of this kind`,
          severity: "error",
        },
      ];
    const result = validator.validate(doc);
    if (result.valid) return [];
    const seen = new Set<string>();
    const problems: Problem[] = [];
    const errors = result.errors as OutputUnit[];
    for (const e of errors) {
      if (SUMMARY_KEYWORDS.has(e.keyword) || e.keyword === "false") continue;
      if (summarisesChild(e, errors)) continue;
      const where = e.instanceLocation.replace(/^#/, "") || "/";
      const message = describe(e, doc, opts);
      const key = `${where}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push({ where, message, severity: "error" });
    }
    return problems;
  };
}

/** JSON text parsed, or a problem with the line and column of the syntax error. */
export function parseJsonText(
  text: string,
  where: string,
): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const offset = jsonErrorOffset(text);
    const at = lineColumn(text, offset < 0 ? text.length : offset);
    const found =
      offset >= 0 && offset < text.length
        ? `unexpected '${text[offset]}'`
        : "unexpected end of text";
    return {
      ok: false,
      problem: {
        where,
        ...at,
        message: `not valid JSON at line ${at.line}, column ${at.column}: ${found}`,
        severity: "error",
      },
    };
  }
}

/** The value at a JSON pointer (`/columns/upcr/unit`), or undefined. */
export function valueAt(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const part of pointer.split("/").slice(1)) {
    if (cur === null || typeof cur !== "object") return undefined;
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * An `additionalProperties` failure whose property has failures of its own (a schema, not
 * `false`): those say what is wrong, the summary would call a known field unknown.
 */
function summarisesChild(e: OutputUnit, all: readonly OutputUnit[]): boolean {
  if (e.keyword !== "additionalProperties") return false;
  const name = /Property "([^"]+)" does not match/.exec(e.error)?.[1];
  if (name === undefined) return false;
  const below = `${e.instanceLocation}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  return all.some(
    (x) =>
      x !== e &&
      x.keyword !== "false" &&
      (x.instanceLocation === below || x.instanceLocation.startsWith(`${below}/`)),
  );
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object {...}",
  null: "null",
};

function describe(e: OutputUnit, doc: unknown, opts: CheckerOptions): string {
  const value = valueAt(doc, e.instanceLocation.replace(/^#/, ""));
  const extra = /Property "([^"]+)" does not match additional properties/.exec(e.error);
  if (extra)
    return `unknown field '${extra[1]}' (check its spelling; allowed fields are listed in ${opts.doc})`;
  const missing = /does not have required property "([^"]+)"/.exec(e.error);
  if (missing) return `missing required field '${missing[1]}'`;
  if (e.keyword === "pattern") {
    const field = /[^/]+$/.exec(e.instanceLocation)?.[0] ?? "";
    const hint =
      opts.patternHints?.[field] ??
      opts.defaultPatternHint ??
      "use letters, digits and underscores, starting with a letter";
    return `invalid value ${JSON.stringify(value)}: ${hint}`;
  }
  if (e.keyword === "type") {
    const want = /Expected "([^"]+)"/.exec(e.error)?.[1];
    const words = want
      ?.split(/", "|","/)
      .map((t) => TYPE_WORDS[t] ?? t)
      .join(" or ");
    return `invalid value ${JSON.stringify(value)}: expected ${words ?? e.error}`;
  }
  if (e.keyword === "enum") {
    const list = /any of (\[.*\])/.exec(e.error)?.[1];
    const options = list ? (JSON.parse(list) as unknown[]).map((x) => JSON.stringify(x)) : [];
    if (options.length > 0)
      return `invalid value ${JSON.stringify(value)}: use ${options.join(" or ")}`;
  }
  if (e.keyword === "const") {
    const want = /does not match (.+)\.$/.exec(e.error)?.[1];
    if (want !== undefined) return `invalid value ${JSON.stringify(value)}: must be ${want}`;
  }
  return `invalid value ${JSON.stringify(value)}: ${e.error.replace(/^Instance /, "value ")}`;
}
