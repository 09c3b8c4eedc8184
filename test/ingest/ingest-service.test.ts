/**
 * IngestService holds one session's state (the loaded table, the kept preview, the options) in
 * its instance: two services over two message channels are two ingest workers.
 */
import { afterEach, describe, expect, it } from "vitest";
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
