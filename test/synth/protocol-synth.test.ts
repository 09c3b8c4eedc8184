/** Synthetic extracts of the non-seed built-in protocols: deterministic, mapped by name, screened. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { synthForProtocol } from "../../src/synth/index.ts";
import { tempDir } from "../support/temp.ts";
import { screenCsv } from "../e2e/pipeline.ts";

const text = (id: string, rows: number, seed: number) =>
  [...synthForProtocol(getBuiltin(id)!, { rows, seed, chunkRows: 97 }).chunks()].join("");

describe.each(["dapa-hf", "ra-mtx-ir"])("synthetic extract of %s", (id) => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(text(id, 500, 3)).toBe(text(id, 500, 3));
    expect(text(id, 500, 3)).not.toBe(text(id, 500, 4));
  });
  it("maps every variable by name and gives every decided criterion passes and fails", () => {
    const csv = text(id, 3000, 1);
    const { counts, perCriterion, table, protocol } = screenCsv(csv, id);
    expect(Object.keys(table.columns).sort()).toEqual(
      expect.arrayContaining(protocol.variables.map((v) => v.name).sort()),
    );
    expect(counts.total).toBe(3000);
    expect(counts.eligible).toBeGreaterThan(10);
    expect(counts.ineligible).toBeGreaterThan(10);
    for (const c of perCriterion.filter((x) => x.site === 0)) {
      expect(c.pass, c.id).toBeGreaterThan(0);
      expect(c.failing, c.id).toBeGreaterThan(0);
    }
  });
});

describe("prescreen synth --protocol", () => {
  it("writes the protocol's extract, and screen reads it", async () => {
    const dir = tempDir("prescreen-synth-protocol-");
    const out = join(dir, "hf.csv");
    const logs: string[] = [];
    const code = await main(
      ["synth", "--protocol", "dapa-hf", "--rows", "400", "--seed", "2", "--out", out],
      (s) => logs.push(s),
      (s) => logs.push(s),
    );
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(text("dapa-hf", 400, 2));
    expect(logs.join("\n")).toMatch(/400 synthetic patients \(dapa-hf, seed 2\)/);
    const res = join(dir, "res.csv");
    const errs: string[] = [];
    const sc = await main(
      ["screen", "--data", out, "--protocol", "dapa-hf", "--out", res, "--quiet"],
      () => {},
      (s) => errs.push(s),
    );
    expect(errs.join("\n")).toBe("");
    expect(sc).toBe(0);
    const lines = readFileSync(res, "utf8").trim().split("\n");
    expect(lines.length).toBe(401);
    expect(lines[0]).toMatch(/^patient_id,status,I1,I2/);
  });
});
