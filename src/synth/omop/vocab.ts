/**
 * The synthetic OMOP extract's headers and its CONCEPT table: every `VOCAB:code` of the profile
 * gets a concept id (synthetic ids from 2,100,000,001, in the local range OHDSI reserves above
 * 2,000,000,000, so they are never mistaken for the OHDSI vocabulary's own ids).
 */
import type { SourceProfile } from "../../events/profile.ts";

export interface OmopOut {
  /** table -> CSV lines (header first) */
  lines: Map<string, string[]>;
  /** "VOCAB:code" -> concept id written in CONCEPT */
  concepts: Map<string, number>;
}

export const HEADERS: Record<string, string> = {
  person:
    "person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime,person_source_value,gender_source_value",
  observation_period:
    "observation_period_id,person_id,observation_period_start_date,observation_period_end_date,period_type_concept_id",
  measurement:
    "measurement_id,person_id,measurement_concept_id,measurement_date,value_as_number,value_as_concept_id,unit_concept_id,measurement_source_value,unit_source_value,value_source_value,operator_concept_id",
  observation:
    "observation_id,person_id,observation_concept_id,observation_date,value_as_number,value_as_concept_id,observation_source_value,value_source_value",
  drug_exposure:
    "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,drug_exposure_end_date,days_supply,drug_source_value",
};

export function conceptIds(profile: SourceProfile): Map<string, number> {
  const ids = new Map<string, number>();
  let next = 2_100_000_000;
  for (const set of Object.values(profile.conceptSets))
    for (const code of set.codes ?? []) {
      if (code.startsWith("LNPS:") || code.startsWith("LOCAL:")) continue;
      if (!ids.has(code)) ids.set(code, ++next);
    }
  return ids;
}

/** CONCEPT.csv lines for the ids above. */
export function conceptLines(ids: Map<string, number>): string[] {
  const lines = [
    "concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code",
  ];
  for (const [code, id] of ids) {
    const colon = code.indexOf(":");
    lines.push(
      `${id},${code},Synthetic,${code.slice(0, colon)},Synthetic,S,${code.slice(colon + 1)}`,
    );
  }
  return lines;
}
