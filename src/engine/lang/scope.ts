/** Protocol-level checks before rules: names, units, parameter values and overrides. */
import type { Problem, Protocol, ProtocolParameter } from "../protocol/types.ts";
import { lookupUnit, suggestUnits } from "../units.ts";
import { parseIsoDate } from "../calendar.ts";
import { didYouMean } from "../suggest.ts";

type ParamValue = number | string | boolean;
const err = (where: string, message: string): Problem => ({ where, message, severity: "error" });

/** Duplicate names and unknown units in the protocol's declarations. */
export function validateProtocol(protocol: Protocol): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  const claim = (name: string, where: string) => {
    const had = seen.get(name);
    if (had) problems.push(err(where, `the name '${name}' is declared twice (also at ${had})`));
    else seen.set(name, where);
  };
  protocol.variables.forEach((v, i) => {
    claim(v.name, `/variables/${i}`);
    for (const u of [v.unit, ...(v.altUnits ?? [])]) {
      if (u && !lookupUnit(u))
        problems.push(
          err(
            `/variables/${i}/unit`,
            `unknown unit '${u}' of variable '${v.name}'${didYouMean(suggestUnits(u))}`,
          ),
        );
    }
  });
  protocol.parameters.forEach((p, i) => {
    claim(p.name, `/parameters/${i}`);
    if (p.unit && !lookupUnit(p.unit))
      problems.push(
        err(
          `/parameters/${i}/unit`,
          `unknown unit '${p.unit}' of parameter '${p.name}'${didYouMean(suggestUnits(p.unit))}`,
        ),
      );
  });
  (protocol.derived ?? []).forEach((d, i) => claim(d.name, `/derived/${i}`));
  (protocol.tables ?? []).forEach((t, i) => claim(t.name, `/tables/${i}`));
  const ids = new Set<string>();
  protocol.criteria.forEach((c, i) => {
    if (ids.has(c.id))
      problems.push(err(`/criteria/${i}/id`, `criterion id '${c.id}' is used twice`));
    ids.add(c.id);
  });
  return problems;
}

function valueProblem(p: ProtocolParameter, v: ParamValue): string | null {
  if (p.type === "number")
    return typeof v === "number" && Number.isFinite(v)
      ? null
      : `parameter '${p.name}' needs a number, got ${JSON.stringify(v)}`;
  if (p.type === "date")
    return typeof v === "string" && parseIsoDate(v) === parseIsoDate(v)
      ? null
      : `parameter '${p.name}' needs a date 'YYYY-MM-DD', got ${JSON.stringify(v)}`;
  return typeof v === "boolean"
    ? null
    : `parameter '${p.name}' needs true or false, got ${JSON.stringify(v)}`;
}

/** Parameter values: defaults, then `base`, then `overrides` (numeric strings accepted for numbers). */
export function resolveParams(
  protocol: Protocol,
  base: Record<string, ParamValue>,
  overrides: Record<string, ParamValue>,
): { params: Record<string, ParamValue>; problems: Problem[] } {
  const problems: Problem[] = [];
  // no prototype: a parameter may be called `__proto__` or `toString` (user keys)
  const params = Object.create(null) as Record<string, ParamValue>;
  const defs = new Map(protocol.parameters.map((p, i) => [p.name, [p, i] as const]));
  for (const [p, i] of defs.values()) {
    const v = p.default;
    const bad = valueProblem(p, v);
    if (bad) problems.push(err(`/parameters/${i}/default`, bad));
    params[p.name] = (Object.hasOwn(base, p.name) ? base[p.name] : undefined) ?? v;
  }
  for (const [name, raw] of Object.entries(overrides)) {
    const d = defs.get(name);
    if (!d) {
      problems.push({
        where: `parameters`,
        message: `unknown parameter '${name}' in overrides`,
        severity: "warning",
      });
      continue;
    }
    const [p, i] = d;
    const v = coerce(p, raw);
    const bad = valueProblem(p, v);
    if (bad) problems.push(err(`/parameters/${i}`, bad));
    else params[name] = v;
  }
  return { params, problems };
}

/** Form values arrive as strings: "0.5" for a number, "true" / "false" for a boolean. */
function coerce(p: ProtocolParameter, raw: ParamValue): ParamValue {
  if (typeof raw !== "string") return raw;
  const t = raw.trim();
  if (p.type === "number" && t !== "" && Number.isFinite(Number(t))) return Number(t);
  if (p.type === "boolean" && (t === "true" || t === "false")) return t === "true";
  return raw;
}
