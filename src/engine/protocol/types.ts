import type { SourceProfile } from "../../events/profile.ts";

/**
 * A protocol document (JSON), validated against `protocol.schema.json` on load.
 * Criteria refer to parameters and variables by name; numbers that a what-if may change
 * are parameters, never literals inside rules.
 */
export type ValueType = "number" | "date" | "boolean" | "category";

export interface ProtocolParameter {
  name: string;
  type: "number" | "date" | "boolean";
  /** unit symbol for numbers (see units.ts), e.g. "g/g", "months", "x10^9/L"; omit for plain numbers */
  unit?: string;
  /** numbers as numbers, dates as "YYYY-MM-DD", booleans as true/false */
  default: number | string | boolean;
  /** plausible range for what-if sliders and sensitivity curves */
  min?: number;
  max?: number;
  step?: number;
  label?: string;
  description?: string;
}

export interface ProtocolVariable {
  name: string;
  type: ValueType;
  /** canonical unit for numbers; ingest converts other accepted units into it */
  unit?: string;
  /** other units accepted from an extract (converted to `unit`) */
  altUnits?: string[];
  /** allowed values for categories (canonical spelling) */
  values?: string[];
  /**
   * a category whose cells list several values (`MMF; tacrolimus`): no `values`, the text is
   * kept as written and read with `any_of` (docs/criteria-language.md)
   */
  multiValued?: boolean;
  /**
   * an ordinal category's values from lowest to highest (ECOG 0-4, NYHA I-IV, CTCAE grades):
   * rules may then use `<`, `<=`, `>`, `>=` and `between` on it. Same values as `values`
   * (which may then be left out).
   */
  order?: string[];
  /**
   * molar mass (g/mol) of the analyte, so mass and molar units convert
   * (creatinine 113.12, bilirubin 584.66, haemoglobin monomer 16114.5). For a ratio such as
   * UPCR, the molar mass of the denominator (creatinine), so g/g and mg/mmol convert.
   */
  molarMass?: number;
  /** plausible range for the data-quality report, in the canonical unit */
  plausible?: [number, number];
  /** column-name synonyms to help auto-mapping */
  synonyms?: string[];
  description: string;
}

export interface ProtocolDerived {
  name: string;
  expr: string;
  description?: string;
}

/**
 * A table of constants keyed by category value (per-drug maximum dose, drug-class membership),
 * read in rules as `lookup(name, key)`. Keys match case-insensitively, ignoring surrounding
 * spaces; a key without an entry gives `default`, or unknown when there is none.
 */
export interface ProtocolTable {
  name: string;
  type: "number" | "boolean";
  /** unit of number entries */
  unit?: string;
  entries: Record<string, number | boolean>;
  default?: number | boolean;
  description?: string;
}

export interface ProtocolCriterion {
  /** e.g. "I1", "E9a" */
  id: string;
  kind: "inclusion" | "exclusion";
  /** short label for headers, e.g. "Age 18-65" */
  label: string;
  /** the protocol's words, verbatim */
  text: string;
  /** the computable rule (criteria language). For an exclusion, the rule is the condition that excludes. */
  rule?: string;
  /** set instead of `rule`: why registry data cannot decide this criterion */
  siteAssessed?: string;
  /** interpretation notes (also in docs/protocols/<id>.md) */
  notes?: string;
}

export interface Protocol {
  id: string;
  title: string;
  version: string;
  source?: string;
  description?: string;
  /** name of the patient id variable/column, default "patient_id" */
  idVariable?: string;
  parameters: ProtocolParameter[];
  variables: ProtocolVariable[];
  derived?: ProtocolDerived[];
  /** how event data (OMOP CDM) becomes the variables: src/events, docs/protocol-format.md */
  sources?: { omop?: SourceProfile };
  tables?: ProtocolTable[];
  criteria: ProtocolCriterion[];
}

/** A problem found in user input (protocol, rule, file), reported as data, never thrown. */
export interface Problem {
  /** where: JSON path ("/criteria/3/rule"), or criterion id, or file name */
  where: string;
  /** 1-based line and column inside the rule text or file, when known */
  line?: number;
  column?: number;
  /** length of the offending span, for highlighting */
  length?: number;
  message: string;
  severity: "error" | "warning";
}
