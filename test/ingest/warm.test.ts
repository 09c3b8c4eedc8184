/**
 * The reading workers' warm-up extract (warm.ts) exercises the typed paths a registry file
 * takes: every column kind, past the 2,000-row type sample, read in two parts.
 */
import { describe, expect, it } from "vitest";
import { warmCsv, warmRead, warmUp, WARM_READ_ROWS } from "../../src/ingest/browser/warm.ts";
import { IngestPartService } from "../../src/ingest/browser/part-service.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { kinds } from "./helpers.ts";

describe("warm-up", () => {
  it("has a column of every kind, censored values and null tokens", () => {
    const t = parseCsvText(warmCsv(2600));
    expect(t.nRows).toBe(2600);
    expect(new Set(kinds(t))).toEqual(new Set(["category", "number", "date", "boolean"]));
    const col = (name: string) => t.columns.find((c) => c.name === name)!;
    expect(col("crp").storage.kind).toBe("number");
    expect(col("crp").stats.censored).toBeGreaterThan(0);
    expect(col("visit").storage.kind).toBe("date");
    expect(col("anti_dsdna").storage.kind).toBe("boolean");
    expect(Object.keys(col("creatinine").stats.missingTokens)).toContain("n/a");
  });

  it("probes the head of the extract", () => {
    expect(warmUp()).toBe(15);
  });

  it("reads the whole extract as a part of a parallel load, into shared memory or not", async () => {
    expect(await warmRead(3000)).toBe(3000);
    expect(await warmRead(3000, true)).toBe(3000);
    // the reading helper's warm-up (workers/ingest-part.worker.ts)
    expect(await new IngestPartService().warm(false)).toBe(WARM_READ_ROWS);
  });
});
