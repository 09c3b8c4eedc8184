/** Window bounds (day numbers) around the screening date, from spans of days, months or parameters. */
import { addMonths } from "../engine/calendar.ts";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { ParamValue } from "../engine/compile-protocol.ts";
import type { Span, Window } from "./profile.ts";
import { own } from "../engine/user-keys.ts";

/** The day `span` before (sign -1) or after (+1) `day`, or null with a problem. */
export function shift(
  day: number,
  span: Span,
  sign: 1 | -1,
  protocol: Protocol,
  params: Record<string, ParamValue>,
  where: string,
  problems: Problem[],
): number | null {
  if (span.days !== undefined) return day + sign * span.days;
  if (span.months !== undefined) return addMonths(day, sign * span.months);
  if (span.years !== undefined) return addMonths(day, sign * 12 * span.years);
  const p = protocol.parameters.find((x) => x.name === span.param);
  const v = span.param !== undefined ? own(params, span.param) : undefined;
  if (!p || typeof v !== "number") {
    problems.push({
      where,
      message: `window parameter '${span.param}' is not a number parameter of protocol ${protocol.id}`,
      severity: "error",
    });
    return null;
  }
  switch (p.unit ?? "days") {
    case "days":
      return day + sign * v;
    case "weeks":
      return day + sign * 7 * v;
    case "months":
      return addMonths(day, sign * v);
    case "years":
      return addMonths(day, sign * 12 * v);
  }
  problems.push({
    where,
    message: `window parameter '${p.name}' is in ${p.unit}: a window needs days, weeks, months or years`,
    severity: "error",
  });
  return null;
}

/** [lo, hi] day bounds of a window (inclusive); ever before by default, nothing after. */
export function windowBounds(
  screening: number,
  w: Window | undefined,
  protocol: Protocol,
  params: Record<string, ParamValue>,
  where: string,
  problems: Problem[],
): [number, number] | null {
  const lo = w?.before
    ? shift(screening, w.before, -1, protocol, params, where, problems)
    : -Infinity;
  const hi = w?.after ? shift(screening, w.after, 1, protocol, params, where, problems) : screening;
  return lo === null || hi === null ? null : [lo, hi];
}
