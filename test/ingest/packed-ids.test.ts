/**
 * Large, mostly distinct dictionaries (patient ids) are kept packed, one string + end offsets,
 * from the spelling table to the merged column; duplicates are still found exactly, whatever
 * the number of parts or threads, and the column reads the same ids as the file.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.ts";
import { describe, expect, it } from "vitest";
import { PACK_MIN, postableColumn, withDictView } from "../../src/engine/packed-dict.ts";
import type { Column } from "../../src/engine/types.ts";
import type { ProtocolVariable } from "../../src/engine/protocol/types.ts";
import { duplicates, toCategory } from "../../src/ingest/map/categories.ts";
import { IngestCore } from "../../src/ingest/read/core.ts";
import { parseCsvFileParallel } from "../../src/ingest/node/parallel.ts";
import { parseParallel, type RunPart } from "../../src/ingest/parallel/plan.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { columnQuality } from "../../src/ingest/quality/quality.ts";
import { openPart } from "../../src/ingest/parallel/shared.ts";
import { ABSENT, Spellings, hashString } from "../../src/ingest/read/spellings.ts";
import type { RawTable } from "../../src/ingest/types.ts";

type Category = Extract<Column, { kind: "category" }>;

const idOf = (i: number): string => `P${String(i).padStart(7, "0")}`;

/** `rows` ids: distinct, then every 13th row from `dupFrom` on repeats an earlier id. */
function ids(rows: number, dupFrom: number): string[] {
  return Array.from({ length: rows }, (_, i) =>
    i >= dupFrom && i % 13 === 0 ? idOf((i * 7919) % dupFrom) : idOf(i),
  );
}

function csv(values: readonly string[], filler = ""): string {
  return `id,grp,pad\n${values.map((v, i) => `${v},g${i % 5},${filler}`).join("\n")}\n`;
}

/** Duplicates as a reference: rows whose id came before; ids in order of their second row. */
function reference(values: readonly string[]): { count: number; examples: string[] } {
  const seen = new Map<string, number>();
  let count = 0;
  const examples: string[] = [];
  for (const v of values) {
    const k = seen.get(v) ?? 0;
    if (k > 0) count++;
    if (k === 1 && examples.length < 5) examples.push(v);
    seen.set(v, k + 1);
  }
  return { count, examples };
}

function idColumn(t: RawTable): Category {
  const s = t.columns[0]!.storage;
  if (s.kind !== "category") throw new Error("id column is not a category");
  return s;
}

const values = (c: Category): string[] => Array.from(c.codes, (k) => c.dict[k]!);

describe("Spellings", () => {
  it("keeps its keys as characters, not strings (a wide key widens them)", () => {
    const t = new Spellings();
    const keys = ["a", "é", "P0000001", "жук", "😀x", "b"];
    for (const k of keys) t.addValue(k, hashString(k));
    keys.forEach((k, c) => expect(t.find(k, hashString(k))).toBe(c));
    expect(t.find("ж", hashString("ж"))).toBe(ABSENT);
    expect(t.valueList()).toEqual(keys);
    expect(t.packValues()).toEqual({ text: keys.join(""), ends: expect.any(Int32Array) });
    // no per-key strings: nothing in the table is an array (of strings or otherwise)
    for (const v of Object.values(t)) expect(Array.isArray(v)).toBe(false);
  });
});

describe("packed dictionaries", () => {
  const n = PACK_MIN + 5_000;
  const all = ids(n, n);

  it("reads a large distinct id column packed (one string + end offsets), a small one as strings", () => {
    const t = parseCsvText(csv(all));
    const id = idColumn(t);
    expect(id.packed?.text).toBe(all.join(""));
    expect(id.packed?.ends.length).toBe(n);
    // `dict` is a view of the packed text: no string per id, and it cannot be posted as is
    expect(() => structuredClone(id.dict)).toThrow();
    expect(id.dict.length).toBe(n);
    expect(values(id)).toEqual(all);
    const grp = t.columns[1]!.storage as Category;
    expect(grp.packed).toBeUndefined();
    expect(grp.dict).toEqual(["g0", "g1", "g2", "g3", "g4"]);
  });

  it("posts a part's packed dictionary as one string (no view, no strings)", () => {
    const core = new IngestCore();
    core.pushBytes(new TextEncoder().encode(csv(all)));
    const part = core.finishPart();
    const id = part.columns[0]!.storage as Category;
    expect(id.dict).toEqual([]);
    expect(id.packed?.text.length).toBe(n * 8);
    const copy = structuredClone(id);
    expect(values(withDictView(copy))).toEqual(all);
    // a column with its view goes out the same way
    const viewed = withDictView(structuredClone(id));
    expect(postableColumn(viewed).dict).toEqual([]);
  });

  it("keeps the dictionary packed through the mapping (shared, not copied into strings)", () => {
    const t = parseCsvText(csv(all));
    const raw = t.columns[0]!;
    const v = { name: "patient_id", type: "category" } as ProtocolVariable;
    for (const reuse of [false, true]) {
      const out = toCategory(v, raw, columnQuality(raw, v.name), reuse) as Category;
      expect(out.packed).toBe(idColumn(t).packed);
      expect(values(out)).toEqual(all);
    }
  });
});

describe("duplicate ids across parts and threads", () => {
  const n = 2 * PACK_MIN + 20_000;
  // distinct ids, then repeats of ids from anywhere before (the first part's too)
  const all = ids(n, Math.floor(n * 0.6));
  // (over 8 MB: the file is split)
  const text = csv(all, "x".repeat(60));
  const want = reference(all);
  const dir = tempDir("packed-ids-");
  const path = join(dir, "ids.csv");
  writeFileSync(path, text);

  const check = (t: RawTable, parts: number): void => {
    const id = idColumn(t);
    expect(id.packed).toBeDefined();
    expect(values(id)).toEqual(all);
    expect(duplicates(id.codes, id.dict)).toEqual(want);
    if (parts > 1) expect(t.dialect.notes).toContain(`read in ${parts} parallel parts`);
  };

  it("finds the same duplicates on 1, 2 and 3 threads (worker threads, shared memory)", async () => {
    expect(want.count).toBeGreaterThan(1000);
    check(await parseCsvFileParallel(path, { threads: 1 }), 1);
    check(await parseCsvFileParallel(path, { threads: 2 }), 2);
    check(await parseCsvFileParallel(path, { threads: 3 }), 3);
  }, 60_000);

  it("finds the same duplicates when parts are copied, not merged in place (4 parts)", async () => {
    const bytes = new TextEncoder().encode(text);
    const run: RunPart = async (job) => {
      const { core, finish } = openPart({}, job.preset, job.layout, job.part);
      for (let k = job.start; k < job.end; k += 1 << 16)
        core.pushBytes(bytes.subarray(k, Math.min(job.end, k + (1 << 16))));
      // each part crosses a thread boundary in the real thing
      return structuredClone(finish());
    };
    const src = { size: bytes.length, read: async (p: number, l: number) => bytes.slice(p, p + l) };
    const t = await parseParallel(src, run, 4, {}, 1);
    check(t!, 4);
  }, 60_000);
});
