/**
 * Quick fixes for rule problems: for an unknown name, unit or function, the closest known
 * spellings, offered as one-click replacements. The engine's own "did you mean" suggestions
 * come first; swapped letters ("uprc" for "upcr") are also caught here (a transposition
 * counts as one edit).
 *
 * @example
 * quickFixes(protocol, "uprc >= 1", problem).map((f) => f.replacement) // ["upcr"]
 */
import { listFunctions } from "../../engine/functions/registry.ts";
import { closest } from "../../engine/suggest.ts";
import type { Problem, Protocol } from "../../engine/protocol/types.ts";
import { unitNames } from "../../engine/units.ts";
import { problemSpan } from "./highlight.ts";

export interface QuickFix {
  label: string;
  replacement: string;
  from: number;
  to: number;
}

const UNKNOWN = /unknown (variable|name|parameter|function|unit) '([^']+)'/;

/** Suggested replacements for one problem of `text` (empty when there is nothing to offer). */
export function quickFixes(protocol: Protocol, text: string, p: Problem): QuickFix[] {
  const m = UNKNOWN.exec(p.message);
  const span = problemSpan(text, p);
  if (!m || !span) return [];
  const what = m[1]!;
  const wrong = m[2]!;
  // locate the misspelt word inside the reported span
  const at = text.indexOf(wrong, span[0]);
  const from = at >= 0 && at <= span[1] ? at : span[0];
  const to = at >= 0 && at <= span[1] ? at + wrong.length : span[1];
  const pool =
    what === "unit"
      ? unitNames()
      : what === "function"
        ? listFunctions().map((f) => f.name)
        : [
            ...protocol.variables.map((v) => v.name),
            ...protocol.parameters.map((x) => x.name),
            ...(protocol.derived ?? []).map((d) => d.name),
          ];
  const fromEngine = [...p.message.matchAll(/'([^']+)'/g)]
    .map((x) => x[1]!)
    .filter((s) => s !== wrong);
  const seen = new Set<string>();
  return [...fromEngine.filter((s) => pool.includes(s)), ...closest(wrong, pool)]
    .filter((s) => !seen.has(s) && seen.add(s))
    .slice(0, 3)
    .map((s) => ({ label: `Replace with ${s}`, replacement: s, from, to }));
}

/** Applies a fix; returns the new text and the cursor after the replacement. */
export function applyFix(text: string, f: QuickFix): { text: string; cursor: number } {
  const next = text.slice(0, f.from) + f.replacement + text.slice(f.to);
  return { text: next, cursor: f.from + f.replacement.length };
}
