import { readFileSync } from "node:fs";
import { parseProtocolJson } from "../engine/protocol/validate.ts";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import { builtinProtocols, getBuiltin } from "../protocols/index.ts";
import { closest, didYouMean } from "../engine/suggest.ts";
import { UsageError } from "./args.ts";
import type { Mapping } from "../ingest/map/mapping.ts";
import { parseMapping } from "../ingest/map/mapping-document.ts";
import { userRecord } from "../engine/user-keys.ts";

/** Bad input found by a command: printed as a list, exit code 1. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export function loadText(path: string, what: string): string {
  return readText(path, what);
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${what} '${path}': ${code === "ENOENT" ? "no such file" : String(e)}`,
    );
  }
}

/** A built-in protocol id or a path to a protocol JSON file. */
export function loadProtocol(arg: string): Protocol {
  const builtin = getBuiltin(arg);
  if (builtin) return builtin;
  if (!/[./\\]/.test(arg)) {
    const ids = builtinProtocols.map((p) => p.id);
    const near = closest(arg, ids, 1);
    throw new UsageError(
      `no built-in protocol '${arg}'${didYouMean(near)} (built-ins: ${ids.join(", ")}; or give a .json file)`,
    );
  }
  const { protocol, problems } = parseProtocolJson(readText(arg, "protocol"), arg);
  if (!protocol) throw new InputError(`protocol ${arg} is not valid`, problems);
  return protocol;
}

/** A `--mapping` file, checked like the app checks one: every problem listed, nothing thrown raw. */
export function loadMapping(path: string): Mapping {
  const { mapping, problems } = parseMapping(readText(path, "mapping"), path);
  if (!mapping || problems.some((p) => p.severity === "error"))
    throw new InputError(`mapping '${path}' is not a mapping document`, problems);
  return mapping;
}

/** `--param name=value` flags, typed by the protocol's parameter declarations. */
export function parseParams(
  protocol: Protocol,
  specs: readonly string[],
): Record<string, number | string | boolean> {
  // (no prototype: `--param __proto__=5` sets a parameter named so)
  const out = userRecord<number | string | boolean>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param expects name=value, got '${spec}'`);
    const name = spec.slice(0, eq).trim();
    const text = spec.slice(eq + 1).trim();
    const p = protocol.parameters.find((x) => x.name === name);
    if (!p) {
      const near = closest(
        name,
        protocol.parameters.map((x) => x.name),
        1,
      );
      throw new UsageError(
        `unknown parameter '${name}'${didYouMean(near)}; see \`prescreen variables --protocol ${protocol.id}\``,
      );
    }
    if (p.type === "number") {
      const v = Number(text);
      if (text === "" || !Number.isFinite(v))
        throw new UsageError(
          `parameter '${name}' needs a number${p.unit ? ` in ${p.unit}` : ""}, got '${text}'`,
        );
      out[name] = v;
    } else if (p.type === "boolean") {
      if (!/^(true|false)$/i.test(text))
        throw new UsageError(`parameter '${name}' needs true or false, got '${text}'`);
      out[name] = text.toLowerCase() === "true";
    } else {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
        throw new UsageError(`parameter '${name}' needs a date as YYYY-MM-DD, got '${text}'`);
      out[name] = text;
    }
  }
  return out;
}
