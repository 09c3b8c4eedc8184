import fc from "fast-check";
import { tempDir } from "../support/temp.ts";
import { describe, expect, it } from "vitest";
import { IngestCore } from "../../src/ingest/read/core.ts";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";
import {
  parseParallel,
  type ParallelSource,
  type RunPart,
} from "../../src/ingest/parallel/plan.ts";
import { parseCsvBytes } from "../../src/ingest/read/parse.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { grid } from "./helpers.ts";

function source(bytes: Uint8Array): ParallelSource {
  return {
    size: bytes.length,
    read: async (pos, len) => bytes.slice(pos, Math.min(bytes.length, pos + len)),
  };
}

/** Runs parts in-process (the same core a worker runs). */
function inProcess(bytes: Uint8Array): RunPart {
  return async (job) => {
    const core = new IngestCore({}, job.preset);
    for (let k = job.start; k < job.end; k += 1000)
      core.pushBytes(bytes.subarray(k, Math.min(job.end, k + 1000)));
    return core.finishPart();
  };
}

const enc = (s: string) => new TextEncoder().encode(s);

describe("parallel parts", () => {
  it("reads the same table in 2-4 parts as in one (property)", async () => {
    let ran = 0;
    const cell = fc.oneof(
      fc.integer({ min: -999, max: 9999 }).map(String),
      fc.constantFrom("NA", "", "yes", "x,y", '"q"', "2020-01-02", "<0.5", "abc", "12/31/2020"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 2, max: 4 }),
        async (rows, parts) => {
          const q = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
          const csv = "a,b,c\n" + rows.map((r) => r.map(q).join(",")).join("\n") + "\n";
          const bytes = enc(csv);
          const one = parseCsvBytes(bytes);
          const many = await parseParallel(source(bytes), inProcess(bytes), parts, {}, 0);
          if (!many) return; // declined (e.g. too few lines to split): the caller reads it whole
          ran++;
          expect(grid(many)).toEqual(grid(one));
          expect(many.problems.map((p) => [p.line, p.message])).toEqual(
            one.problems.map((p) => [p.line, p.message]),
          );
          many.columns.forEach((c, j) => expect(c.stats).toEqual(one.columns[j]!.stats));
        },
      ),
      {
        numRuns: 200,
        // an empty row below the data, read by the second part (its line was the part's own)
        examples: [
          [
            [
              ["NA", "0", "0"],
              ["", "", ""],
            ],
            2,
          ],
        ],
      },
    );
    expect(ran).toBeGreaterThan(100);
  });

  it("reports progress once the column types are chosen, and bytes never go back", async () => {
    const wide = Array.from({ length: 40 }, (_, j) => `c${j}`);
    const lines = [wide.join(",")];
    for (let i = 0; i < 4000; i++) lines.push(wide.map((_, j) => (i * 7 + j) % 13).join(","));
    const bytes = enc(lines.join("\n") + "\n");
    // one core alone: a report after the sample's types are chosen, before its rows are typed
    const alone: number[] = [];
    const core = new IngestCore({ onProgress: (p) => void alone.push(p.rows) });
    core.pushBytes(bytes);
    expect(alone).toEqual([0]);
    // a parallel read: the probe's report counts as "started" (0 bytes), then the parts'
    const seen: number[] = [];
    const t = await parseParallel(
      source(bytes),
      inProcess(bytes),
      2,
      { onProgress: (p) => void seen.push(p.bytes) },
      0,
    );
    expect(t?.nRows).toBe(4000);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("shifts line numbers of later parts and merges category dictionaries", async () => {
    const lines = ["id,grp,n"];
    for (let i = 0; i < 200; i++)
      lines.push(`${i},${i < 100 ? "a" : "b"},${i === 150 ? "oops" : i}`);
    const bytes = enc(lines.join("\n") + "\n");
    const t = (await parseParallel(source(bytes), inProcess(bytes), 2, {}, 0))!;
    expect(t.dialect.notes).toContain("read in 2 parallel parts");
    expect(t.columns[2]!.stats.unparseableExamples).toEqual([{ line: 152, value: "oops" }]);
    expect(t.columns[2]!.rejects.rows).toEqual([150]);
    expect(t.columns[1]!.storage).toMatchObject({ dict: ["a", "b"] });
  });

  it("declines files with quoted newlines (a cut could fall inside a cell)", async () => {
    const bytes = enc('a,b\n1,"x\ny"\n' + "2,3\n".repeat(100));
    expect(await parseParallel(source(bytes), inProcess(bytes), 2, {}, 0)).toBeNull();
  });

  it("declines when a cut falls inside a quoted cell after the head", async () => {
    // head (1 MiB) without quotes; the middle of the file inside a quoted cell spanning lines
    const body =
      "1,2\n".repeat(300_000) + '3,"' + "long\n".repeat(40_000) + '"\n' + "4,5\n".repeat(300_000);
    const bytes = enc("a,b\n" + body);
    expect(await parseParallel(source(bytes), inProcess(bytes), 2, {}, 0)).toBeNull();
  });

  it("runs worker threads on a file and matches the single reader", async () => {
    const dir = tempDir("ingest-");
    const path = join(dir, "x.csv");
    const rows = ["id,v,d,flag,grp"];
    for (let i = 0; i < 400_000; i++)
      rows.push(
        `P${i},${(i * 0.37).toFixed(2)},2020-01-${String((i % 28) + 1).padStart(2, "0")},${i % 2 ? "yes" : "no"},g${i % 7}`,
      );
    writeFileSync(path, rows.join("\n") + "\n");
    const t = await parseCsvFileParallel(path, { threads: 2 });
    expect(t.dialect.notes).toContain("read in 2 parallel parts");
    expect(t.nRows).toBe(400_000);
    const one = parseCsvBytes(enc(rows.join("\n") + "\n"));
    expect(grid(t).slice(-3)).toEqual(grid(one).slice(-3));
    expect(grid(t)[200_001]).toEqual(grid(one)[200_001]);
  }, 60_000);
});
