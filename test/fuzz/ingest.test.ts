import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsvBytes, parseCsvStream, parseCsvText } from "../../src/ingest/read/parse.ts";
import {
  SOURCES,
  checkIngest,
  checkMapping,
  checkRows,
  checkTable,
  expectedRecords,
  ingestCaseArb,
  mutateBytes,
  quoteFreeCaseArb,
} from "./ingest-props.ts";
import { FUZZ_SEED, runs } from "./helpers.ts";

describe("CSV ingest under mutated real files", () => {
  it("reads every source unmutated with all rows", async () => {
    expect(SOURCES.length).toBeGreaterThan(10);
    for (const s of SOURCES) {
      const t = await checkIngest(s.bytes, 7, s.name);
      const got = checkRows(s.bytes, t, s.name);
      // a file without quotes has a defined row count, and the reader matches it
      if (!s.bytes.includes(0x22) && !s.name.startsWith("empty"))
        expect(got, s.name).toBe("counted");
    }
    const synth = parseCsvBytes(SOURCES[0]!.bytes);
    expect(synth.nRows).toBe(20);
    expect(synth.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("never throws, reads the same in any chunking, and accounts for every cell", async () => {
    await fc.assert(
      fc.asyncProperty(ingestCaseArb, async ({ src, ms, chunk }) => {
        const s = SOURCES[src]!;
        const bytes = mutateBytes(s.bytes, ms);
        const t = await checkIngest(bytes, chunk, `${s.name} ${JSON.stringify(ms)}`);
        checkRows(bytes, t, `${s.name} ${JSON.stringify(ms)}`);
      }),
      { numRuns: runs(700), seed: FUZZ_SEED + 10 },
    );
  });

  it("keeps every data line as a row when quotes and newline styles are untouched", async () => {
    const seen = { counted: 0, refused: 0, undefined: 0 };
    await fc.assert(
      fc.asyncProperty(quoteFreeCaseArb, async ({ src, ms, chunk }) => {
        const s = SOURCES[src]!;
        const bytes = mutateBytes(s.bytes, ms);
        const what = `${s.name} ${JSON.stringify(ms)}`;
        seen[checkRows(bytes, await checkIngest(bytes, chunk, what), what)]++;
      }),
      { numRuns: runs(500), seed: FUZZ_SEED + 11 },
    );
    // the property must have bitten: most cases have a defined row count and are read
    expect(seen.counted, JSON.stringify(seen)).toBeGreaterThan(seen.refused + seen.undefined);
  });
});

describe("mapping mutated files to the seed protocol", () => {
  it("never throws, keeps every row, and counts every present cell it cannot map", async () => {
    await fc.assert(
      fc.asyncProperty(ingestCaseArb, async ({ src, ms }) => {
        const s = SOURCES[src < 2 ? src : 0]!;
        const what = `${s.name} ${JSON.stringify(ms)}`;
        checkMapping(parseCsvBytes(mutateBytes(s.bytes, ms)), what);
      }),
      { numRuns: runs(60), seed: FUZZ_SEED + 12 },
    );
  });
});

describe("row counter (independent of the reader)", () => {
  it.each([
    ["a,b\n1,2\n3,4\n", 2],
    ["a,b\r\n1,2\r\n\r\n3,4", 2],
    ["a\n1\n\n3\n", 3],
    ["\n\na,b\n \n1,2\n", 1],
    ['a,b\n1,2\n"x\n', null],
    ["a,b\r\n1,2\n3,4\r\n", null],
  ])("counts %j as %s", (csv, n) => {
    const bytes = new TextEncoder().encode(csv);
    expect(expectedRecords(bytes, parseCsvBytes(bytes))).toBe(n);
  });

  it("catches a reader that drops a row", () => {
    const bytes = new TextEncoder().encode("a,b\n1,2\n3,4\n");
    const t = parseCsvBytes(bytes);
    expect(() => checkRows(bytes, { ...t, nRows: 1 }, "dropped")).toThrow(/2 data line/);
    expect(() => checkTable({ ...t, nRows: 3 }, "miscounted")).toThrow(/!= 3 rows/);
  });
});

describe("ingest edge cases", () => {
  it("rejects only with an AbortError when aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      parseCsvStream(
        (async function* () {
          yield SOURCES[0]!.bytes;
        })(),
        { signal: ac.signal },
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
  });

  it("ends a row at a lone LF in a CRLF file, as a person sees it, and says so with its line", () => {
    // id,note CRLF 1,a LF 2 CRLF 3,b: three data lines, three rows; the short row is reported too
    const t = parseCsvText("id,note\r\n1,a\n2\r\n3,b\r\n");
    checkTable(t, "mixed");
    expect(t.nRows).toBe(3);
    expect(t.problems).toEqual([
      expect.objectContaining({
        line: 2,
        severity: "warning",
        message: expect.stringMatching(/lone LF/),
      }),
      expect.objectContaining({ line: 3, severity: "warning" }),
    ]);
    // a lone LF inside quotes is part of the value, not a merged row
    expect(parseCsvText('id,note\r\n1,"a\nb"\r\n3,b\r\n').problems).toEqual([]);
  });

  it("survives huge and degenerate inputs", async () => {
    const cases = [
      new Uint8Array(0),
      new Uint8Array(100_000).fill(0x22),
      new Uint8Array(20_000).fill(0x2c),
      new Uint8Array(100_000).fill(0x0a),
      new TextEncoder().encode("a,b\n" + '"'.repeat(50_000) + "\n1,2\n"),
      new TextEncoder().encode("x".repeat(300_000)),
      new TextEncoder().encode("a," + "b,".repeat(20_000) + "\n1\n"),
    ];
    for (const b of cases) await checkIngest(b, 4096, `degenerate ${b.length}`);
  });
});
