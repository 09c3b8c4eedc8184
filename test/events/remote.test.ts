import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventsApi } from "../../src/events/remote.ts";
import { EventService } from "../../src/events/service.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import type { SliceMessage } from "../../src/pool/eval-api.ts";
import type { Column } from "../../src/engine/types.ts";

const DIR = join(__dirname, "../fixtures/omop/synthea27nj");
const protocol = getBuiltin("example-omop-htn")!;
const files = () =>
  readdirSync(DIR)
    .filter((n) => n.endsWith(".csv"))
    .map((n) => new File([readFileSync(join(DIR, n))], n));

const values = (c: Column): number[] =>
  Array.from<number>(
    c.kind === "number"
      ? c.lo
      : c.kind === "date"
        ? c.days
        : c.kind === "boolean"
          ? c.values
          : c.codes,
  );

describe("the events worker's API", () => {
  it("posts the derived table's row slices to the evaluation workers' ports itself", async () => {
    const api = eventsApi(new EventService());
    await api.read(files(), protocol);
    const channels = [new MessageChannel(), new MessageChannel()];
    const got = channels.map(
      (c) =>
        new Promise<SliceMessage>((resolve) => {
          c.port2.onmessage = (e: MessageEvent<SliceMessage>) => resolve(e.data);
        }),
    );
    const d = await api.derive(
      protocol,
      "2021-06-30",
      channels.map((c) => c.port1),
    );
    const slices = (await Promise.all(got)).map((s) => ("table" in s ? s.table : null));
    channels.forEach((c) => c.port2.close());
    const table = d.table!;
    expect(slices.map((s) => s?.nRows)).toEqual([14, 14]);
    // every variable the criteria read is in the slices, rows in order (the id is left out)
    const names = Object.keys(table.columns).filter((n) => n !== "patient_id");
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const joined = slices.flatMap((s) => values(s!.columns[name]!));
      expect(joined, name).toEqual(values(table.columns[name]!));
    }
  });
});
