import { describe, expect, it } from "vitest";
import { createPoolEngine, EVAL_CHUNK_ROWS } from "../../src/app/engine-pool.ts";
import { ScreenState } from "../../src/app/screen.svelte.ts";
import type { EvalPool } from "../../src/pool/index.ts";
import { EvalService } from "../../src/pool/eval-service.ts";
import { engineVerdicts, seed, table } from "./fixtures.ts";

/** A one-slice pool that crosses a structured-clone boundary, as postMessage does. */
function clonePool(calls: string[], chunks: (number | undefined)[] = []): EvalPool {
  const svc = new EvalService();
  let info: { parameters: string[] }[] = [];
  const fake = {
    async load(...args: unknown[]) {
      calls.push("load");
      const [p, t, o] = structuredClone(args) as Parameters<EvalService["load"]>;
      const r = await svc.load(p, t, o);
      info = r.criteria;
      return { ok: r.ok, problems: r.problems };
    },
    affected: (name: string) => info.flatMap((c, k) => (c.parameters.includes(name) ? [k] : [])),
    async evaluate(...args: unknown[]) {
      calls.push("evaluate");
      // the first four go to the workers (postMessage); the options stay on the page
      const [o, ks, a, b] = structuredClone(args.slice(0, 4)) as Parameters<
        EvalService["evaluate"]
      >;
      const opts = args[4] as
        { onProgress?: (rows: number) => void; chunkRows?: number } | undefined;
      if (opts?.onProgress) chunks.push(opts.chunkRows);
      const r = await svc.evaluate(o, ks, a, b);
      opts?.onProgress?.((b ?? 0) - (a ?? 0));
      return r;
    },
    async setRow(...args: unknown[]) {
      calls.push("setRow");
      const [row, values] = structuredClone(args) as Parameters<EvalService["setRow"]>;
      return svc.setRow(row, values);
    },
    dispose() {},
  };
  return fake as unknown as EvalPool;
}

describe("createPoolEngine", () => {
  it("screens, runs what-ifs and cell edits through the pool with postable (non-proxy) arguments", async () => {
    const calls: string[] = [];
    const t = table(300);
    const s = new ScreenState(createPoolEngine(() => clonePool(calls)));
    expect(await s.open(seed, t)).toBe(true);
    expect(s.screened).toBe(300); // the first screen reports its progress
    expect(s.problems.map((p) => p.message).join()).not.toContain("workers unavailable");
    expect(s.verdicts).toEqual(engineVerdicts(t));
    await s.setParam("upcr_min", 0.5);
    expect(s.verdicts).toEqual(engineVerdicts(t, { upcr_min: 0.5 }));
    await s.editCell(2, "upcr", "4");
    await s.revertEdit(2, "upcr");
    expect(calls.filter((c) => c === "setRow").length).toBe(2);
    expect(s.verdicts).toEqual(engineVerdicts(t, { upcr_min: 0.5 }));
    expect(calls[0]).toBe("load");
  });

  it("asks the pool for progress every EVAL_CHUNK_ROWS rows (the first, cold chunk reports sooner)", async () => {
    const chunks: (number | undefined)[] = [];
    const s = new ScreenState(createPoolEngine(() => clonePool([], chunks)));
    expect(await s.open(seed, table(50))).toBe(true);
    expect(chunks).toEqual([EVAL_CHUNK_ROWS]);
    expect(EVAL_CHUNK_ROWS).toBeLessThan(131_072);
  });
});
