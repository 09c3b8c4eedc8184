/**
 * Where a problem is, written once for the app and once for the command line. A message that
 * starts by naming its own line ("line 36 ("Total;…") below the data…") is not given the line
 * again in front of it.
 */
import type { Problem } from "./protocol/types.ts";

/** whether the message starts with the problem's own line ("line 36 …", "lines 36–38 …") */
function namesItsLine(p: Problem): boolean {
  return p.line !== undefined && new RegExp(`^lines? ${p.line}(?!\\d)`).test(p.message);
}

/** The place as a reader writes it: "f.csv, line 36, column 4". */
export function placeText(p: Problem): string {
  if (p.line === undefined || namesItsLine(p)) return p.where;
  return `${p.where}, line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ""}`;
}

/** The place as compilers write it, for the command line: "f.csv:36:4". */
export function placeCli(p: Problem): string {
  if (p.line === undefined || namesItsLine(p)) return p.where;
  return `${p.where}:${p.line}${p.column !== undefined ? `:${p.column}` : ""}`;
}
