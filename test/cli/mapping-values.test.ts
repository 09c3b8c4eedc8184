/**
 * `prescreen screen --mapping` on a small hand-written German export: the header's unit is
 * used when the mapping names none, its date order is applied while reading (no "choose the
 * date order" warning), the mapping's `values` recode words, each not-understood column is one
 * line on standard error and in `--summary`, and `--strict` makes them an error.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.ts";
import { run } from "../support/cli.ts";

const dir = tempDir("prescreen-values-");
const data = join(dir, "export.csv");
writeFileSync(
  data,
  [
    "Pat-Nr;Geburtsdatum;Geschlecht;Kreatinin (µmol/l);CD19;Ansprechen",
    "P1;05/06/1980;F;88,4;pos.;komplett",
    "P2;07/08/1975;F;176,8;neg.;partiell",
    "P3;01/02/1990;F;70;fraglich;kein",
    "P4;02/01/1990;F;70;pos.;unklar",
    "P5;03/04/1985;F;;?;unklar",
  ].join("\r\n") + "\r\n",
);
const mapping = (extra: Record<string, unknown> = {}) => {
  const path = join(dir, `mapping-${Object.keys(extra).length}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      version: 1,
      protocol: "ln-cd19-cd70",
      columns: {
        patient_id: { column: "Pat-Nr" },
        birth_date: { column: "Geburtsdatum", dateOrder: "dmy" },
        sex: { column: "Geschlecht" },
        creatinine: { column: "Kreatinin (µmol/l)" },
        cd19_positive: { column: "CD19" },
        therapy_response: { column: "Ansprechen" },
        ...extra,
      },
    }),
  );
  return path;
};

describe("prescreen screen --mapping on a foreign export", () => {
  it("reports each column's values it did not understand, and the header unit and date order are used", async () => {
    const out = join(dir, "out.csv");
    const summary = join(dir, "summary.json");
    const r = await run(
      "screen", "--data", data, "--protocol", "ln-cd19-cd70", "--mapping", mapping(),
      "--out", out, "--summary", summary, "--quiet",
    ); // prettier-ignore
    expect(r.code).toBe(0);
    const lines = r.err.split("\n").filter((l) => l.startsWith("not understood"));
    expect(lines).toEqual([
      'not understood: "CD19" (cd19_positive): 1 value(s), 1 distinct, read as missing: "fraglich" ×1 (line 4)',
      'not understood: "Ansprechen" (therapy_response): 2 value(s), 1 distinct, read as missing: "unklar" ×2 (lines 5, 6)',
    ]);
    expect(r.err).not.toMatch(/date order/);
    const doc = JSON.parse(readFileSync(summary, "utf8"));
    expect(doc.notUnderstood.values).toBe(3);
    expect(doc.notUnderstood.columns).toBe(2);
    expect(doc.notUnderstood.byColumn.map((c: { column: string }) => c.column)).toEqual([
      "CD19",
      "Ansprechen",
    ]);
  });

  it("--strict turns not-understood values into an error (exit 1)", async () => {
    const r = await run(
      "screen", "--data", data, "--protocol", "ln-cd19-cd70", "--mapping", mapping(), "--strict",
    ); // prettier-ignore
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--strict: 3 value\(s\) in 2 mapped column\(s\)/);
  });

  it("honours the mapping's values: recoded words are understood, --strict passes", async () => {
    const path = mapping({
      cd19_positive: { column: "CD19", values: { fraglich: null } },
      therapy_response: { column: "Ansprechen", values: { unklar: "partial" } },
    });
    const r = await run(
      "screen", "--data", data, "--protocol", "ln-cd19-cd70", "--mapping", path, "--strict",
      "--quiet",
    ); // prettier-ignore
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/not understood/);
  });

  it("refuses a mapping whose values are not text", async () => {
    const path = mapping({ sex: { column: "Geschlecht", values: { F: 1 } } });
    const r = await run("screen", "--data", data, "--protocol", "ln-cd19-cd70", "--mapping", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/columns\/sex\/values/);
  });
});
