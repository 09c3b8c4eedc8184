/**
 * A source profile: how one data model's event tables become the protocol's variables, as data
 * (concept sets and derivations), never code per variable. The engine interprets it
 * (derive.ts); a SQL compiler can read the same document.
 *
 * @example
 * const profile: SourceProfile = {
 *   model: "omop",
 *   conceptSets: { upcr: { codes: ["LOINC:2890-2"] } },
 *   variables: {
 *     upcr: { take: "latest", from: "measurement", concepts: "upcr", window: { before: { days: 90 } } },
 *   },
 * };
 */

/** OMOP CDM clinical tables a derivation can read (lower case, as in the CDM specification). */
export const EVENT_TABLES = [
  "condition_occurrence",
  "drug_exposure",
  "measurement",
  "procedure_occurrence",
  "observation",
  "visit_occurrence",
  "death",
] as const;
export type EventTable = (typeof EVENT_TABLES)[number];

/** How a derivation summarises the events of one patient. */
export const TAKES = [
  "latest",
  "earliest",
  "nearest",
  "min",
  "max",
  "count",
  "exists",
  "first_date",
  "last_date",
  "exposure_days",
  "drugs",
  "age",
  "birth_date",
  "sex",
  "observed",
] as const;
export type Take = (typeof TAKES)[number];

/**
 * A named list of codes. `codes` are `VOCABULARY:code` (OMOP vocabulary_id spellings: LOINC,
 * SNOMED, RxNorm, ICD10CM, ICD10, ATC ...); `concepts` are OMOP concept ids. Matched against
 * the event's standard concept id, its source concept id and its source value.
 */
export interface ConceptSet {
  codes?: string[];
  concepts?: number[];
  /** also every descendant of the concepts (through CONCEPT_ANCESTOR, when the extract has it) */
  descendants?: boolean;
  description?: string;
}

/** A length of time: a fixed number, or a protocol parameter (days, weeks, months or years). */
export interface Span {
  days?: number;
  months?: number;
  years?: number;
  param?: string;
}

/**
 * Events counted: dated from `before` before the screening date to `after` after it (both
 * inclusive). No `before`: ever. No `after`: nothing after the screening date (as of that day).
 */
export interface Window {
  before?: Span;
  after?: Span;
}

export interface Derivation {
  take: Take;
  /** the event table (not needed for age, birth_date, sex, observed) */
  from?: EventTable;
  /** concept set name (events of that set only) */
  concepts?: string;
  window?: Window;
  /** `nearest`: the date parameter to be nearest to (default the screening date) */
  nearestTo?: string;
  /**
   * Which value: `number` (value_as_number, converted to the variable's unit; the default for
   * latest/earliest/nearest/min/max of a number variable) or `concept` (value_as_concept_id,
   * value_source_value, or observation's value_as_string, read through `map`).
   */
  value?: "number" | "concept";
  /**
   * Category or boolean variables: output value (a category, or "true"/"false") -> concept set.
   * With `value: "concept"` the event's value is matched; without, the event's own concept.
   */
  map?: Record<string, string>;
  /** no event in the window means "no" (false, count 0, 0 days) rather than unknown */
  absentMeansNo?: boolean;
  /** why absence means absence (or not) in this data model: shown in the docs */
  note?: string;
}

/**
 * Long tables (profile model "long"): which file and columns hold the patients, and, per OMOP
 * event table they stand for, which hold the patient, code, date, value and unit.
 */
export interface LongSource {
  patients: {
    file: string;
    id: string;
    birthDate?: string;
    birthYear?: string;
    sex?: string;
    /** the sex column's words for female / male (default f, female / m, male; any case) */
    female?: string[];
    male?: string[];
  };
  events: Partial<
    Record<
      EventTable,
      {
        file: string;
        patient: string;
        code: string;
        date: string;
        endDate?: string;
        value?: string;
        unit?: string;
      }
    >
  >;
}

export interface SourceProfile {
  /** data model: OMOP CDM tables, or long tables described by `long` */
  model: "omop" | "long";
  /** model "long": the files and their columns */
  long?: LongSource;
  /** protocol id this profile feeds, when it is a separate document */
  protocol?: string;
  description?: string;
  conceptSets: Record<string, ConceptSet>;
  /** protocol variable name -> derivation. Variables not listed stay missing (unknown). */
  variables: Record<string, Derivation>;
  /** variables no standard vocabulary holds: variable -> reason (stay unknown) */
  notDerivable?: Record<string, string>;
}
