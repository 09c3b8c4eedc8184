import { describe, expect, it } from "vitest";
import { EvalService } from "../../src/pool/eval-service.ts";
import { WARM_ROWS, warmTable } from "../../src/pool/warm-eval.ts";
import { builtinProtocols } from "../../src/protocols/index.ts";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { ResultSet } from "../../src/engine/results/index.ts";
import { columnArrays } from "../../src/engine/types.ts";

const seed = builtinProtocols[0]!;

describe("evaluation warm-up", () => {
  it("makes a column of each variable's type, some values missing, codes as narrow as a load's", () => {
    const t = warmTable(seed, 1000);
    expect(t.nRows).toBe(1000);
    for (const v of seed.variables) {
      const c = t.columns[v.name]!;
      expect(c.kind).toBe(v.type);
      for (const a of columnArrays(c)) expect(a.length).toBe(1000);
      if (c.kind === "category") {
        expect(c.codes).toBeInstanceOf(Int8Array);
        expect(Math.max(...c.codes)).toBeLessThan(c.dict.length);
        expect(c.codes.some((x) => x === -1)).toBe(true);
      }
      if (c.kind === "number") {
        expect(c.lo.some((x) => Number.isNaN(x))).toBe(true);
        expect(c.lo.some((x) => x === -Infinity)).toBe(true);
        // an interval: censored below a known bound, or missing on both sides
        c.lo.forEach((x, i) => {
          if (x === -Infinity) expect(c.hi[i]).toBeGreaterThan(-Infinity);
          else if (Number.isNaN(x)) expect(c.hi[i]).toBeNaN();
          else expect(c.hi[i]).toBe(x);
        });
      }
    }
    // deterministic
    expect(warmTable(seed, 1000)).toEqual(t);
  });

  it("evaluates the protocol as a load would, then holds nothing", async () => {
    for (const protocol of builtinProtocols) {
      const s = new EvalService();
      const counts = await s.warm(protocol);
      // the same count as the engine's own evaluation of the warm-up table
      const cp = compileProtocol(protocol, {}).compiled!;
      const table = warmTable(protocol, WARM_ROWS);
      const { verdicts } = evaluateProtocol(cp, table);
      const meta = cp.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.id }));
      expect(counts).toEqual(new ResultSet(meta, WARM_ROWS, verdicts).counts());
      expect(counts!.total).toBe(WARM_ROWS);
      // nothing kept: the worker's first load starts from scratch
      const r = await s.evaluate({});
      expect(r.verdicts).toEqual([]);
      expect(r.problems[0]?.message).toMatch(/no protocol loaded/);
    }
  });

  it("is skipped by a worker that already holds a table", async () => {
    const s = new EvalService();
    const t = warmTable(seed, 64);
    expect((await s.load(seed, t, {})).ok).toBe(true);
    expect(await s.warm(seed)).toBeNull();
    expect((await s.evaluate({})).verdicts[0]?.length).toBe(64);
  });

  it("reports a protocol that does not compile as not done", async () => {
    const bad = { ...seed, criteria: [{ ...seed.criteria[0]!, rule: "age >" }] };
    expect(await new EvalService().warm(bad)).toBeNull();
  });
});
