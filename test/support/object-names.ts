/**
 * Names that are members of every JavaScript object, and the example-t2d protocol renamed by
 * hand so that its variables or its parameters carry them (tests of user-keyed records).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** ordinary variable -> its name in the renamed protocol, and the name of the column feeding it */
export const OBJECT_VARS: [string, string, string][] = [
  ["bmi", "constructor", "toString"],
  ["egfr", "toString", "hasOwnProperty"],
  ["hypertension", "__proto__", "constructor"],
  ["sex", "hasOwnProperty", "__proto__"],
];
/** ordinary parameter -> its name in the renamed protocol */
export const OBJECT_PARAMS: [string, string][] = [
  ["bmi_min", "constructor"],
  ["bmi_max", "toString"],
  ["egfr_min", "__proto__"],
  ["hba1c_min", "hasOwnProperty"],
];

const word = (a: string) => new RegExp(`(?<![\\w.])${a}(?![\\w])`, "g");

/** Every whole-word `a` of `text` renamed `b`, all at once (a new name is never renamed again). */
export function renameAll(text: string, pairs: readonly (readonly [string, string])[]): string {
  return pairs
    .reduce((t, [a], k) => t.replace(word(a), `\u{E000}${k}\u{E001}`), text)
    .replace(/\u{E000}(\d+)\u{E001}/gu, (_, k: string) => pairs[Number(k)]![1]);
}

/** example-t2d's JSON text */
export const T2D_TEXT = readFileSync(
  join(import.meta.dirname, "../../src/protocols/example-t2d.json"),
  "utf8",
);
/** example-t2d with its variables renamed (OBJECT_VARS) */
export const T2D_VARS_TEXT = renameAll(
  T2D_TEXT,
  OBJECT_VARS.map(([a, b]) => [a, b]),
);
/** example-t2d with its parameters renamed (OBJECT_PARAMS) */
export const T2D_PARAMS_TEXT = renameAll(T2D_TEXT, OBJECT_PARAMS);
/** a CSV header's ordinary variable names renamed to the columns' names (OBJECT_VARS) */
export const renameHeader = (header: string) =>
  renameAll(
    header,
    OBJECT_VARS.map(([a, , c]) => [a, c]),
  );
