import * as Comlink from "comlink";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ParseProgress } from "../../src/ingest/types.ts";
import { tableBuffers } from "../../src/ingest/browser/file-reads.ts";
import { closeIngestChannels, connectIngest } from "../support/ingest-channel.ts";
import { grid } from "./helpers.ts";
import { parseBlobParallel } from "../../src/ingest/browser/blob-parallel.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";

afterEach(closeIngestChannels);

describe("ingest worker", () => {
  it("parses a File over a message channel and returns typed columns", async () => {
    const api = connectIngest();
    const file = new File(["id;upcr;dob\nP1;1,5;2020-01-02\nP2;<0,5;\n"], "x.csv");
    const seen: ParseProgress[] = [];
    const t = await api.parseFile(
      file,
      {},
      Comlink.proxy((p: ParseProgress) => void seen.push(p)),
    );
    expect(t.nRows).toBe(2);
    expect(t.dialect.delimiter).toBe(";");
    expect(t.columns[1]!.storage.kind).toBe("number");
    expect(
      t.columns[1]!.storage.kind === "number" && t.columns[1]!.storage.lo instanceof Float64Array,
    ).toBe(true);
    expect(grid(t)[1]).toEqual(["P1", "1.5", "2020-01-02"]);
    // progress calls travel on their own channel: let them arrive
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.length).toBeGreaterThan(0);
  });

  it("lists each column buffer once for transfer", () => {
    const lo = new Float64Array(2);
    const bufs = tableBuffers({
      nRows: 2,
      header: ["a", "b"],
      bytes: 0,
      problems: [],
      dialect: { delimiter: ",", encoding: "utf-8", decimalComma: false, newline: "\n", notes: [] },
      columns: [
        {
          name: "a",
          index: 0,
          storage: { kind: "number", lo, hi: lo, unit: "1" },
          stats: {} as never,
          rejects: { rows: [], texts: [] },
        },
        {
          name: "b",
          index: 1,
          storage: { kind: "category", codes: new Int32Array(2), dict: [] },
          stats: {} as never,
          rejects: { rows: [], texts: [] },
        },
      ],
    });
    expect(bufs).toHaveLength(2);
  });

  it("cancels a load: the call rejects with an AbortError", async () => {
    const api = connectIngest();
    const file = new File(["a,b\n", "1,2\n".repeat(2_000_000)], "big.csv");
    let cancelled = false;
    const p = api.parseFile(
      file,
      {},
      Comlink.proxy(() => {
        if (!cancelled) {
          cancelled = true;
          void api.cancel();
        }
      }),
    );
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });

  it("keeps bad files as problems, not errors", async () => {
    const api = connectIngest();
    const t = await api.parseFile(
      new File([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])], "book.xlsx"),
      { name: "book.xlsx" },
    );
    expect(t.problems[0]!.message).toMatch(/Excel/);
    expect(t.problems[0]!.where).toBe("book.xlsx");
  });

  it("reads a File in parallel parts on two workers, the same as one reader", async () => {
    const a = connectIngest();
    const b = connectIngest();
    const rows = ["id,v,grp"];
    // (large enough that each part's read lets queued messages run while the other part is
    // read: a part must not end the other)
    for (let i = 0; i < 300_000; i++)
      rows.push(`P${i},${i % 13 === 0 ? "bad" : i * 0.5},g${i % 5}`);
    const text = rows.join("\n") + "\n";
    const file = new File([text], "x.csv");
    const seen: number[] = [];
    const t = await parseBlobParallel(
      file,
      [a, b].map((w) => (f: Blob, job, p) => w.parsePart(f, job, {}, Comlink.proxy(p))),
      () => a.parseFile(file, {}),
      { onProgress: (p) => void seen.push(p.rows) },
      0,
    );
    expect(t.dialect.notes).toContain("read in 2 parallel parts");
    const one = parseCsvText(text);
    expect(grid(t)).toEqual(grid(one));
    expect(t.problems).toEqual(one.problems);
  });

  it("parseFileParallel gives the one-reader table (here without Web Workers: one reader)", async () => {
    const api = connectIngest();
    const rows = ["id,v,flag"];
    for (let i = 0; i < 5000; i++)
      rows.push(`P${i},${i % 17 === 0 ? "NA" : i / 4},${i % 3 ? "yes" : "no"}`);
    const text = rows.join("\n") + "\n";
    const seen: ParseProgress[] = [];
    const t = await api.parseFileParallel(
      new File([text], "x.csv"),
      {},
      Comlink.proxy((p: ParseProgress) => void seen.push(p)),
    );
    const one = parseCsvText(text, { name: "x.csv" });
    expect(t.nRows).toBe(5000);
    expect(grid(t)).toEqual(grid(one));
    expect(t.problems).toEqual(one.problems);
    // progress calls travel as messages: the last may land just after the result
    await vi.waitFor(() => expect(seen.at(-1)?.rows).toBe(5000));
  });

  it("parseFileParallel stops with an AbortError when cancelled", async () => {
    const api = connectIngest();
    const big = "a,b\n" + "1,2\n".repeat(2_000_000);
    const p = api.parseFileParallel(new File([big], "big.csv"), {});
    await new Promise((r) => setTimeout(r, 30));
    await api.cancel();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });
});
