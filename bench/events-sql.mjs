// The SQL both DuckDB runs of `npm run bench -- events` compute over the OMOP CSV files (native in
// events-duckdb-child.mjs, WASM in browser-events/main.ts): the latest value per patient and
// measurement or observation code as of the screening date, and exposure days per patient.
// `file(table)` gives a table's file as a SQL string literal.
export function eventsSql(file, date) {
  const D = `DATE '${date}'`;
  return `
WITH m AS (
  SELECT person_id, measurement_source_value AS code,
         arg_max(value_as_number, (measurement_date, measurement_id)) AS v
  FROM read_csv(${file("MEASUREMENT")}, header = true, types = {'measurement_source_value': 'VARCHAR', 'unit_source_value': 'VARCHAR', 'value_source_value': 'VARCHAR'})
  WHERE measurement_date <= ${D} GROUP BY ALL),
o AS (
  SELECT person_id, observation_source_value AS code,
         arg_max(coalesce(value_as_concept_id::VARCHAR, value_source_value::VARCHAR, value_as_number::VARCHAR), (observation_date, observation_id)) AS v
  FROM read_csv(${file("OBSERVATION")}, header = true, types = {'observation_source_value': 'VARCHAR', 'value_source_value': 'VARCHAR'})
  WHERE observation_date <= ${D} GROUP BY ALL),
d AS (
  SELECT person_id, sum(least(coalesce(drug_exposure_end_date, drug_exposure_start_date + (days_supply - 1)::INTEGER), ${D}) - greatest(drug_exposure_start_date, (${D} - INTERVAL 30 YEAR)::DATE) + 1) AS days
  FROM read_csv(${file("DRUG_EXPOSURE")}, header = true, types = {'drug_source_value': 'VARCHAR'})
  WHERE drug_exposure_start_date <= ${D} GROUP BY ALL)
SELECT (SELECT count(*) FROM m) AS m, (SELECT count(*) FROM o) AS o, (SELECT count(*) FROM d) AS d`;
}
