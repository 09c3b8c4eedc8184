/**
 * The app's path with a packed id column (more distinct ids than PACK_MIN): the ingest worker
 * posts it as one string + end offsets, the page's view shows the same ids as a one-reader
 * table, and duplicate ids are counted exactly.
 */
import { afterEach, describe, expect, it } from "vitest";
import { formatStored } from "../../src/app/cell-edit.ts";
import { choicesFromAuto, toMapping } from "../../src/app/mapping-model.ts";
import { PACK_MIN, withDictViews } from "../../src/engine/packed-dict.ts";
import { closeIngestChannels, connectIngest } from "../support/ingest-channel.ts";
import { csv, seed, table } from "./fixtures.ts";

afterEach(closeIngestChannels);

describe("packed patient ids in the app", () => {
  it("shows the same ids as a one-reader table and counts duplicates exactly", async () => {
    const rows = PACK_MIN + 2_000;
    const text = csv(rows);
    const lines = text.trimEnd().split("\n");
    // three rows again at the end (their ids were read long before)
    const extra = [lines[1]!, lines[2]!, lines[1]!];
    const api = connectIngest();
    await api.loadFile(new File([text + extra.join("\n") + "\n"], "x.csv"), {});
    const mapping = toMapping(seed.id, choicesFromAuto(seed, await api.autoMap(seed)));
    const r = await api.applyMapping(seed, mapping, true);
    const posted = r.table!.columns["patient_id"]!;
    expect(posted.kind === "category" && posted.packed !== undefined).toBe(true);
    // posted without a string per id
    if (posted.kind === "category") expect(posted.dict).toEqual([]);
    const ids = withDictViews(r.table!).columns["patient_id"]!;
    const want = table(rows).columns["patient_id"]!;
    for (const row of [0, 1, 777, rows - 1])
      expect(formatStored(ids, row)).toBe(formatStored(want, row));
    expect(formatStored(ids, rows)).toBe(formatStored(want, 0));
    expect(formatStored(ids, rows + 1)).toBe(formatStored(want, 1));
    const shown = Array.from({ length: rows }, (_, row) => formatStored(ids, row));
    expect(shown).toEqual(Array.from({ length: rows }, (_, row) => formatStored(want, row)));
    expect(r.quality?.duplicateIds).toEqual({
      count: 3,
      examples: [formatStored(want, 0), formatStored(want, 1)],
    });
  }, 60_000);
});
