/**
 * Clinical unit registry and conversion. A unit is a scale factor over a dimension vector
 * (mass, amount, volume, time, count). Units of equal dimension convert by their factors;
 * mass and molar units of one analyte convert through its molar mass (mass^k amount^-k).
 *
 * @example
 * convertFactor("mg/dL", "umol/L", 113.12) // ≈ 88.4 (creatinine)
 * convertFactor("g/g", "mg/mmol", 113.12) // ≈ 113.12 (UPCR)
 * convertFactor("g/L", "mL/min") // null: incompatible
 * convertUnit("degF", "degC") // { scale: 5/9, offset: -160/9 }: 98.6 °F -> 37 °C
 */
import { closest } from "./suggest.ts";

/** exponents of [mass, amount, volume, time, count] */
export type Dim = readonly [number, number, number, number, number];

export interface UnitDef {
  /** canonical symbol */
  symbol: string;
  dim: Dim;
  /** value in base units (g, mol, L, day, 1) of one of this unit */
  factor: number;
  aliases: readonly string[];
  /** calendar unit (months, years): windows use calendar arithmetic */
  calendar?: "month" | "year";
  /**
   * a unit whose zero is not the base unit's (temperatures): a value v is v * factor + offset
   * base units, so it converts by scale and offset (`convertUnit`), never by a factor alone
   */
  offset?: number;
}

const D = (m: number, n: number, v: number, t: number, c: number): Dim => [m, n, v, t, c];
const MASS_CONC = D(1, 0, -1, 0, 0);
const MOLAR_CONC = D(0, 1, -1, 0, 0);
const COUNT_CONC = D(0, 0, -1, 0, 1);
const NONE = D(0, 0, 0, 0, 0);
const TIME = D(0, 0, 0, 1, 0);

const DEFS: UnitDef[] = [
  // dimensionless
  { symbol: "1", dim: NONE, factor: 1, aliases: [] },
  { symbol: "%", dim: NONE, factor: 0.01, aliases: ["percent"] },
  { symbol: "g/g", dim: NONE, factor: 1, aliases: ["mg/mg"] },
  { symbol: "mg/g", dim: NONE, factor: 0.001, aliases: [] },
  { symbol: "x ULN", dim: NONE, factor: 1, aliases: ["xULN", "×ULN", "x uln"] },
  // mass per amount (ratio to a molar denominator, e.g. protein/creatinine)
  { symbol: "mg/mmol", dim: D(1, -1, 0, 0, 0), factor: 1, aliases: [] },
  { symbol: "g/mmol", dim: D(1, -1, 0, 0, 0), factor: 1000, aliases: [] },
  { symbol: "g/mol", dim: D(1, -1, 0, 0, 0), factor: 1, aliases: [] },
  // mass
  { symbol: "g", dim: D(1, 0, 0, 0, 0), factor: 1, aliases: ["gram", "grams"] },
  { symbol: "mg", dim: D(1, 0, 0, 0, 0), factor: 1e-3, aliases: [] },
  { symbol: "kg", dim: D(1, 0, 0, 0, 0), factor: 1e3, aliases: [] },
  { symbol: "lb", dim: D(1, 0, 0, 0, 0), factor: 453.59237, aliases: ["lbs", "pound", "pounds"] },
  { symbol: "g/24h", dim: D(1, 0, 0, 0, 0), factor: 1, aliases: ["g/day", "g/d", "g/24 h"] },
  { symbol: "mg/24h", dim: D(1, 0, 0, 0, 0), factor: 1e-3, aliases: ["mg/day", "mg/d", "mg/24 h"] },
  // weekly doses (methotrexate) beside daily ones: both are amounts per day here
  { symbol: "mg/week", dim: D(1, 0, 0, 0, 0), factor: 1e-3 / 7, aliases: ["mg/wk"] },
  // mass concentration
  { symbol: "g/L", dim: MASS_CONC, factor: 1, aliases: ["g/l"] },
  { symbol: "g/dL", dim: MASS_CONC, factor: 10, aliases: ["g/dl"] },
  { symbol: "mg/dL", dim: MASS_CONC, factor: 0.01, aliases: ["mg/dl"] },
  { symbol: "mg/L", dim: MASS_CONC, factor: 1e-3, aliases: ["mg/l"] },
  { symbol: "ug/mL", dim: MASS_CONC, factor: 1e-3, aliases: ["µg/mL", "μg/mL", "ug/ml"] },
  { symbol: "ng/mL", dim: MASS_CONC, factor: 1e-6, aliases: ["ng/ml", "ug/L", "µg/L"] },
  { symbol: "pg/mL", dim: MASS_CONC, factor: 1e-9, aliases: ["pg/ml", "ng/L", "ng/l"] },
  // molar concentration
  { symbol: "mol/L", dim: MOLAR_CONC, factor: 1, aliases: [] },
  { symbol: "mmol/L", dim: MOLAR_CONC, factor: 1e-3, aliases: ["mmol/l"] },
  {
    symbol: "umol/L",
    dim: MOLAR_CONC,
    factor: 1e-6,
    aliases: ["µmol/L", "μmol/L", "umol/l", "µmol/l"],
  },
  // cell counts
  {
    symbol: "x10^9/L",
    dim: COUNT_CONC,
    factor: 1e9,
    aliases: [
      "10^9/L",
      "×10^9/L",
      "x10⁹/L",
      "×10⁹/L",
      "G/L",
      "10*9/L",
      "10*3/uL",
      "10^3/uL",
      "x10^3/uL",
      "K/uL",
    ],
  },
  {
    symbol: "/uL",
    dim: COUNT_CONC,
    factor: 1e6,
    aliases: ["/µL", "/μL", "/mm3", "/mm³", "cells/uL", "cells/µL"],
  },
  // enzyme activity, kept dimension-distinct from counts
  {
    symbol: "U/L",
    dim: D(0, 1, -1, -1, 0),
    factor: 1,
    aliases: ["IU/L", "u/l", "[iU]/L", "[IU]/L"],
  },
  // charge concentration (electrolytes): mEq/L equals mmol/L only for a monovalent ion, so
  // the two are kept apart rather than silently equated
  { symbol: "mEq/L", dim: D(0, 0, -1, 0, 0), factor: 1, aliases: ["meq/L", "mEq/l", "meq/l"] },
  // flow: an absolute clearance and one normalised to 1.73 m² of body surface are different
  // quantities (DISTINCT below); they convert only through a body-surface area the rule gives
  { symbol: "mL/min", dim: D(0, 0, 1, -1, 0), factor: 1e-3 * 1440, aliases: ["ml/min"] },
  {
    symbol: "mL/min/1.73m2",
    dim: D(0, 0, 1, -1, 0),
    factor: 1,
    aliases: [
      "mL/min/1.73 m2",
      "mL/min/1.73m²",
      "mL/min/1.73 m²",
      "ml/min/1.73m2",
      "mL/min/{1.73_m2}",
      "mL/min/1.73.m2",
    ],
  },
  // time
  { symbol: "s", dim: TIME, factor: 1 / 86400, aliases: ["sec", "seconds", "second"] },
  { symbol: "h", dim: TIME, factor: 1 / 24, aliases: ["hours", "hour", "hr", "hrs"] },
  { symbol: "days", dim: TIME, factor: 1, aliases: ["day", "d"] },
  { symbol: "weeks", dim: TIME, factor: 7, aliases: ["week", "wk", "wks"] },
  { symbol: "months", dim: TIME, factor: 30.4375, aliases: ["month", "mo"], calendar: "month" },
  {
    symbol: "years",
    dim: TIME,
    factor: 365.25,
    aliases: ["year", "y", "yr", "yrs"],
    calendar: "year",
  },
  // body: lengths (height, lesion size), surface, pressure, radiation dose, temperature
  { symbol: "cm", dim: NONE, factor: 1, aliases: [] },
  { symbol: "mm", dim: NONE, factor: 0.1, aliases: [] },
  { symbol: "m", dim: NONE, factor: 100, aliases: ["metre", "meter"] },
  { symbol: "m2", dim: NONE, factor: 1, aliases: ["m²", "m^2"] },
  { symbol: "kg/m2", dim: NONE, factor: 1, aliases: ["kg/m²", "kg/m^2"] },
  { symbol: "mmHg", dim: NONE, factor: 1, aliases: ["mm[Hg]", "mm Hg"] },
  { symbol: "Gy", dim: NONE, factor: 1, aliases: ["gray"] },
  { symbol: "cGy", dim: NONE, factor: 0.01, aliases: [] },
  { symbol: "degC", dim: NONE, factor: 1, aliases: ["°C", "C", "Cel", "℃", "deg C", "[degC]"] },
  // °F = °C × 9/5 + 32: one °F is 5/9 °C and 0 °F is -160/9 °C
  {
    symbol: "degF",
    dim: NONE,
    factor: 5 / 9,
    offset: -160 / 9,
    aliases: ["°F", "F", "[degF]", "℉", "deg F", "Fahrenheit"],
  },
  { symbol: "K", dim: NONE, factor: 1, offset: -273.15, aliases: ["kelvin", "Kelvin"] },
];
// Units without a dimension vector of their own are kept apart from "1" (and from each other)
// by the dimension key below; units sharing a key convert by their factors (mm -> cm, cGy -> Gy).
const DISTINCT: Record<string, string> = {
  cm: "length",
  mm: "length",
  m: "length",
  m2: "area",
  "kg/m2": "bmi",
  mmHg: "pressure",
  Gy: "dose",
  cGy: "dose",
  degC: "temperature",
  degF: "temperature",
  K: "temperature",
  "x ULN": "uln",
  "mL/min/1.73m2": "normalised clearance",
  "mEq/L": "charge concentration",
};

const BY_NAME = new Map<string, UnitDef>();
for (const u of DEFS) {
  for (const n of [u.symbol, ...u.aliases]) BY_NAME.set(n, u);
}
const BY_LOWER = new Map<string, UnitDef>();
for (const [n, u] of BY_NAME) if (!BY_LOWER.has(n.toLowerCase())) BY_LOWER.set(n.toLowerCase(), u);

/** Finds a unit by symbol or alias (exact first, then case-insensitive). */
export function lookupUnit(text: string): UnitDef | undefined {
  const t = text.trim();
  return BY_NAME.get(t) ?? BY_LOWER.get(t.toLowerCase());
}

/** All known unit spellings (symbols and aliases), for autocomplete and suggestions. */
export function unitNames(): string[] {
  return [...BY_NAME.keys()];
}

function dimKey(u: UnitDef): string {
  return DISTINCT[u.symbol] ?? u.dim.join(",");
}

/**
 * Multiplier that converts a value in `from` into `to`, or null when incompatible.
 * Mass and molar units convert only when `molarMass` (g/mol of the analyte) is given.
 */
export function convertFactor(from: string, to: string, molarMass?: number): number | null {
  const a = lookupUnit(from);
  const b = lookupUnit(to);
  if (!a || !b) return null;
  // (°F to °C is not a multiplication: convertUnit)
  if ((a.offset ?? 0) !== (b.offset ?? 0)) return null;
  if (dimKey(a) === dimKey(b)) return a.factor / b.factor;
  if (DISTINCT[a.symbol] || DISTINCT[b.symbol]) return null;
  // differ only by mass^k amount^-k: convert through the molar mass
  const dm = a.dim[0] - b.dim[0];
  const dn = a.dim[1] - b.dim[1];
  const same = a.dim[2] === b.dim[2] && a.dim[3] === b.dim[3] && a.dim[4] === b.dim[4];
  if (!same || dm === 0 || dm !== -dn || molarMass === undefined) return null;
  // value_b = value_a * fa / fb * M^(-dm)  (mass -> amount divides by M)
  return (a.factor / b.factor) * Math.pow(molarMass, -dm);
}

/** A conversion y = x * scale + offset (offset 0 except between temperature scales). */
export interface UnitConversion {
  scale: number;
  offset: number;
}

/**
 * How a value in `from` becomes one in `to`, or null when incompatible: `convertFactor`'s
 * factor as the scale, and for units with different zeros (°F, °C, K) the offset too.
 * Interval bounds convert the same way (the scale is positive: order and ±∞ are kept).
 */
export function convertUnit(from: string, to: string, molarMass?: number): UnitConversion | null {
  const a = lookupUnit(from);
  const b = lookupUnit(to);
  if (!a || !b) return null;
  const oa = a.offset ?? 0;
  const ob = b.offset ?? 0;
  if (oa === ob) {
    const f = convertFactor(from, to, molarMass);
    return f === null ? null : { scale: f, offset: 0 };
  }
  if (dimKey(a) !== dimKey(b)) return null;
  return { scale: a.factor / b.factor, offset: (oa - ob) / b.factor };
}

/** x converted (`convertUnit`), exact for the identity. */
export function applyConversion(c: UnitConversion, x: number): number {
  return c.offset === 0 ? x * c.scale : x * c.scale + c.offset;
}

/** True when the two units can be converted (possibly needing a molar mass). */
export function compatible(from: string, to: string): boolean {
  return convertFactor(from, to, 1) !== null;
}

/** Closest known unit spellings to an unknown one, for "did you mean" messages. */
export function suggestUnits(text: string, max = 3): string[] {
  return closest(text, unitNames(), max);
}

/** the time units written in the plural, by their singular */
const SINGULAR: Record<string, string> = {
  days: "day",
  weeks: "week",
  months: "month",
  years: "year",
};

/**
 * A value with its unit as a reader writes it: "1 month", "6 months", "0.5 g/g"; a unit of "1"
 * (a plain number) or none adds nothing.
 */
export function withUnit(value: unknown, unit: string | undefined): string {
  const v = String(value);
  if (!unit || unit === "1") return v;
  return `${v} ${Number(value) === 1 ? (SINGULAR[unit] ?? unit) : unit}`;
}
