/**
 * Registry of functions callable from the criteria language, built from one list per family:
 * core (core.ts), maths (math.ts) and clinical (clinical.ts, one file per score). The checker
 * resolves calls by name here, once per rule. `registerFunction` adds one more (tests, tools).
 *
 * @example
 * registerFunction({ name: "double", params: [{ name: "x", type: "number" }],
 *   returns: { type: "number" }, doc: "2x", example: "double(upcr)",
 *   kernel: (args, n, out) => { ... } });
 * getFunction("at_least")?.doc
 */
import { closest } from "../suggest.ts";
import { CLINICAL_FUNCTIONS } from "./clinical.ts";
import { CORE_FUNCTIONS } from "./core.ts";
import { MATH_FUNCTIONS } from "./math.ts";
import type { FunctionSpec } from "./types.ts";

const FUNCTIONS = new Map<string, FunctionSpec>();
const NAME_RE = /^[a-z_][a-z0-9_]*$/;

/**
 * Adds a function. Names are lower-case identifiers. Registering the same spec object twice
 * is a no-op (module reloads); a different spec under a taken name throws (programmer error).
 */
export function registerFunction(spec: FunctionSpec): void {
  if (!NAME_RE.test(spec.name)) throw new Error(`invalid function name: ${spec.name}`);
  const had = FUNCTIONS.get(spec.name);
  if (had && had !== spec && had.kernel !== spec.kernel) {
    throw new Error(`function already registered: ${spec.name}`);
  }
  FUNCTIONS.set(spec.name, spec);
}

/** The function called `name` (case-insensitive), or undefined. */
export function getFunction(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name) ?? FUNCTIONS.get(name.toLowerCase());
}

/** All registered functions, sorted by name (for docs and autocomplete). */
export function listFunctions(): FunctionSpec[] {
  return [...FUNCTIONS.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Closest registered names to an unknown one, for "did you mean" messages. */
export function suggestFunctions(name: string, max = 3): string[] {
  return closest(name, FUNCTIONS.keys(), max);
}

for (const spec of [...CORE_FUNCTIONS, ...MATH_FUNCTIONS, ...CLINICAL_FUNCTIONS])
  registerFunction(spec);
