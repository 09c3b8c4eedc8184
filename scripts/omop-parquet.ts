/**
 * Writes test/fixtures/omop/synthea27nj-parquet/ from the CSV copy of Synthea27Nj beside it:
 * each table's columns the derivations read (src/events/columns-needed.ts), types as DuckDB
 * infers them from the CSV (dates as DATE, ids as BIGINT), one row group per 4,096 rows so the
 * reader's per-row-group progress and cancel are exercised. Codecs differ per table so the
 * fixture covers Snappy (hyparquet's own), ZSTD and GZIP (hyparquet-compressors).
 *
 *   npx tsx scripts/omop-parquet.ts
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { columnsNeeded } from "../src/events/columns-needed.ts";
import { tableOfFileName } from "../src/events/tables.ts";

const FROM = join(import.meta.dirname, "../test/fixtures/omop/synthea27nj");
const TO = join(import.meta.dirname, "../test/fixtures/omop/synthea27nj-parquet");
const CODEC: Record<string, string> = { measurement: "zstd", condition_occurrence: "gzip" };

mkdirSync(TO, { recursive: true });
const db = await DuckDBInstance.create(":memory:", { threads: "1" });
const con = await db.connect();
for (const name of readdirSync(FROM).sort()) {
  const table = tableOfFileName(name);
  if (!table) continue;
  const src = join(FROM, name);
  const header = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_csv('${src}')`);
  const have = header.getRowObjects().map((r) => String(r.column_name));
  const keep = have.filter((c) => columnsNeeded(table).has(c.toLowerCase()));
  const out = join(TO, `${table}.parquet`);
  const codec = CODEC[table] ?? "snappy";
  await con.run(
    `COPY (SELECT ${keep.map((c) => `"${c}"`).join(", ")} FROM read_csv('${src}'))
     TO '${out}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 4096)`,
  );
  console.log(`${out}: ${keep.length} of ${have.length} columns, ${codec}`);
}
