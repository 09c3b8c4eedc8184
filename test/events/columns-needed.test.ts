import { describe, expect, it } from "vitest";
import { keepNeeded } from "../../src/events/columns-needed.ts";
import type { Column } from "../../src/engine/types.ts";
import type { RawColumn, RawTable } from "../../src/ingest/types.ts";

// A table as the parallel reader leaves it: every column a view into one shared buffer sized
// for more rows than the file has (here 8 rows of room, 3 rows read).
function sharedTable(): RawTable {
  const buf = new SharedArrayBuffer(8 * 8 * 3 + 4 * 8 + 8);
  const f64 = (k: number, v: number[]) => {
    const a = new Float64Array(buf, k * 64, 3);
    a.set(v);
    return a;
  };
  const days = new Float32Array(buf, 192, 3);
  days.set([18000, 18001, 18002]);
  const codes = new Int8Array(buf, 224, 3);
  codes.set([0, 1, -1]);
  const id = f64(0, [10, 11, 12]);
  const col = (name: string, index: number, storage: Column): RawColumn =>
    ({ name, index, storage, rejects: { rows: [], texts: [] } }) as unknown as RawColumn;
  const columns = [
    col("measurement_id", 0, { kind: "number", lo: id, hi: id, unit: "1" }),
    col("person_id", 1, {
      kind: "number",
      lo: f64(1, [1, 2, 3]),
      hi: f64(2, [1, 2, 9]),
      unit: "1",
    }),
    col("measurement_date", 2, { kind: "date", days }),
    col("measurement_source_value", 3, { kind: "category", codes, dict: ["A", "B"] }),
    col("provider_id", 4, {
      kind: "number",
      lo: f64(1, [0, 0, 0]),
      hi: f64(1, [0, 0, 0]),
      unit: "1",
    }),
  ];
  return { nRows: 3, header: columns.map((c) => c.name), columns } as unknown as RawTable;
}

describe("keepNeeded", () => {
  it("keeps each needed column in a buffer of its own size, values unchanged", () => {
    const t = keepNeeded("measurement", sharedTable());
    expect(t.header).toEqual([
      "measurement_id",
      "person_id",
      "measurement_date",
      "measurement_source_value",
    ]);
    const arrays = t.columns.flatMap((c): ArrayBufferView[] => {
      const s = c.storage;
      return s.kind === "number"
        ? [s.lo, s.hi]
        : s.kind === "date"
          ? [s.days]
          : s.kind === "category"
            ? [s.codes]
            : [];
    });
    for (const a of arrays) expect(a.buffer.byteLength).toBe(a.byteLength);
    const [id, pid, date, src] = t.columns.map((c) => c.storage);
    expect(id!.kind === "number" && id!.hi === id!.lo).toBe(true);
    expect(id!.kind === "number" && [...id!.lo]).toEqual([10, 11, 12]);
    expect(pid!.kind === "number" && [...pid!.hi]).toEqual([1, 2, 9]);
    expect(date!.kind === "date" && [...date!.days]).toEqual([18000, 18001, 18002]);
    expect(src!.kind === "category" && [...src!.codes]).toEqual([0, 1, -1]);
  });
});
