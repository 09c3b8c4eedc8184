import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { tempDir } from "../support/temp.ts";
import { describe, expect, it } from "vitest";
import { rowArray } from "../../src/engine/types.ts";
import { makeBuilder } from "../../src/ingest/read/infer.ts";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";
import {
  parseParallel,
  type ParallelSource,
  type RunPart,
} from "../../src/ingest/parallel/plan.ts";
import { parseCsvBytes } from "../../src/ingest/read/parse.ts";
import { adopt, openPart, regionView, sharedLayout } from "../../src/ingest/parallel/shared.ts";
import type { RawTable } from "../../src/ingest/types.ts";
import { grid } from "./helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function source(bytes: Uint8Array): ParallelSource {
  return {
    size: bytes.length,
    read: async (pos, len) => bytes.slice(pos, Math.min(bytes.length, pos + len)),
  };
}

/** Runs parts in-process through openPart, as the worker threads do (same core, same layout). */
function inProcess(bytes: Uint8Array): RunPart {
  return async (job) => {
    const { core, finish } = openPart({}, job.preset, job.layout, job.part);
    for (let k = job.start; k < job.end; k += 1000)
      core.pushBytes(bytes.subarray(k, Math.min(job.end, k + 1000)));
    return finish();
  };
}

/** Arrays of a table that live in shared memory, and those that do not. */
function where(t: RawTable): { shared: string[]; own: string[] } {
  const out = { shared: [] as string[], own: [] as string[] };
  for (const c of t.columns) {
    const s = c.storage;
    const arrays =
      s.kind === "number"
        ? s.hi === s.lo
          ? { lo: s.lo }
          : { lo: s.lo, hi: s.hi }
        : s.kind === "date"
          ? { days: s.days }
          : s.kind === "boolean"
            ? { values: s.values }
            : { codes: s.codes };
    for (const [k, a] of Object.entries(arrays))
      (a.buffer instanceof SharedArrayBuffer ? out.shared : out.own).push(`${c.name}.${k}`);
  }
  return out;
}

const same = (a: RawTable, b: RawTable): void => {
  expect(grid(a)).toEqual(grid(b));
  expect(a.problems.map((p) => [p.line, p.message])).toEqual(
    b.problems.map((p) => [p.line, p.message]),
  );
  a.columns.forEach((c, j) => {
    expect(c.stats).toEqual(b.columns[j]!.stats);
    expect(c.rejects).toEqual(b.columns[j]!.rejects);
  });
};

describe("parallel parts in shared memory", () => {
  it("gives every kind of builder a view to write into (adopt)", () => {
    const kinds = ["number", "date", "boolean", "category"] as const;
    const layout = sharedLayout(
      kinds.map((kind) => ({ kind, dateOrder: null })),
      [10, 10],
    );
    kinds.forEach((kind, j) => {
      const b = makeBuilder({ kind, dateOrder: null }, kind, j, 16, false);
      const view = regionView(layout, j, 1);
      expect(adopt(b, view)).toBe(true);
      b.keepSpare = true; // (as openPart sets it: finish() returns views, never trimmed copies)
      b.push(kind === "number" ? "7" : kind === "date" ? "2020-01-02" : "yes", 2);
      const values = rowArray(b.finish().storage);
      expect(values.buffer).toBe(layout.buffer);
      expect(view[0]).toBe(
        kind === "number" ? 7 : kind === "date" ? 18263 : kind === "boolean" ? 1 : 0,
      );
    });
  });

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
          const many = await parseParallel(
            source(bytes),
            inProcess(bytes),
            parts,
            {},
            0,
            undefined,
            true,
          );
          if (!many) return;
          ran++;
          same(many, parseCsvBytes(bytes));
        },
      ),
      { numRuns: 200 },
    );
    expect(ran).toBeGreaterThan(100);
  });

  it("moves every column in place when the parts fit their regions", async () => {
    const lines = ["id,grp,n,d,f"];
    for (let i = 0; i < 3000; i++)
      lines.push(`P${i},${i % 3 ? "a" : "b"},${i},2020-01-0${(i % 9) + 1},${i % 2 ? "yes" : "no"}`);
    const bytes = enc(lines.join("\n") + "\n");
    for (const parts of [2, 3]) {
      const t = (await parseParallel(
        source(bytes),
        inProcess(bytes),
        parts,
        {},
        0,
        undefined,
        true,
      ))!;
      expect(t.dialect.notes).toContain(`read in ${parts} parallel parts`);
      expect(where(t).own).toEqual([]);
      same(t, parseCsvBytes(bytes));
    }
  });

  it("copies the columns of a part that outgrew its region, and a late censored column's hi", async () => {
    // the head's rows (1 MiB inspected) are long: few rows per byte estimated; the rest are
    // short: the parts overflow their regions
    const lines = ["id,note,v"];
    for (let i = 0; i < 20_000; i++) lines.push(`${i},${"x".repeat(60)},${i}`);
    for (let i = 20_000; i < 320_000; i++) lines.push(`${i},y,${i === 300_000 ? "<3" : i}`);
    const bytes = enc(lines.join("\n") + "\n");
    const t = (await parseParallel(source(bytes), inProcess(bytes), 2, {}, 0, undefined, true))!;
    expect(t.dialect.notes).toContain("read in 2 parallel parts");
    expect(where(t).own).toEqual(expect.arrayContaining(["id.lo", "v.lo", "v.hi"]));
    same(t, parseCsvBytes(bytes));
  });

  it("resolves ambiguous slash dates decided by a later part, in place", async () => {
    const lines = ["id,d"];
    for (let i = 0; i < 3000; i++)
      lines.push(`${i},${i === 2950 ? "13/04/2020" : `0${(i % 9) + 1}/0${(i % 7) + 1}/2020`}`);
    const bytes = enc(lines.join("\n") + "\n");
    const t = (await parseParallel(source(bytes), inProcess(bytes), 2, {}, 0, undefined, true))!;
    const one = parseCsvBytes(bytes);
    expect(one.columns[1]!.dateOrder).toBe("dmy");
    expect(t.columns[1]!.dateOrder).toBe("dmy");
    expect(where(t).own).toEqual([]);
    same(t, one);
  });

  it("keeps lo in place and copies hi when only a later part has censored values", async () => {
    const lines = ["id,v"];
    for (let i = 0; i < 3000; i++) lines.push(`${i},${i === 2900 ? ">5" : i}`);
    const bytes = enc(lines.join("\n") + "\n");
    const t = (await parseParallel(source(bytes), inProcess(bytes), 2, {}, 0, undefined, true))!;
    expect(where(t)).toEqual({ shared: ["id.lo", "v.lo"], own: ["v.hi"] });
    same(t, parseCsvBytes(bytes));
  });
});

describe("parseCsvFileParallel", () => {
  const dir = tempDir("ingest-shared-");
  const path = join(dir, "x.csv");
  const rows = ["id,v,d,flag,grp"];
  for (let i = 0; i < 300_000; i++)
    rows.push(
      `P${i},${i === 250_000 ? "<0.5" : (i * 0.37).toFixed(2)},2020-01-${String((i % 28) + 1).padStart(2, "0")},${i % 2 ? "yes" : "no"},g${i % 7}`,
    );
  writeFileSync(path, rows.join("\n") + "\n");

  it("reads identical tables on 1, 2 and 3 threads (worker threads write in place)", async () => {
    const one = await parseCsvFileParallel(path, { threads: 1 });
    expect(one.dialect.notes).not.toContain("read in 2 parallel parts");
    const two = await parseCsvFileParallel(path, { threads: 2 });
    expect(two.dialect.notes).toContain("read in 2 parallel parts");
    expect(where(two).own).toEqual(["v.hi"]);
    same(two, one);
    const three = await parseCsvFileParallel(path, { threads: 3 });
    expect(three.dialect.notes).toContain("read in 3 parallel parts");
    same(three, one);
  }, 60_000);

  it("reads the file again on this thread when a helper thread fails, with a warning", async () => {
    const bad = join(dir, "bad-worker.mjs");
    writeFileSync(bad, 'throw new Error("boom");\n');
    const t = await parseCsvFileParallel(path, { threads: 2, workerUrl: pathToFileURL(bad) });
    expect(t.dialect.notes).not.toContain("read in 2 parallel parts");
    expect(t.problems.map((p) => p.message)).toContain(
      "a helper thread failed (boom); the file was read again on one thread",
    );
    const one = await parseCsvFileParallel(path, { threads: 1 });
    expect(grid(t)).toEqual(grid(one));
  }, 60_000);

  it("rejects with the abort reason when cancelled mid-load", async () => {
    const ac = new AbortController();
    let seen = 0;
    const p = parseCsvFileParallel(path, {
      threads: 2,
      signal: ac.signal,
      onProgress: (q) => {
        seen = q.bytes;
        if (q.bytes > 0) ac.abort(new DOMException("stop", "AbortError"));
      },
    });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toBeGreaterThan(0);
  }, 60_000);
});

describe("workerScript", () => {
  it("runs workers from a cached plain-JavaScript bundle (no tsx hooks thread per worker)", async () => {
    const { workerScript } = await import("../../src/node/worker-script.ts");
    const url = await workerScript("node-part");
    expect(url.pathname).toMatch(/node_modules\/\.cache\/cohort-prescreener\/node-part\.mjs$/);
    expect(await workerScript("node-part")).toBe(url);
  });
});
