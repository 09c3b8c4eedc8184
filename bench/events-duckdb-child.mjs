// `npm run bench -- events`, DuckDB side: the same derivations as SQL over the same CSV files
// (latest value per patient and measurement or observation code as of the screening date;
// exposure days per patient), in a process of its own so its memory is measured alone.
import { DuckDBInstance } from "@duckdb/node-api";
import { join } from "node:path";

const dir = process.env.EVENTS_BENCH_DIR;
const D = "DATE '2026-12-01'";
const f = (t) => `'${join(dir, t)}.csv'`;
const t0 = performance.now();
const db = await DuckDBInstance.create(":memory:", { threads: "2" });
const con = await db.connect();
const sql = `
WITH m AS (
  SELECT person_id, measurement_source_value AS code,
         arg_max(value_as_number, (measurement_date, measurement_id)) AS v
  FROM read_csv(${f("MEASUREMENT")}, header = true, types = {'measurement_source_value': 'VARCHAR', 'unit_source_value': 'VARCHAR', 'value_source_value': 'VARCHAR'})
  WHERE measurement_date <= ${D} GROUP BY ALL),
o AS (
  SELECT person_id, observation_source_value AS code,
         arg_max(coalesce(value_as_concept_id::VARCHAR, value_source_value::VARCHAR, value_as_number::VARCHAR), (observation_date, observation_id)) AS v
  FROM read_csv(${f("OBSERVATION")}, header = true, types = {'observation_source_value': 'VARCHAR', 'value_source_value': 'VARCHAR'})
  WHERE observation_date <= ${D} GROUP BY ALL),
d AS (
  SELECT person_id, sum(least(coalesce(drug_exposure_end_date, drug_exposure_start_date + (days_supply - 1)::INTEGER), ${D}) - greatest(drug_exposure_start_date, (${D} - INTERVAL 30 YEAR)::DATE) + 1) AS days
  FROM read_csv(${f("DRUG_EXPOSURE")}, header = true, types = {'drug_source_value': 'VARCHAR'})
  WHERE drug_exposure_start_date <= ${D} GROUP BY ALL)
SELECT (SELECT count(*) FROM m) AS m, (SELECT count(*) FROM o) AS o, (SELECT count(*) FROM d) AS d`;
const row = (await con.runAndReadAll(sql)).getRows()[0];
process.stdout.write(
  `\nRESULT ${JSON.stringify({ seconds: (performance.now() - t0) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, values: row.map(Number) })}\n`,
);
