/**
 * `npm run fuzz`: the fuzz suite's properties (test/fuzz) with many more runs, outside
 * `npm test`. Prints counts per property and any counterexample; exits 1 on a failure.
 *
 * FUZZ_RUNS   expression cases (default 100000; CSV cases are a twentieth, protocols a fiftieth)
 * FUZZ_SEED   seed (default: the time, printed so a failure can be replayed)
 * FUZZ_CASE_MS  per-case time budget in ms (default 2000)
 */
import fc from "fast-check";
import {
  byId,
  checkExpression,
  mutatedRuleArb,
  randomCaseArb,
  soupArb,
} from "../test/fuzz/expr-props.ts";
import {
  SOURCES,
  checkIngest,
  checkMapping,
  checkRows,
  ingestCaseArb,
  mutateBytes,
  quoteFreeCaseArb,
} from "../test/fuzz/ingest-props.ts";
import { checkDocument, docMutationArb, mutateDoc } from "../test/fuzz/protocol-props.ts";
import { PROTOCOLS, SEED } from "../test/fuzz/helpers.ts";
import { parseCsvBytes } from "../src/ingest/read/parse.ts";

const total = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const csvRuns = Math.max(1, Math.round(total / 20));
const protoRuns = Math.max(1, Math.round(total / 50));
let failed = 0;
const outcomes: Record<string, number> = {};
const tally = (k: string) => void (outcomes[k] = (outcomes[k] ?? 0) + 1);

async function run<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  numRuns: number,
  check: (v: T) => void | Promise<void>,
): Promise<void> {
  const t0 = performance.now();
  let n = 0;
  const res = await fc.check(
    fc.asyncProperty(arb, async (v) => {
      n++;
      await check(v);
    }),
    { numRuns, seed },
  );
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (res.failed) {
    failed++;
    console.log(`FAIL ${name}: after ${res.numRuns} case(s), ${s} s`);
    console.log(`  counterexample: ${fc.stringify(res.counterexample)}`);
    console.log(`  error: ${String(res.errorInstance).slice(0, 2000)}`);
  } else console.log(`ok   ${name}: ${n} case(s) in ${s} s`);
}

console.log(
  `fuzz: seed ${seed}, ${total} expression case(s), ${csvRuns} CSV, ${protoRuns} protocol`,
);
await run("random rule text", randomCaseArb, Math.round(total * 0.45), ({ protocol, text }) =>
  tally(`random rule: ${checkExpression(byId.get(protocol)!, text)}`),
);
await run("mutated real rules", mutatedRuleArb, Math.round(total * 0.55), ({ protocol, text }) =>
  tally(`mutated rule: ${checkExpression(byId.get(protocol)!, text)}`),
);
await run(
  "long token soup",
  soupArb(3000, 1000),
  Math.max(1, Math.round(total / 1000)),
  (text) => void checkExpression(SEED, text),
);
await run("mutated CSV (any mutation)", ingestCaseArb, csvRuns, async ({ src, ms, chunk }) => {
  const s = SOURCES[src]!;
  const bytes = mutateBytes(s.bytes, ms);
  const what = `${s.name} ${JSON.stringify(ms)}`;
  tally(`any: ${checkRows(bytes, await checkIngest(bytes, chunk, what), what)}`);
});
await run(
  "mutated CSV (row count defined)",
  quoteFreeCaseArb,
  csvRuns,
  async ({ src, ms, chunk }) => {
    const s = SOURCES[src]!;
    const bytes = mutateBytes(s.bytes, ms);
    const what = `${s.name} ${JSON.stringify(ms)}`;
    tally(`quote-free: ${checkRows(bytes, await checkIngest(bytes, chunk, what), what)}`);
  },
);
await run(
  "mapping mutated CSV",
  ingestCaseArb,
  Math.max(1, Math.round(csvRuns / 10)),
  ({ src, ms }) => {
    const s = SOURCES[src < 2 ? src : 0]!;
    checkMapping(parseCsvBytes(mutateBytes(s.bytes, ms)), `${s.name} ${JSON.stringify(ms)}`);
  },
);
await run("random JSON as a protocol", fc.jsonValue({ maxDepth: 5 }), protoRuns, (v) =>
  checkDocument(v, "random"),
);
await run(
  "mutated protocol documents",
  fc.tuple(fc.nat(PROTOCOLS.length - 1), fc.array(docMutationArb, { minLength: 1, maxLength: 6 })),
  protoRuns,
  ([k, ms]) => checkDocument(mutateDoc(PROTOCOLS[k]!, ms), JSON.stringify(ms)),
);
console.log(`outcomes: ${JSON.stringify(outcomes)}`);
console.log(failed ? `${failed} propert(ies) FAILED (seed ${seed})` : "all properties held");
process.exit(failed ? 1 : 0);
