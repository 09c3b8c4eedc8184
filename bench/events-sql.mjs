// The SQL both DuckDB runs of `npm run bench -- events` compute over the OMOP CSV files (native in
// events-duckdb-child.mjs, WASM in browser-events/main.ts): every derivation of the source
// profile, as the tool derives it as of the screening date, written from the profile itself:
// - measurement: the latest value (ties: the larger id) or the maximum within the variable's
//   window, per patient and variable (codes matched on the source value);
// - observation: the latest value within the window, mapped to the map's key through the value
//   sets (value concept or the set's LOCAL words), or the number; the last date within the window;
// - drug_exposure: days of exposure within the window (overlapping courses not merged: the tool
//   merges them, see below); person: age and sex.
// Not done here: unit conversion (the synthetic files are written in the protocol's units), the
// union of overlapping courses, the quality report and the screen itself.
// `file(table)` gives a table's file as a SQL string literal; `params`: window parameters' values.
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const bare = (code) =>
  code
    .slice(code.indexOf(":") + 1)
    .trim()
    .toUpperCase();

function bound(D, span, sign, params) {
  if (!span) return sign < 0 ? "DATE '1800-01-01'" : D;
  const op = sign < 0 ? "-" : "+";
  if (span.days !== undefined) return `(${D} ${op} INTERVAL ${span.days} DAY)`;
  if (span.months !== undefined) return `(${D} ${op} INTERVAL ${span.months} MONTH)`;
  if (span.years !== undefined) return `(${D} ${op} INTERVAL ${span.years} YEAR)`;
  return `(${D} ${op} INTERVAL ${Number(params[span.param] ?? 0)} DAY)`;
}

export function eventsSql(file, date, profile, params = {}) {
  const D = `DATE '${date}'`;
  const vars = [];
  const values = [];
  for (const [name, d] of Object.entries(profile.variables)) {
    if (!d.from || !d.concepts) continue;
    const lo = bound(D, d.window?.before, -1, params);
    const hi = bound(D, d.window?.after, 1, params);
    for (const code of profile.conceptSets[d.concepts]?.codes ?? [])
      vars.push(
        `(${q(name)}, ${q(d.from)}, ${q(bare(code))}, ${q(d.take)}, ${lo}::DATE, ${hi}::DATE)`,
      );
    for (const [key, set] of Object.entries(d.map ?? {})) {
      const s = profile.conceptSets[set] ?? {};
      for (const c of s.concepts ?? []) values.push(`(${q(name)}, ${c}, NULL, ${q(key)})`);
      for (const code of s.codes ?? [])
        if (code.startsWith("LOCAL:"))
          values.push(`(${q(name)}, NULL, ${q(bare(code))}, ${q(key)})`);
    }
  }
  const read = (t, types) => `read_csv(${file(t)}, header = true, types = {${types}})`;
  return `
WITH v(variable, src, code, take, lo, hi) AS (VALUES ${vars.join(",\n")}),
vm(variable, concept, word, key) AS (VALUES ${values.join(",\n")}),
m AS (
  SELECT e.person_id, v.variable, any_value(v.take) AS take,
         arg_max(e.value_as_number, (e.measurement_date, e.measurement_id)) AS latest,
         max(e.value_as_number) AS mx
  FROM ${read("MEASUREMENT", "'measurement_source_value': 'VARCHAR', 'unit_source_value': 'VARCHAR', 'value_source_value': 'VARCHAR'")} e
  JOIN v ON v.src = 'measurement' AND upper(trim(e.measurement_source_value)) = v.code
  WHERE e.measurement_date BETWEEN v.lo AND v.hi AND e.value_as_number IS NOT NULL
  GROUP BY ALL),
ol AS (
  SELECT e.person_id, v.variable, v.take, e.observation_date AS day, e.observation_id AS id,
         e.value_as_number AS num, e.value_as_concept_id AS vc, upper(trim(e.value_source_value)) AS word
  FROM ${read("OBSERVATION", "'observation_source_value': 'VARCHAR', 'value_source_value': 'VARCHAR'")} e
  JOIN v ON v.src = 'observation' AND upper(trim(e.observation_source_value)) = v.code
  WHERE e.observation_date BETWEEN v.lo AND v.hi),
o AS (
  SELECT ol.person_id, ol.variable,
         CASE WHEN any_value(ol.take) = 'last_date' THEN max(ol.day)::VARCHAR
              ELSE arg_max(coalesce(c.key, w.key, ol.num::VARCHAR), (ol.day, ol.id)) END AS value
  FROM ol
  LEFT JOIN vm c ON c.variable = ol.variable AND c.concept = ol.vc
  LEFT JOIN vm w ON w.variable = ol.variable AND w.word = ol.word
  GROUP BY ALL),
d AS (
  SELECT e.person_id, v.variable,
         sum(least(coalesce(e.drug_exposure_end_date, e.drug_exposure_start_date + (e.days_supply - 1)::INTEGER), v.hi)
             - greatest(e.drug_exposure_start_date, v.lo) + 1) AS days
  FROM ${read("DRUG_EXPOSURE", "'drug_source_value': 'VARCHAR'")} e
  JOIN v ON v.src = 'drug_exposure' AND upper(trim(e.drug_source_value)) = v.code
  WHERE e.drug_exposure_start_date <= v.hi
    AND coalesce(e.drug_exposure_end_date, e.drug_exposure_start_date + (e.days_supply - 1)::INTEGER) >= v.lo
  GROUP BY ALL),
p AS (
  SELECT person_id, date_diff('year', make_date(year_of_birth, coalesce(month_of_birth, 1), coalesce(day_of_birth, 1)), ${D}) AS age,
         gender_concept_id AS sex
  FROM ${read("PERSON", "'person_source_value': 'VARCHAR'")})
SELECT (SELECT count(*) FROM m) AS m, (SELECT count(*) FROM o) AS o, (SELECT count(*) FROM d) AS d,
       (SELECT count(*) FROM p WHERE age IS NOT NULL) AS p`;
}
