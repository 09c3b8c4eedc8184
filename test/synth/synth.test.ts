import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { convertFactor } from "../../src/engine/units.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { generateSynthetic, synthMapping, synthTable } from "../../src/synth/index.ts";

const text = (
  rows: number,
  seed: number,
  extra: { wide?: boolean; chunkRows?: number } = {},
): string => {
  const parts: string[] = [];
  generateSynthetic({ rows, seed, ...extra }).writeTo((c) => parts.push(c));
  return parts.join("");
};
const parse = (csv: string): string[][] =>
  Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;
const NULLS = new Set(["", "N/A", "ND", "NA", "-"]);

describe("generateSynthetic", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(text(500, 42)).toBe(text(500, 42));
    expect(text(500, 42)).not.toBe(text(500, 43));
  });

  it("gives the same bytes whatever the chunk size", () => {
    expect(text(300, 5, { chunkRows: 7 })).toBe(text(300, 5, { chunkRows: 4096 }));
  });

  it("streams chunks of at most chunkRows rows", () => {
    const sizes: number[] = [];
    generateSynthetic({ rows: 1000, seed: 1, chunkRows: 100 }).writeTo((c) =>
      sizes.push(c.split("\n").length - 1),
    );
    sizes[0]!--; // the header line
    expect(sizes.length).toBe(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  });

  it.each([
    [false, 79],
    [true, 95],
  ])("writes one row per patient with a consistent width (wide %s: %i columns)", (wide, width) => {
    const rows = parse(text(2000, 9, { wide }));
    expect(rows.length).toBe(2001);
    expect(rows[0]!.length).toBe(width);
    expect(rows.every((r) => r.length === width)).toBe(true);
    const ids = new Set(rows.slice(1).map((r) => r[0]));
    expect(ids.size).toBe(2000);
  });

  it("writes zero rows as just the header", () => {
    expect(text(0, 1).split("\n").length).toBe(2);
  });

  it("rejects a negative row count (programmer error)", () => {
    expect(() => generateSynthetic({ rows: -1, seed: 1 })).toThrow(/invalid rows/);
  });
});

describe("synthetic registry content", () => {
  const rows = parse(text(20000, 3));
  const header = rows[0]!;
  const col = (h: string) => {
    const k = header.indexOf(h);
    if (k < 0) throw new Error(`no column ${h}`);
    return rows.slice(1).map((r) => r[k]!);
  };
  const missingRate = (h: string) =>
    col(h).filter((v) => NULLS.has(v.trim())).length / (rows.length - 1);

  // fields every patient has (not tied to an event or a test that may not have been done)
  const MEASURED = [
    "DOB",
    "Sex",
    "Weight_kg",
    "ACR97_count",
    "Biopsy_date",
    "Biopsy_class",
    "UPCR",
    "SLEDAI2K",
    "BILAG_Renal",
    "Prior_IS",
    "Response",
    "HBsAg",
    "ANC",
    "Hb_g_L",
    "ALT",
    "AST",
    "Creatinine",
    "INR",
    "PT_sec",
    "Pregnant",
    "Malignancy",
    "CV_event",
  ];
  it.each(MEASURED)("leaves 5-30%% of %s missing", (h) => {
    const m = missingRate(h);
    expect(m).toBeGreaterThanOrEqual(0.05);
    expect(m).toBeLessThanOrEqual(0.3);
  });

  it("has the messy cells of a real export", () => {
    const all = rows.slice(1).flat();
    for (const token of ["N/A", "ND", "NA", "<0.1", "<20", ">170000000"])
      expect(all).toContain(token);
    expect(all.some((v) => v.length > 0 && v !== v.trimEnd())).toBe(true);
  });

  it("gives some values in alternative units with a unit column", () => {
    expect(new Set(col("UPCR_unit"))).toEqual(new Set(["g/g", "mg/mmol", "mg/g"]));
    expect(new Set(col("Creatinine_unit"))).toEqual(new Set(["umol/L", "µmol/L", "mg/dL"]));
    expect(new Set(col("ANC_unit"))).toEqual(new Set(["x10^9/L", "/uL"]));
  });

  it("correlates biopsy class with proteinuria", () => {
    const cls = col("Biopsy_class").map((s) => s.trim());
    const unit = col("UPCR_unit");
    const g = col("UPCR").map((v, i) => {
      const x = Number(v);
      return Number.isFinite(x) && v !== "" ? x * convertFactor(unit[i]!, "g/g", 113.12)! : NaN;
    });
    const median = (keep: (c: string) => boolean) => {
      const xs = g.filter((x, i) => keep(cls[i]!) && !Number.isNaN(x)).sort((a, b) => a - b);
      return xs[Math.floor(xs.length / 2)]!;
    };
    expect(median((c) => c === "IV" || c === "III")).toBeGreaterThan(
      2 * median((c) => c === "II" || c === "I"),
    );
  });

  it("correlates SLEDAI-2K with the BILAG renal grade", () => {
    const s = col("SLEDAI2K").map(Number);
    const b = col("BILAG_Renal");
    const mean = (g: string) => {
      const xs = s.filter((x, i) => b[i] === g && Number.isFinite(x) && col("SLEDAI2K")[i] !== "");
      return xs.reduce((a, x) => a + x, 0) / xs.length;
    };
    expect(mean("A")).toBeGreaterThan(mean("D") + 4);
  });
});

describe("synthMapping", () => {
  it("matches the mapping file shipped for the command line (src/synth/synth-mapping.json)", () => {
    const file = JSON.parse(
      readFileSync(new URL("../../src/synth/synth-mapping.json", import.meta.url), "utf8"),
    ) as unknown;
    expect(file).toEqual(synthMapping());
    expect(synthMapping(true)).toEqual(synthMapping());
  });
  const protocol = getBuiltin("ln-cd19-cd70")!;
  const names = new Set(protocol.variables.map((v) => v.name));
  it("maps only to columns the extract has and to the protocol's variables", () => {
    const header = new Set(generateSynthetic({ rows: 0, seed: 1 }).header);
    for (const [variable, m] of Object.entries(synthMapping().columns)) {
      expect(header.has(m.column)).toBe(true);
      if (m.unitColumn) expect(header.has(m.unitColumn)).toBe(true);
      if (variable !== "patient_id") expect(names.has(variable)).toBe(true);
    }
  });
});

describe("synthTable through the seed protocol", () => {
  it("maps without problems and gives a low but non-zero eligible rate", () => {
    const n = 6000;
    const { table, protocol, problems } = synthTable({ rows: n, seed: 11 });
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(table.nRows).toBe(n);
    const { compiled } = compileProtocol(protocol);
    const { verdicts } = evaluateProtocol(compiled!, table);
    let eligible = 0;
    let review = 0;
    for (let i = 0; i < n; i++) {
      let fail = false;
      let unknown = false;
      for (const v of verdicts) {
        if (v[i] === 1) fail = true;
        else if (v[i] === 2) unknown = true;
      }
      if (!fail && !unknown) eligible++;
      else if (!fail) review++;
    }
    expect(eligible).toBeGreaterThan(0);
    expect(eligible / n).toBeLessThan(0.1);
    expect(review).toBeGreaterThan(eligible);
  });
});
