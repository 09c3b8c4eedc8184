/**
 * `npm run bench -- events`: the synthetic registry as OMOP CDM tables (EVENTS_BENCH_ROWS
 * patients, default 100,000), read + derived + screened with the seed protocol by
 * `prescreen screen` in Node, against DuckDB native computing the same kind of derivations with
 * SQL over the same files. Each side runs in a process of its own (peak memory measured alone).
 * Not measured here yet: headless Chromium and DuckDB-WASM.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

interface Child {
  seconds: number;
  maxRssMB: number;
  cpuSeconds?: number;
  values?: number[];
}

function child(script: string, dir: string): Child {
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=6144", fileURLToPath(new URL(script, import.meta.url))],
    {
      env: { ...process.env, EVENTS_BENCH_DIR: dir, TZ: "UTC" },
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  const line = /RESULT (.*)/.exec(r.stdout)?.[1];
  if (!line) throw new Error(`${script} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as Child;
}

export async function run(): Promise<Record<string, number | string>> {
  const rows = Number(process.env.EVENTS_BENCH_ROWS ?? 100_000);
  const dir = `/tmp/events-bench-omop-${rows}`;
  let generated = NaN;
  if (!existsSync(join(dir, "PERSON.csv"))) {
    const t0 = performance.now();
    const bin = fileURLToPath(new URL("../bin/prescreen.mjs", import.meta.url));
    const g = spawnSync(
      process.execPath,
      [
        "--max-old-space-size=6144",
        bin,
        "synth",
        "--format",
        "omop",
        "--rows",
        String(rows),
        "--seed",
        "1",
        "--out",
        dir,
      ],
      { encoding: "utf8", env: { ...process.env, TZ: "UTC" } },
    );
    if (g.status !== 0) throw new Error(`synth failed: ${g.stderr}`);
    generated = (performance.now() - t0) / 1000;
  }
  const files = readdirSync(dir).map((f) => join(dir, f));
  const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
  const lines = (t: string) => {
    const p = join(dir, `${t}.csv`);
    return existsSync(p)
      ? Number(spawnSync("wc", ["-l", p], { encoding: "utf8" }).stdout.trim().split(/\s+/)[0]) - 1
      : 0;
  };
  const events = lines("MEASUREMENT") + lines("OBSERVATION") + lines("DRUG_EXPOSURE");
  const node = child("./events-child.mjs", dir);
  const duck = child("./events-duckdb-child.mjs", dir);
  const mb = bytes / 1e6;
  return {
    patients: rows,
    "events (measurement+observation+drug)": events,
    "files MB": mb,
    "generate s (when not cached)": generated,
    "node: read+derive+screen s": node.seconds,
    "node: events/s": events / node.seconds,
    "node: MB/s": mb / node.seconds,
    "node: peak RSS MB": node.maxRssMB,
    "node: peak RSS / files": node.maxRssMB / mb,
    "duckdb native: derive s": duck.seconds,
    "duckdb native: events/s": events / duck.seconds,
    "duckdb native: peak RSS MB": duck.maxRssMB,
    "speed node / duckdb native": duck.seconds / node.seconds,
    chromium: "not measured (no browser path for event data yet)",
  };
}
