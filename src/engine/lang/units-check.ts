/**
 * Unit algebra for the checker. A number's unit is a canonical symbol from units.ts, an
 * opaque compound ("kg*cm") that only compares with plain numbers, or null for a plain
 * number, which takes the unit of whatever it meets (`age >= 18`, `alt > 3 * alt_uln`).
 */
import { compatible, convertFactor, lookupUnit } from "../units.ts";

/** Canonical symbol of a unit spelling; null for none or "1"; unknown spellings kept as is. */
export function canonUnit(u: string | null | undefined): string | null {
  if (u === undefined || u === null || u === "") return null;
  const def = lookupUnit(u);
  if (!def) return u;
  return def.symbol === "1" ? null : def.symbol;
}

/** Factor converting `from` into `to` (null when they cannot convert). */
export function unitFactor(from: string, to: string, molarMass?: number): number | null {
  if (from === to) return 1;
  if (!lookupUnit(from) || !lookupUnit(to)) return null;
  return convertFactor(from, to, molarMass);
}

/** Why two units do not convert, as a message tail. */
export function whyIncompatible(a: string, b: string): string {
  const pair = new Set([canonUnit(a), canonUnit(b)]);
  if (pair.has("mL/min") && pair.has("mL/min/1.73m2"))
    return ` (a clearance normalised to 1.73 m² converts to mL/min only through the patient's body-surface area: egfr_absolute(egfr, bsa) or egfr_normalised(clearance, bsa))`;
  if (lookupUnit(a) && lookupUnit(b) && compatible(a, b)) {
    return ` (mass and molar units convert only for a variable with a molar mass)`;
  }
  return "";
}

/** Unit of a product or quotient of two units (null when plain). */
export function combineUnits(op: "*" | "/", a: string | null, b: string | null): string | null {
  if (op === "*") {
    // "x ULN" multiples scale the ULN they multiply
    if (a === null || a === "x ULN") return b;
    if (b === null || b === "x ULN") return a;
    return canonUnit(`${a}*${b}`);
  }
  if (b === null) return a;
  if (a === null) return `1/${b}`;
  return canonUnit(`${a}/${b}`);
}

/** Time units: days per unit, or the calendar kind for months and years. */
export function timeUnit(u: string | null): { days: number } | { months: number } | null {
  const def = u === null ? undefined : lookupUnit(u);
  if (!def || def.dim.join(",") !== "0,0,0,1,0") return null;
  if (def.calendar === "month") return { months: 1 };
  if (def.calendar === "year") return { months: 12 };
  return { days: def.factor };
}

/** Rounds a converted constant to 12 significant digits so 1.0 g/g in mg/mmol is 113.12, not 113.12000000000001. */
export function tidy(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(12)) : x;
}
