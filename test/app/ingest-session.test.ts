/**
 * The ingest worker's app path (loadFile -> autoMap -> applyMapping) over a real message
 * channel: the page gets a summary without row data, the raw table stays in the worker, also
 * after a mapped table is handed to the page (copies): a later mapping does not read the file
 * again.
 */
import * as Comlink from "comlink";
import { afterEach, describe, expect, it, vi } from "vitest";
import { closeIngestChannels, connectIngest } from "../support/ingest-channel.ts";
import { choicesFromAuto, toMapping } from "../../src/app/mapping-model.ts";
import { csv, seed, table } from "./fixtures.ts";

afterEach(closeIngestChannels);

describe("ingest worker session", () => {
  it("keeps the raw table, auto-maps and applies the mapping in the worker", async () => {
    const api = connectIngest();
    const summary = await api.loadFile(new File([csv(300)], "x.csv"), {});
    expect(summary.nRows).toBe(300);
    expect(summary.columns.length).toBe(summary.header.length);
    // no row data on the page side: no typed arrays anywhere in the summary
    const typed = JSON.stringify(summary, (_, v: unknown) => (ArrayBuffer.isView(v) ? "TYPED" : v));
    expect(typed).not.toContain("TYPED");
    expect(summary.columns[0]).not.toHaveProperty("storage");

    const auto = await api.autoMap(seed);
    expect(auto.mapping.columns["patient_id"]?.column).toBe("PatientID");
    const mapping = toMapping(seed.id, choicesFromAuto(seed, auto));

    const preview = await api.applyMapping(seed, mapping, false);
    expect(preview.table).toBeUndefined();
    expect(preview.quality?.rows).toBe(300);

    const expected = table(300);
    const first = await api.applyMapping(seed, mapping, true);
    expect(first.table?.nRows).toBe(300);
    expect(Object.keys(first.table!.columns).sort()).toEqual(Object.keys(expected.columns).sort());
    // the page got copies; the raw table is still in the worker, intact: a changed mapping and
    // the same one again are applied without the file being read (no Blob read at all)
    const reads = vi.spyOn(Blob.prototype, "stream");
    const slices = vi.spyOn(Blob.prototype, "slice");
    try {
      const other = toMapping(seed.id, [
        ...choicesFromAuto(seed, auto).filter((c) => c.variable !== "upcr"),
        { variable: "upcr", column: null, confidence: 0 },
      ]);
      const changed = await api.applyMapping(seed, other, true);
      expect(changed.table!.columns["upcr"]).toBeUndefined();
      const again = await api.applyMapping(seed, mapping, true);
      expect(again.table).toEqual(first.table);
      expect(reads).not.toHaveBeenCalled();
      expect(slices).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
      slices.mockRestore();
    }
    const again = await api.applyMapping(seed, mapping, true);
    const upcr = again.table!.columns["upcr"];
    const want = expected.columns["upcr"];
    expect(upcr?.kind === "number" && want?.kind === "number").toBe(true);
    if (upcr?.kind === "number" && want?.kind === "number")
      expect(Array.from(upcr.lo)).toEqual(Array.from(want.lo));
  });

  it("tells what it is doing while the confirmed mapping is applied", async () => {
    const api = connectIngest();
    await api.loadFile(new File([csv(300)], "x.csv"), {});
    const mapping = toMapping(seed.id, choicesFromAuto(seed, await api.autoMap(seed)));
    const steps: string[] = [];
    const r = await api.applyMapping(
      seed,
      mapping,
      true,
      undefined,
      Comlink.proxy((s: string) => void steps.push(s)),
    );
    expect(r.table?.nRows).toBe(300);
    // progress calls are messages: let the last ones arrive
    await new Promise((res) => setTimeout(res, 20));
    const total = seed.variables.length + 1; // and the patient id
    expect(steps[0]).toBe(`mapping 0 of ${total} variables`);
    expect(steps).toContain(`mapping ${total} of ${total} variables`);
    expect(steps.at(-1)).toBe("handing the rows to the evaluation workers");
  });

  it("rejects mapping calls when nothing is loaded, and after release", async () => {
    const api = connectIngest();
    await api.loadFile(new File([csv(20)], "x.csv"), {});
    await api.autoMap(seed);
    await api.release();
    await expect(api.autoMap(seed)).rejects.toThrow(/no file is loaded/);
    await expect(
      api.applyMapping(seed, { version: 1, protocol: seed.id, columns: {} }, true),
    ).rejects.toThrow(/no file is loaded/);
  });

  it("generates the demo extract in the worker, with progress", async () => {
    const api = connectIngest();
    const seen: number[] = [];
    const blob = await api.demoCsv(
      25_000,
      Comlink.proxy((n: number) => void seen.push(n)),
    );
    const text = await blob.text();
    expect(text.split("\n").filter(Boolean).length).toBe(25_001);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.at(-1)).toBe(25_000);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });
});

describe("ingest worker demo cancel", () => {
  it("stops generating the demo when cancelled", async () => {
    const api = connectIngest();
    const seen: number[] = [];
    const call = api.demoCsv(
      1_000_000,
      Comlink.proxy((n: number) => {
        seen.push(n);
        if (seen.length === 2) void api.cancel();
      }),
    );
    await expect(call).rejects.toThrow(/cancelled/);
    expect(seen.at(-1)).toBeLessThan(1_000_000);
  });
});
