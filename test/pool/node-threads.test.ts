import { afterEach, describe, expect, it } from "vitest";
import { createNodePool } from "../../src/pool/node.ts";
import type { EvalPool } from "../../src/pool/pool.ts";
import { referenceVerdicts, seedTable } from "./harness.ts";

let pool: EvalPool | undefined;
afterEach(() => pool?.dispose());

describe("EvalPool over real worker threads", () => {
  it("evaluates the seed protocol on two threads like one evaluation of the whole table", async () => {
    const { protocol, table } = seedTable(2000);
    pool = createNodePool({ size: 2 });
    expect((await pool.load(protocol, table, {})).ok).toBe(true);
    const { verdicts } = await pool.evaluate({ upcr_min: 2 });
    expect(verdicts).toEqual(referenceVerdicts(protocol, table, { upcr_min: 2 }));
  });
});
