/**
 * IngestService holds one session's state (the loaded table, the kept preview, the options) in
 * its instance: two services over two message channels are two ingest workers.
 */
import * as Comlink from "comlink";
import { afterEach, describe, expect, it, vi } from "vitest";
import { closeIngestChannels, connectIngest } from "../support/ingest-channel.ts";

afterEach(closeIngestChannels);

const protocol = {
  id: "p",
  title: "p",
  version: "1",
  parameters: [],
  variables: [{ name: "age", type: "number" as const, description: "age" }],
  criteria: [],
};

describe("IngestService", () => {
  it("keeps each service's loaded file apart from another's", async () => {
    const a = connectIngest();
    const b = connectIngest();
    expect((await a.loadFile(new File(["age\n41\n52\n"], "a.csv"), {})).nRows).toBe(2);
    expect((await b.loadFile(new File(["id,years\nx,7\n"], "b.csv"), {})).header).toEqual([
      "id",
      "years",
    ]);
    // a still maps its own file (its `age` column), not b's
    expect((await a.autoMap(protocol)).mapping.columns["age"]?.column).toBe("age");
    await b.release();
    expect((await a.autoMap(protocol)).mapping.columns["age"]?.column).toBe("age");
    await expect(b.autoMap(protocol)).rejects.toThrow(/no file is loaded/);
  });
});

describe("IngestService after Confirm", () => {
  const twoCols = {
    ...protocol,
    variables: [
      { name: "age", type: "number" as const, description: "age" },
      { name: "smoker", type: "boolean" as const, description: "smoker" },
    ],
  };
  // (proxied progress calls arrive on ports of their own, after the answer: wait for both
  // applies' last step)
  const settled = (steps: string[]) =>
    vi.waitFor(() => expect(steps.filter((x) => x.startsWith("handing")).length).toBe(2));
  const csv = "age,years,smoker\n41,7,yes\n52,8,no\n63,9,yes\n";
  const mapping = (ageColumn: string) => ({
    version: 1 as const,
    protocol: "p",
    columns: { age: { column: ageColumn }, smoker: { column: "smoker" } },
  });

  it("hands a table over that is larger than it keeps, and reads the file again with progress", async () => {
    const s = connectIngest();
    await s.configure({ keepRows: 2, shared: false });
    await s.loadFile(new File([csv], "a.csv"), {});
    const steps: string[] = [];
    const onStep = Comlink.proxy((step: string) => void steps.push(step));
    const first = await s.applyMapping(twoCols, mapping("age"), true, undefined, onStep);
    const age = first.table!.columns["age"];
    expect(age?.kind === "number" && [...age.lo]).toEqual([41, 52, 63]);
    expect(steps.some((x) => x.startsWith("reading the file again"))).toBe(false);
    // the mapping changed from the screen: the file is read again, and says so
    const second = await s.applyMapping(twoCols, mapping("years"), true, undefined, onStep);
    const years = second.table!.columns["age"];
    expect(years?.kind === "number" && [...years.lo]).toEqual([7, 8, 9]);
    const smoker = second.table!.columns["smoker"];
    expect(smoker?.kind === "boolean" && [...smoker.values]).toEqual([1, 0, 1]);
    await settled(steps);
    expect(steps).toContain("reading the file again: 0%");
    expect(steps).toContain("reading the file again: 100%");
  });

  it("keeps a table it can keep, so the mapping changes without reading again", async () => {
    const s = connectIngest();
    await s.configure({ keepRows: 3, shared: false });
    await s.loadFile(new File([csv], "a.csv"), {});
    const steps: string[] = [];
    const onStep = Comlink.proxy((step: string) => void steps.push(step));
    await s.applyMapping(twoCols, mapping("age"), true, undefined, onStep);
    const second = await s.applyMapping(twoCols, mapping("years"), true, undefined, onStep);
    const years = second.table!.columns["age"];
    expect(years?.kind === "number" && [...years.lo]).toEqual([7, 8, 9]);
    await settled(steps);
    expect(steps.some((x) => x.startsWith("reading the file again"))).toBe(false);
  });
});
