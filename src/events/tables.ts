/**
 * OMOP CDM tables this module reads, recognised by file name (any case, .csv/.tsv/.txt or
 * .parquet, an optional schema prefix such as `cdm.`) and confirmed by header: the columns each role needs.
 * Column names follow the CDM 5.3/5.4 specification (OHDSI CommonDataModel).
 */
import type { Problem } from "../engine/protocol/types.ts";
import type { EventTable } from "./profile.ts";

export type OmopTable =
  EventTable | "person" | "observation_period" | "concept" | "concept_ancestor";

/** Column roles of an event table: which CDM column holds the date, concept, value ... */
export interface EventColumns {
  date: string;
  concept: string;
  sourceValue?: string;
  sourceConcept?: string;
  end?: string;
  valueNumber?: string;
  valueConcept?: string;
  valueString?: string;
  valueSource?: string;
  unitSource?: string;
  unitConcept?: string;
  /** measurement operator_concept_id: `<0.5` is stored as 0.5 with the concept for < */
  operator?: string;
  daysSupply?: string;
}

export const EVENT_COLUMNS: Record<EventTable, EventColumns> = {
  condition_occurrence: {
    date: "condition_start_date",
    end: "condition_end_date",
    concept: "condition_concept_id",
    sourceValue: "condition_source_value",
    sourceConcept: "condition_source_concept_id",
  },
  drug_exposure: {
    date: "drug_exposure_start_date",
    end: "drug_exposure_end_date",
    daysSupply: "days_supply",
    concept: "drug_concept_id",
    sourceValue: "drug_source_value",
    sourceConcept: "drug_source_concept_id",
  },
  measurement: {
    date: "measurement_date",
    concept: "measurement_concept_id",
    sourceValue: "measurement_source_value",
    sourceConcept: "measurement_source_concept_id",
    valueNumber: "value_as_number",
    valueConcept: "value_as_concept_id",
    valueSource: "value_source_value",
    unitSource: "unit_source_value",
    unitConcept: "unit_concept_id",
    operator: "operator_concept_id",
  },
  procedure_occurrence: {
    date: "procedure_date",
    end: "procedure_end_date",
    concept: "procedure_concept_id",
    sourceValue: "procedure_source_value",
    sourceConcept: "procedure_source_concept_id",
  },
  observation: {
    date: "observation_date",
    concept: "observation_concept_id",
    sourceValue: "observation_source_value",
    sourceConcept: "observation_source_concept_id",
    valueNumber: "value_as_number",
    valueConcept: "value_as_concept_id",
    valueString: "value_as_string",
    valueSource: "value_source_value",
    unitSource: "unit_source_value",
    unitConcept: "unit_concept_id",
  },
  visit_occurrence: {
    date: "visit_start_date",
    end: "visit_end_date",
    concept: "visit_concept_id",
    sourceValue: "visit_source_value",
    sourceConcept: "visit_source_concept_id",
  },
  death: {
    date: "death_date",
    concept: "cause_concept_id",
    sourceValue: "cause_source_value",
    sourceConcept: "cause_source_concept_id",
  },
};

/** Columns a file must have to be taken as the table (the rest of the CDM columns are optional). */
export const REQUIRED_COLUMNS: Record<OmopTable, readonly string[]> = {
  person: ["person_id", "gender_concept_id", "year_of_birth"],
  observation_period: ["person_id", "observation_period_start_date", "observation_period_end_date"],
  concept: ["concept_id", "vocabulary_id", "concept_code"],
  concept_ancestor: ["ancestor_concept_id", "descendant_concept_id"],
  ...(Object.fromEntries(
    Object.entries(EVENT_COLUMNS).map(([t, c]) => [t, ["person_id", c.date, c.concept]]),
  ) as unknown as Record<EventTable, readonly string[]>),
};

const KNOWN = new Set(Object.keys(REQUIRED_COLUMNS));

/**
 * The table a file name stands for (`MEASUREMENT.csv`, `measurement.tsv`, `cdm.person.csv`,
 * `measurement.parquet`), or undefined for other files (eras, vocabulary tables this module does not read).
 */
export function tableOfFileName(fileName: string): OmopTable | undefined {
  const base = fileName.replace(/^.*[/\\]/, "").toLowerCase();
  const m = /^(?:[a-z0-9_]+\.)?([a-z_]+)\.(?:(?:csv|tsv|txt)(?:\.gz)?|parquet)$/.exec(base);
  const name = m?.[1];
  return name && KNOWN.has(name) ? (name as OmopTable) : undefined;
}

/** A Parquet file (read by parquet.ts; every other recognised file is CSV or TSV text). */
export const isParquetName = (name: string): boolean => /\.parquet$/i.test(name);

/** Problems when a header lacks the columns its table needs (names compared in lower case). */
export function headerProblems(
  table: OmopTable,
  file: string,
  header: readonly string[],
): Problem[] {
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  const missing = REQUIRED_COLUMNS[table].filter((c) => !have.has(c));
  return missing.length === 0
    ? []
    : [
        {
          where: file,
          line: 1,
          message: `${table.toUpperCase()} needs the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (CDM 5.4 names); the header has ${header.join(", ")}`,
          severity: "error",
        },
      ];
}
