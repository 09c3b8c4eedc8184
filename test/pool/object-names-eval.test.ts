/**
 * Columns named like members of JavaScript objects (`__proto__`, `constructor`, ...) through the
 * evaluation workers: the table is sliced (sliceTable) and posted to worker threads, and each
 * slice must still hold every column under its own name, `__proto__` included.
 */
import { afterEach, describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { parseProtocolJson } from "../../src/engine/protocol/validate.ts";
import { applyMapping } from "../../src/ingest/map/apply.ts";
import { autoMap } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { NodeEvaluator } from "../../src/pool/node-eval.ts";
import { sliceTable } from "../../src/pool/slice.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { synthForProtocol } from "../../src/synth/protocol-synth.ts";
import { OBJECT_VARS, T2D_VARS_TEXT } from "../support/object-names.ts";

const plainProtocol = getBuiltin("example-t2d")!;
const renamed = parseProtocolJson(T2D_VARS_TEXT, "renamed.json").protocol!;

/** the same extract under the ordinary and the renamed variable names, mapped by name */
function tables(rows: number) {
  const text = [...synthForProtocol(plainProtocol, { rows, seed: 9 }).chunks()].join("");
  const nl = text.indexOf("\n");
  const header = text
    .slice(0, nl)
    .split(",")
    .map((h) => OBJECT_VARS.find(([a]) => a === h)?.[1] ?? h)
    .join(",");
  const raw = parseCsvText(text);
  const raw2 = parseCsvText(header + text.slice(nl));
  return {
    plain: applyMapping(plainProtocol, raw, autoMap(plainProtocol, raw).mapping).table,
    renamed: applyMapping(renamed, raw2, autoMap(renamed, raw2).mapping).table,
  };
}

describe("object-member column names on the evaluation workers", () => {
  let ev: NodeEvaluator | undefined;
  afterEach(() => ev?.close());

  it("a slice keeps a column named __proto__ as its own", () => {
    const { renamed: t } = tables(50);
    for (const [, name] of OBJECT_VARS) expect(Object.hasOwn(t.columns, name), name).toBe(true);
    const slice = sliceTable(t, 10, 30).table;
    for (const [, name] of OBJECT_VARS) expect(Object.hasOwn(slice.columns, name), name).toBe(true);
    expect(Object.keys(structuredClone(slice.columns))).toEqual(Object.keys(t.columns));
  });

  it("worker threads give the verdicts of the ordinary names", async () => {
    const { plain, renamed: t } = tables(2000);
    const want = evaluateProtocol(compileProtocol(plainProtocol).compiled!, plain).verdicts;
    const { compiled } = compileProtocol(renamed);
    ev = new NodeEvaluator({ threads: 2, minRows: 10, chunkRows: 256 });
    expect(await ev.liveHelpers()).toBe(1);
    const got = (await ev.evaluate(renamed, compiled!, t)).verdicts;
    expect(ev.lastSplit.workers).toBeGreaterThan(0);
    expect(got.length).toBe(want.length);
    for (let j = 0; j < want.length; j++) expect(got[j], `criterion ${j}`).toEqual(want[j]);
  }, 60_000);
});
