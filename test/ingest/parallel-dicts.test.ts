import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeDicts } from "../../src/ingest/parallel/dict-merge.ts";

/** The reference: a Map over the merged values, first part's codes kept. */
function reference(dicts: string[][]): { dict: string[]; remaps: (number[] | null)[] } {
  const dict = dicts[0]!.slice();
  const index = new Map<string, number>();
  dict.forEach((d, c) => index.set(d, c));
  const remaps: (number[] | null)[] = [null];
  for (const d of dicts.slice(1))
    remaps.push(
      d.map((v) => {
        let c = index.get(v);
        if (c === undefined) index.set(v, (c = dict.push(v) - 1));
        return c;
      }),
    );
  return { dict, remaps };
}

const unique = (a: string[]): string[] => [...new Set(a)];

describe("mergeDicts", () => {
  it("keeps the first part's codes and appends new values in order", () => {
    const m = mergeDicts([
      ["a", "b"],
      ["b", "c"],
      ["c", "d", "a"],
    ]);
    expect(m.dict).toEqual(["a", "b", "c", "d"]);
    expect(m.remaps.map((r) => (r ? [...r] : null))).toEqual([null, [1, 2], [2, 3, 0]]);
  });

  it("agrees with a Map on any dictionaries (property, colliding short strings)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 }).map(unique), {
          minLength: 1,
          maxLength: 4,
        }),
        (dicts) => {
          const got = mergeDicts(dicts);
          const want = reference(dicts);
          expect(got.dict).toEqual(want.dict);
          expect(got.remaps.map((r) => (r ? [...r] : null))).toEqual(want.remaps);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("merges a million distinct ids (two halves, overlapping by a quarter)", () => {
    const ids = Array.from({ length: 1_000_000 }, (_, i) => `P${String(i).padStart(7, "0")}`);
    const m = mergeDicts([ids.slice(0, 500_000), ids.slice(375_000)]);
    expect(m.dict).toEqual(ids);
    expect(m.remaps[1]![0]).toBe(375_000);
    expect(m.remaps[1]![624_999]).toBe(999_999);
  });
});

describe("mergeParts", () => {
  it("reports each merged column (progress during the merge)", async () => {
    const { mergeParts } = await import("../../src/ingest/parallel/assemble.ts");
    const { IngestCore } = await import("../../src/ingest/read/core.ts");
    const part = (text: string, first: boolean) => {
      const probe = new IngestCore();
      probe.pushBytes(new TextEncoder().encode("a,b,c\n1,x,2020-01-01\n"));
      const info = probe.inspect()!;
      const core = new IngestCore({}, { ...info, first, capacity: 8 });
      core.pushBytes(new TextEncoder().encode(text));
      return core.finishPart();
    };
    let ticks = 0;
    const m = mergeParts(
      [part("a,b,c\n1,x,2020-01-01\n", true), part("2,y,2020-01-02\n", false)],
      undefined,
      () => ticks++,
    );
    expect(m.nRows).toBe(2);
    expect(ticks).toBe(3);
  });
});
