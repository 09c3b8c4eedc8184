import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readOmopFiles } from "../../src/events/files.ts";
import { readBlobPart, type BlobPartRunner } from "../../src/ingest/browser/blob-parallel.ts";
import { readOmopFolder } from "../../src/events/node.ts";
import { deriveTable, tablesNeeded } from "../../src/events/derive.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { omopProfileOf } from "../../src/protocols/omop-profiles.ts";

const DIR = join(__dirname, "../fixtures/omop/synthea27nj");
const protocol = getBuiltin("example-omop-htn")!;
const profile = omopProfileOf(protocol)!;
const files = () =>
  readdirSync(DIR)
    .filter((n) => n.endsWith(".csv"))
    .map((n) => new File([readFileSync(join(DIR, n))], n.toLowerCase()));

describe("readOmopFiles (chosen or dropped files)", () => {
  it("reads the same tables as the folder reader, with per-table progress", async () => {
    const seen = new Set<string>();
    const a = await readOmopFiles(files(), tablesNeeded(profile), {
      onProgress: (t) => seen.add(t),
    });
    const b = await readOmopFolder(DIR, tablesNeeded(profile));
    expect(a.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(Object.keys(a.data.tables).sort()).toEqual(Object.keys(b.data.tables).sort());
    expect([...seen].sort()).toEqual(Object.keys(a.data.tables).sort());
    const da = deriveTable(protocol, profile, a.data);
    const db = deriveTable(protocol, profile, b.data);
    for (const name of Object.keys(db.table.columns))
      expect(da.table.columns[name], name).toEqual(db.table.columns[name]);
  });

  it("stops when cancelled", async () => {
    const c = new AbortController();
    c.abort(new Error("cancelled by the user"));
    await expect(
      readOmopFiles(files(), tablesNeeded(profile), { signal: c.signal }),
    ).rejects.toThrow("cancelled by the user");
  });

  it("says when no PERSON table is among the files", async () => {
    const r = await readOmopFiles([new File(["a,b\n1,2\n"], "notes.csv")], ["person"]);
    expect(r.problems[0]?.message).toContain("no PERSON table");
  });
});

describe("readOmopFiles with reading helpers (the events worker's)", () => {
  it("reads a large table in byte ranges, one per helper, and gets the same derivation", async () => {
    // MEASUREMENT repeated past the parallel threshold (8 MiB), ids made unique
    const [head, ...rows] = readFileSync(join(DIR, "MEASUREMENT.csv"), "utf8").trim().split("\n");
    const lines = [head!];
    let bytes = 0;
    for (let k = 0; bytes < 9 << 20; k++)
      for (const r of rows) {
        lines.push(r.replace(/^\d+/, (id) => String(Number(id) + k * 1e6)));
        bytes += r.length + 1;
      }
    const big = () =>
      files().map((f) =>
        f.name === "measurement.csv" ? new File([lines.join("\n") + "\n"], f.name) : f,
      );
    expect(big().find((f) => f.name === "measurement.csv")!.size).toBeGreaterThan(8 << 20);
    const started: string[] = [];
    const helpers = {
      count: 1,
      // a helper in-process: the same part reader a helper worker runs
      start: (name: string): BlobPartRunner => {
        started.push(name);
        return (file, job, p) => readBlobPart(file, job, p, { name });
      },
    };
    const a = await readOmopFiles(big(), tablesNeeded(profile), { helpers });
    const b = await readOmopFiles(big(), tablesNeeded(profile));
    expect(started).toEqual(["measurement.csv"]);
    expect(a.problems).toEqual(b.problems);
    expect(a.data.tables.measurement!.nRows).toBe(b.data.tables.measurement!.nRows);
    const da = deriveTable(protocol, profile, a.data);
    const db = deriveTable(protocol, profile, b.data);
    for (const name of Object.keys(db.table.columns))
      expect(da.table.columns[name], name).toEqual(db.table.columns[name]);
  });
});
