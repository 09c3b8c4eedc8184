/**
 * The parallel probe (IngestCore.plansOnly) chooses the same dialect, header and column plans
 * as a core that types its sample, without typing it.
 */
import { describe, expect, it } from "vitest";
import { IngestCore } from "../../src/ingest/read/core.ts";

function head(rows: number): Uint8Array {
  const lines = ["id;v;flag;visit_date;grp;when"];
  for (let i = 0; i < rows; i++)
    lines.push(
      `P${i};${i % 9 === 0 ? "<0,5" : `${i % 50},25`};${i % 2 ? "Y" : "N"};2020-01-${String(1 + (i % 28)).padStart(2, "0")};${"abc"[i % 3]};${(i % 12) + 1}/0${1 + (i % 9)}/2021`,
    );
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

describe("parallel probe", () => {
  it("gives the plans of a full read without typing the sample", () => {
    const bytes = head(30_000);
    const cores = [true, false].map((plansOnly) => {
      const core = new IngestCore({ totalBytes: 10_000_000 });
      core.plansOnly = plansOnly;
      let k = 0;
      for (; k < bytes.length && core.rows === 0; k += 4096)
        core.pushBytes(bytes.subarray(k, k + 4096));
      return { core, read: k };
    });
    const [probe, full] = cores.map((c) => c.core.inspect());
    expect(probe).toEqual(full);
    expect(probe!.plans.map((p) => p.kind)).toEqual([
      "category",
      "number",
      "boolean",
      "date",
      "category",
      "date",
    ]);
    // the probe says it has rows once the sample is complete: it stops where a full read's
    // typed sample would have
    expect(cores[0]!.read).toBe(cores[1]!.read);
    expect(cores[0]!.read).toBeLessThan(bytes.length / 4);
  });
});
