/**
 * OMOP tables as Parquet: Synthea27Nj written by DuckDB (test/fixtures/omop/synthea27nj-parquet,
 * Snappy, ZSTD and GZIP) screens to exactly the verdicts of its CSV folder; only the columns
 * needed are decoded; damaged or unsupported files are named with what is wrong.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { asyncBufferFromFile, parquetMetadataAsync, type AsyncBuffer } from "hyparquet";
import { describe, expect, it } from "vitest";
import { columnsNeeded } from "../../src/events/columns-needed.ts";
import { readOmopFolder } from "../../src/events/node.ts";
import { readParquetTable } from "../../src/events/parquet.ts";
import { EventService } from "../../src/events/service.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";

const CSV = join(__dirname, "../fixtures/omop/synthea27nj");
const PQ = join(__dirname, "../fixtures/omop/synthea27nj-parquet");
const files = (dir: string) =>
  readdirSync(dir)
    .filter((n) => /\.(csv|parquet)$/.test(n))
    .map((n) => new File([readFileSync(join(dir, n))], n));

/**
 * An AsyncBuffer that counts the bytes asked of it after the first request (the footer's, which
 * takes up to 512 KiB from the end: all of a small file).
 */
async function counting(path: string) {
  const inner = await asyncBufferFromFile(path);
  const seen = { bytes: 0, calls: 0 };
  const buffer: AsyncBuffer = {
    byteLength: inner.byteLength,
    slice(s, e) {
      if (seen.calls++ > 0) seen.bytes += (e ?? inner.byteLength) - s;
      return inner.slice(s, e);
    },
  };
  return { buffer, seen };
}

async function duckdb(sql: string) {
  const db = await DuckDBInstance.create(":memory:", { threads: "1" });
  const con = await db.connect();
  await con.run(sql);
  con.closeSync();
}

describe("OMOP tables as Parquet", () => {
  const tmp = tempDir("prescreen-parquet-");

  it("the fixture holds Snappy, ZSTD and GZIP files", async () => {
    const codecs = new Set<string>();
    for (const n of readdirSync(PQ).filter((x) => x.endsWith(".parquet"))) {
      const m = await parquetMetadataAsync(await asyncBufferFromFile(join(PQ, n)));
      for (const rg of m.row_groups) for (const c of rg.columns) codecs.add(c.meta_data!.codec);
    }
    expect([...codecs].sort()).toEqual(["GZIP", "SNAPPY", "ZSTD"]);
  });

  for (const [protocolId, date] of [
    ["example-omop-htn", "2021-06-30"],
    ["example-omop-htn", "2012-01-01"],
    ["ln-cd19-cd70", "2021-06-30"],
  ] as const)
    it(`prescreen screen: ${protocolId} at ${date} gives the CSV folder's verdicts`, async () => {
      const out = (d: string) => join(tmp, `${protocolId}-${date}-${d}.csv`);
      for (const [dir, name] of [
        [CSV, "csv"],
        [PQ, "pq"],
      ] as const) {
        const r = await run(
          ...["screen", "--data", dir, "--protocol", protocolId],
          ...["--param", `screening_date=${date}`, "--out", out(name), "--quiet"],
        );
        expect(r.code, r.err).toBe(0);
      }
      const csv = readFileSync(out("csv"), "utf8");
      expect(csv.trim().split("\n")).toHaveLength(29);
      expect(readFileSync(out("pq"), "utf8")).toBe(csv);
    });

  it("the app's session (File objects) reads Parquet with per-table progress, like the CLI", async () => {
    const protocol = getBuiltin("example-omop-htn")!;
    const s = new EventService({ parquet: readParquetTable });
    const last = new Map<string, { bytes: number; rows: number; totalBytes?: number }>();
    const r = await s.read(files(PQ), protocol, (t, _f, p) => last.set(t, p));
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(r.persons).toBe(28);
    expect(r.latestObservation).toBe("2022-10-10");
    const m = last.get("measurement")!;
    expect(m).toEqual({ bytes: m.totalBytes, rows: 10_040, totalBytes: m.totalBytes });
    const csv = new EventService();
    await csv.read(files(CSV), protocol);
    const a = s.derive(protocol, "2021-06-30").table!;
    const b = csv.derive(protocol, "2021-06-30").table!;
    expect(a.columns).toEqual(b.columns);
  });

  it("without a Parquet reader (the page), says the file cannot be read there", async () => {
    const r = await new EventService().read(files(PQ), getBuiltin("example-omop-htn")!);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        where: "person.parquet",
        severity: "error",
        message: "PERSON is a Parquet file, which cannot be read here (only CSV or TSV)",
      }),
    );
  });

  it("decodes only the needed columns: a fraction of the file is read", async () => {
    const path = join(PQ, "measurement.parquet");
    const all = await counting(path);
    const full = await readParquetTable(all.buffer, columnsNeeded("measurement"), { name: path });
    const one = await counting(path);
    const r = await readParquetTable(one.buffer, new Set(["person_id"]), { name: path });
    expect(r.table!.columns.map((c) => c.name)).toEqual(["person_id"]);
    expect(r.table!.header).toContain("value_as_number");
    expect(full.table!.columns).toHaveLength(12);
    expect(one.seen.bytes).toBeLessThan(all.seen.bytes / 4);
  });

  it("progress after each row group; cancel stops between row groups", async () => {
    const path = join(PQ, "measurement.parquet");
    const seen: number[] = [];
    const ac = new AbortController();
    const r = readParquetTable(await asyncBufferFromFile(path), columnsNeeded("measurement"), {
      name: path,
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(p.rows);
        ac.abort(new DOMException("the load was cancelled", "AbortError"));
      },
    });
    await expect(r).rejects.toThrow("the load was cancelled");
    expect(seen).toEqual([4096]);
  });
});

describe("Parquet problems", () => {
  const tmp = tempDir("prescreen-parquet-bad-");
  const protocol = "example-omop-htn";
  const folder = (name: string, edit: (dir: string) => void | Promise<void>) => async () => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    for (const n of readdirSync(PQ)) copyFileSync(join(PQ, n), join(dir, n));
    await edit(dir);
    return dir;
  };

  it("a file cut short names the file and the fault", async () => {
    const dir = await folder("cut", (d) => {
      const p = join(d, "measurement.parquet");
      writeFileSync(p, readFileSync(p).subarray(0, 5000));
    })();
    const r = await run("screen", "--data", dir, "--protocol", protocol, "--quiet");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${join(dir, "measurement.parquet")}: not a readable Parquet file (file invalid (footer != PAR1)): export it again, or as CSV`,
    );
  });

  it("a damaged data page names the row group", async () => {
    const dir = await folder("damaged", async (d) => {
      const p = join(d, "measurement.parquet");
      const m = await parquetMetadataAsync(await asyncBufferFromFile(p));
      const col = m.row_groups[1]!.columns[0]!.meta_data!;
      const bytes = readFileSync(p);
      const at = Number(col.data_page_offset);
      bytes.fill(0xff, at, at + 64);
      writeFileSync(p, bytes);
    })();
    const { problems, data } = await readOmopFolder(dir, ["person", "measurement"]);
    const p = problems.find((x) => x.where.endsWith("measurement.parquet"));
    expect(p?.severity).toBe("error");
    expect(p?.message).toMatch(
      /^cannot read row group 2 of 3 \(.+\); the file may be damaged or cut short$/,
    );
    expect(data.tables.measurement).toBeUndefined();
    expect(data.tables.person?.nRows).toBe(28);
  });

  it("an unsupported codec (Brotli) says which and what to use", async () => {
    const dir = await folder("brotli", (d) =>
      duckdb(
        `COPY (SELECT * FROM '${join(PQ, "measurement.parquet")}') TO '${join(d, "measurement.parquet")}' (FORMAT parquet, COMPRESSION brotli)`,
      ),
    )();
    const { problems } = await readOmopFolder(dir, ["person", "measurement"]);
    expect(problems).toContainEqual(
      expect.objectContaining({
        where: join(dir, "measurement.parquet"),
        message:
          "cannot read row group 1 of 1 (unsupported compression codec: BROTLI); write it with Snappy, ZSTD, GZIP or LZ4, or as CSV",
      }),
    );
  });

  it("a table without a CDM column is named as for a CSV", async () => {
    const dir = await folder("no-gender", (d) =>
      duckdb(
        `COPY (SELECT * EXCLUDE (gender_concept_id) FROM '${join(PQ, "person.parquet")}') TO '${join(d, "person.parquet")}' (FORMAT parquet)`,
      ),
    )();
    const { problems } = await readOmopFolder(dir, ["person"]);
    expect(problems[0]?.message).toMatch(/^PERSON needs the column gender_concept_id \(CDM 5\.4/);
  });
});
