// `npm run bench -- events`, DuckDB side: the same derivations as SQL over the same CSV files
// (events-sql.mjs), in a process of its own so its memory is measured alone.
import { DuckDBInstance } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eventsSql } from "./events-sql.mjs";

const dir = process.env.EVENTS_BENCH_DIR;
const t0 = performance.now();
const c0 = process.cpuUsage();
const db = await DuckDBInstance.create(":memory:", { threads: "2" });
const con = await db.connect();
const json = (f) =>
  JSON.parse(readFileSync(new URL(`../src/protocols/${f}`, import.meta.url), "utf8"));
const protocol = json("ln-cd19-cd70.json");
// the window parameters at the protocol's defaults, as the tool screens it
const params = Object.fromEntries(protocol.parameters.map((p) => [p.name, p.default]));
const sql = eventsSql(
  (t) => `'${join(dir, t)}.csv'`,
  "2026-12-01",
  json("ln-cd19-cd70.omop.json"),
  params,
);
const row = (await con.runAndReadAll(sql)).getRows()[0];
const cpu = process.cpuUsage(c0);
process.stdout.write(
  `\nRESULT ${JSON.stringify({ seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, values: row.map(Number) })}\n`,
);
