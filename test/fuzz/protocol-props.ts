/**
 * Properties of protocol loading under arbitrary documents, shared by protocols.test.ts and the
 * long run: validateProtocol and compileProtocol never throw; problems carry a JSON path.
 */
import fc from "fast-check";
import { compileProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { parseProtocolJson, validateProtocol } from "../../src/engine/protocol/validate.ts";
import { timed } from "./helpers.ts";

/** validate (object and JSON text) then, when accepted, compile: never throws, problems well formed. */
export function checkDocument(doc: unknown, what: string): void {
  const { protocol, problems } = timed(`validate ${what}`, () => validateProtocol(doc));
  const text = JSON.stringify(doc) ?? "null";
  const again = timed(`parse ${what}`, () => parseProtocolJson(text));
  if (JSON.stringify(again.problems) !== JSON.stringify(problems))
    throw new Error(`${what}: parseProtocolJson and validateProtocol disagree`);
  for (const p of problems)
    if (!p.where || !p.message || p.severity !== "error")
      throw new Error(`${what}: bad problem ${JSON.stringify(p)}`);
  if (!protocol) {
    if (problems.length === 0) throw new Error(`${what}: rejected without a problem`);
    return;
  }
  const r = timed(`compile ${what}`, () => compileProtocol(protocol));
  for (const p of r.problems)
    if (!p.where || !p.message)
      throw new Error(`${what}: bad compile problem ${JSON.stringify(p)}`);
}

export type DocMutation =
  | { op: "delete"; path: number[] }
  | { op: "set"; path: number[]; value: unknown }
  | { op: "rename"; path: number[]; name: string };

/** Walks to a node by child indices (modulo the number of children). */
function walk(
  root: unknown,
  path: readonly number[],
): { parent: unknown; key: string | number } | null {
  let parent: unknown = null;
  let key: string | number = "";
  let cur = root;
  for (const i of path) {
    if (cur === null || typeof cur !== "object") break;
    const keys = Array.isArray(cur) ? cur.map((_, j) => j) : Object.keys(cur);
    if (keys.length === 0) break;
    parent = cur;
    key = keys[i % keys.length]!;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return parent === null ? null : { parent, key };
}

/** Deletes, replaces or renames fields anywhere in a copy of a protocol document. */
export function mutateDoc(p: Protocol, ms: readonly DocMutation[]): unknown {
  const doc = structuredClone(p) as unknown;
  for (const m of ms) {
    const at = walk(doc, m.path);
    if (!at) continue;
    const parent = at.parent as Record<string | number, unknown>;
    if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(at.key as number, 1);
      else delete parent[at.key];
    } else if (m.op === "set") {
      const v = structuredClone(m.value);
      Object.defineProperty(parent, at.key, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (!Array.isArray(parent)) {
      // an own property even for "__proto__", as JSON.parse makes it
      const v = parent[at.key];
      delete parent[at.key];
      Object.defineProperty(parent, m.name, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return doc;
}

const pathArb = fc.array(fc.nat(200), { minLength: 1, maxLength: 4 });
export const docMutationArb: fc.Arbitrary<DocMutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), path: pathArb }),
  fc.record({
    op: fc.constant("set" as const),
    path: pathArb,
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom("", "x", "furlong", "age", "zz", "age + 1", -1, 1e308, null, [], {}, true),
    ),
  }),
  fc.record({
    op: fc.constant("rename" as const),
    path: pathArb,
    name: fc.constantFrom("nmae", "Rule", "__proto__", "constructor", "extra", "unit", "expr"),
  }),
);
