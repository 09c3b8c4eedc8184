/**
 * NodeEvaluator packs the verdicts each thread writes into the ResultSet's bitsets
 * (eval-into.ts packInto): a ResultSet from those bitsets must equal one that packs the
 * verdicts itself, with chunks that end mid-word and site-assessed criteria; nothing is packed
 * unless asked, nor chunks that do not start on a 32-row word.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compileProtocol } from "../../src/engine/compile-protocol.ts";
import { ResultSet } from "../../src/engine/results/index.ts";
import { applyMapping } from "../../src/ingest/map/mapping.ts";
import { NodeEvaluator } from "../../src/pool/node-eval.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin, SEED_PROTOCOL_ID } from "../../src/protocols/index.ts";
import { generateSynthetic } from "../../src/synth/generate.ts";
import { synthMapping } from "../../src/synth/mapping.ts";

const protocol = getBuiltin(SEED_PROTOCOL_ID)!;

function table(rows: number) {
  const parts: string[] = [];
  generateSynthetic({ rows, seed: 5 }).writeTo((c) => parts.push(c));
  return applyMapping(protocol, parseCsvText(parts.join("")), synthMapping(false)).table;
}

/** everything a summary reads from a ResultSet */
function summary(rs: ResultSet) {
  return {
    counts: rs.counts(),
    attrition: rs.attrition(),
    perCriterion: rs.perCriterion(),
    combinations: rs.combinations(15),
    status: [...rs.statusArray()],
  };
}

describe("NodeEvaluator packed verdicts", () => {
  let ev: NodeEvaluator | undefined;
  afterEach(() => ev?.close());
  const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));

  it("builds the same ResultSet as packing the verdicts after", async () => {
    const t = table(3001); // (the last chunk ends mid-word)
    const { compiled } = compileProtocol(protocol);
    ev = new NodeEvaluator({ threads: 3, minRows: 10, chunkRows: 256, pack: true });
    expect(await ev.liveHelpers()).toBe(2);
    const { verdicts, packed } = await ev.evaluate(protocol, compiled!, t);
    expect(ev.lastSplit.workers).toBeGreaterThan(0);
    expect(packed).toBeDefined();
    expect(packed!.site.some((s) => s === t.nRows)).toBe(true); // site-assessed criteria
    const want = summary(new ResultSet(meta, t.nRows, verdicts));
    expect(summary(new ResultSet(meta, t.nRows, verdicts, undefined, packed))).toEqual(want);
  }, 60_000);

  it("packs only when asked, and only chunks that start on a word", async () => {
    const t = table(500);
    const { compiled } = compileProtocol(protocol);
    ev = new NodeEvaluator({ threads: 2, minRows: 10, chunkRows: 100, pack: true });
    expect((await ev.evaluate(protocol, compiled!, t)).packed).toBeUndefined();
    ev.close();
    ev = new NodeEvaluator({ threads: 2, minRows: 10, chunkRows: 128 });
    expect((await ev.evaluate(protocol, compiled!, t)).packed).toBeUndefined();
  }, 60_000);
});
