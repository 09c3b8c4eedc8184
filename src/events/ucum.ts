/**
 * UCUM unit codes (as LOINC, FHIR and OMOP's unit_source_value / UCUM concept codes write them)
 * to the unit registry's spellings (engine/units.ts). Annotations in braces ({score}, {titer})
 * carry no dimension and are dropped; a code neither here nor in the registry stays unknown.
 */
const UCUM: Record<string, string> = {
  Cel: "degC",
  "g/(24.h)": "g/24h",
  "mg/(24.h)": "mg/24h",
  "g/d": "g/24h",
  "mg/d": "mg/24h",
  "10*9/L": "x10^9/L",
  "10*3/uL": "x10^9/L",
  "10*3/mm3": "x10^9/L",
  "10.3/uL": "x10^9/L",
  "[IU]/L": "U/L",
  "mL/min/{1.73_m2}": "mL/min/1.73m2",
  "mL/min/1.73.m2": "mL/min/1.73m2",
  "mg/mmol{creat}": "mg/mmol",
  "g/g{creat}": "g/g",
  "mg/g{creat}": "mg/g",
  "[degC]": "degC",
};

/** The registry spelling of a UCUM code ("1" for a dimensionless or annotation-only code). */
export function fromUcum(code: string): string {
  const t = code.trim();
  const direct = UCUM[t];
  if (direct) return direct;
  const plain = t.replace(/\{[^}]*\}/g, "").trim();
  return UCUM[plain] ?? (plain === "" ? "1" : plain);
}
