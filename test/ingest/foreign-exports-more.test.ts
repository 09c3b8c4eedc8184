/**
 * More hospital exports in other sites' styles (Dutch, Italian, Spanish, Japanese, a US export
 * in °F): title lines, a totals row with every cell filled, CRLF, Windows-1252, UTF-16 with
 * tabs, a UTF-8 BOM, DD-MM-YYYY and YYYY/MM/DD dates, local yes/no and category words, +/-
 * test results, a Spanish M (mujer) recoded in the mapping. Each is written from the synthetic
 * registry's patients by hand-written rules (not the project's reader or mapper) and must give
 * exactly the clean extract's verdicts; spoiled cells are counted as "not understood" at the
 * physical lines where they are.
 */
import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { applyMapping, type Mapping } from "../../src/ingest/map/mapping.ts";
import { parseCsvBytes, parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { generateSynthetic, synthMapping } from "../../src/synth/index.ts";
import { utf16 } from "./helpers.ts";
import { expectSpoiled, spoilPlan } from "./spoiled-cells.ts";

const protocol = getBuiltin("ln-cd19-cd70") as Protocol;
const ROWS = 1200;
const csv = [...generateSynthetic({ rows: ROWS, seed: 23 }).chunks()].join("");
const parsed = Papa.parse<string[]>(csv.trimEnd(), { skipEmptyLines: false }).data;
const header = parsed[0]!;
const body = parsed.slice(1);
const clean = synthMapping() as Mapping;
const varOf = new Map(Object.entries(clean.columns).map(([v, m]) => [m.column, v]));
const typeOf = (col: string) => protocol.variables.find((v) => v.name === varOf.get(col))?.type;
const { compiled } = compileProtocol(protocol, {});

function verdicts(input: string | Uint8Array, mapping: Mapping) {
  const raw = typeof input === "string" ? parseCsvText(input) : parseCsvBytes(input);
  const applied = applyMapping(protocol, raw, mapping);
  expect(applied.problems.filter((p) => p.severity === "error")).toEqual([]);
  return { verdicts: evaluateProtocol(compiled!, applied.table).verdicts, applied, raw };
}
const baseline = verdicts(csv, clean);

interface Style {
  delimiter: string;
  eol: string;
  decimalComma: boolean;
  encoding: "utf-8" | "utf-8-bom" | "windows-1252" | "utf-16le";
  /** lines above the header (titles, a blank line) */
  title: string[];
  /** the first cell of the totals row written below the data (every cell filled) */
  totals: string;
  headers: Record<string, string>;
  yesNo: [string, string];
  posNeg: [string, string];
  sex: [string, string];
  response: Record<string, string>;
  date: (iso: string) => string;
  dateOrder?: "dmy" | "mdy";
  cells?: Record<string, (v: string) => string>;
  /** the analyst's recoding, per clean column */
  values?: Record<string, Record<string, string>>;
}

const dd = (iso: string) => iso.slice(8, 10);
const mm = (iso: string) => iso.slice(5, 7);
const yyyy = (iso: string) => iso.slice(0, 4);
/** °C with one decimal as °F, in exact decimal arithmetic: F = (18 k + 3200) / 100, C = k / 10 */
function fahrenheit(v: string): string {
  if (!/^\d+\.\d$/.test(v)) return v;
  const f = 18 * Math.round(Number(v) * 10) + 3200;
  return `${Math.floor(f / 100)}.${String(f % 100).padStart(2, "0")}`;
}
/** +/- for a positive/negative test (columns whose clean text never holds a `-` of its own) */
const sign = (v: string) => (v === "positive" ? "+" : v === "negative" ? "-" : v);

const STYLES: Record<string, Style> = {
  dutch: {
    delimiter: ";",
    eol: "\r\n",
    decimalComma: true,
    encoding: "windows-1252",
    title: ["Export Rijnstate ziekenhuis, afdeling reumatologie", ""],
    totals: "Totaal",
    headers: {
      PatientID: "Patiëntnummer",
      DOB: "Geboortedatum",
      Sex: "Geslacht",
      Response: "Respons",
      Temp_max: "Temperatuur max (°C)",
    },
    yesNo: ["ja", "nee"],
    posNeg: ["positief", "negatief"],
    sex: ["V", "M"],
    response: { complete: "volledig", partial: "gedeeltelijk", none: "geen" },
    date: (iso) => `${dd(iso)}-${mm(iso)}-${yyyy(iso)}`,
    dateOrder: "dmy",
  },
  italian: {
    delimiter: ";",
    eol: "\n",
    decimalComma: true,
    encoding: "utf-8-bom",
    title: ["Ospedale San Raffaele", "Estrazione del 30/11/2026"],
    totals: "Totale",
    headers: { PatientID: "Codice paziente", Sex: "Sesso", Response: "Risposta" },
    yesNo: ["sì", "no"],
    posNeg: ["positivo", "negativo"],
    sex: ["F", "M"],
    response: { complete: "completa", partial: "parziale", none: "nessuna" },
    date: (iso) => `${dd(iso)}/${mm(iso)}/${yyyy(iso)}`,
    dateOrder: "dmy",
    cells: { CD19_flow: sign, CD70_flow: sign },
  },
  spanish: {
    delimiter: ";",
    eol: "\r\n",
    decimalComma: true,
    encoding: "windows-1252",
    title: ["Hospital Clínic de Barcelona"],
    totals: "Suma total",
    headers: { PatientID: "Nº paciente", Sex: "Sexo", Response: "Respuesta" },
    yesNo: ["sí", "no"],
    posNeg: ["positivo", "negativo"],
    // M is mujer (female) here, not male: the analyst recodes it
    sex: ["M", "H"],
    response: { complete: "completa", partial: "parcial", none: "ninguna" },
    date: (iso) => `${dd(iso)}/${mm(iso)}/${yyyy(iso)}`,
    dateOrder: "dmy",
    values: { Sex: { M: "female", H: "male" } },
  },
  japanese: {
    delimiter: "\t",
    eol: "\r\n",
    decimalComma: false,
    encoding: "utf-16le",
    title: ["ループス腎炎 登録データ"],
    totals: "合計",
    headers: { PatientID: "患者ID", DOB: "生年月日", Sex: "性別", Response: "治療効果" },
    yesNo: ["はい", "いいえ"],
    posNeg: ["陽性", "陰性"],
    sex: ["女", "男"],
    response: { complete: "完全奏効", partial: "部分奏効", none: "奏効なし" },
    date: (iso) => `${yyyy(iso)}/${mm(iso)}/${dd(iso)}`,
  },
  "us-fahrenheit": {
    delimiter: ",",
    eol: "\n",
    decimalComma: false,
    encoding: "utf-8",
    title: ["Report: LN registry extract", "Generated 11/30/2026"],
    totals: "Total",
    headers: { PatientID: "MRN", Temp_max: "Tmax (°F)" },
    yesNo: ["Yes", "No"],
    posNeg: ["Positive", "Negative"],
    sex: ["F", "M"],
    response: { complete: "CR", partial: "PR", none: "NR" },
    date: (iso) => `${mm(iso)}/${dd(iso)}/${yyyy(iso)}`,
    dateOrder: "mdy",
    cells: { Temp_max: fahrenheit },
  },
};

const TRUE_WORDS = new Set(["y", "yes", "true", "1", "positive"]);
const FALSE_WORDS = new Set(["n", "no", "false", "0", "negative"]);

function restyle(s: Style, col: string, v: string): string {
  const t = v.trim();
  if (t === "" || ["N/A", "ND", "NA", "-"].includes(t)) return v;
  let out = v;
  const kind = typeOf(col);
  if (s.cells?.[col] && /^(positive|negative)$/.test(t)) return s.cells[col](t);
  if (kind === "boolean" && (TRUE_WORDS.has(t.toLowerCase()) || FALSE_WORDS.has(t.toLowerCase()))) {
    const pn = /^(positive|negative)$/i.test(t);
    out = (pn ? s.posNeg : s.yesNo)[TRUE_WORDS.has(t.toLowerCase()) ? 0 : 1];
  } else if (col === "Sex") out = s.sex[/^f/i.test(t) ? 0 : 1];
  else if (col === "Response" && s.response[t]) out = s.response[t];
  else if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(t)) out = s.date(t);
  else out = s.cells?.[col]?.(out) ?? out;
  if (s.decimalComma && /^[<>]?\d+\.\d+$/.test(out)) out = out.replace(".", ",");
  return out;
}

function write(s: Style, spoil: Map<string, string> = new Map()): string {
  const d = s.delimiter;
  const lines = [...s.title, header.map((h) => s.headers[h] ?? h).join(d)];
  body.forEach((row, r) => {
    const cells = row.map((v, k) => spoil.get(`${r}:${header[k]}`) ?? restyle(s, header[k]!, v));
    lines.push(cells.map((c) => (c.includes(d) ? `"${c}"` : c)).join(d));
  });
  // a totals row: every cell filled
  lines.push([s.totals, ...header.slice(1).map((_, k) => String(ROWS - k))].join(d));
  return lines.join(s.eol) + s.eol;
}

function encode(s: Style, text: string): string | Uint8Array {
  switch (s.encoding) {
    case "utf-8":
      return text;
    case "utf-8-bom":
      return "\ufeff" + text;
    case "windows-1252":
      return Buffer.from(text, "latin1");
    case "utf-16le":
      return utf16(text, true);
  }
}

function mappingFor(s: Style): Mapping {
  const columns: Mapping["columns"] = {};
  for (const [v, m] of Object.entries(clean.columns)) {
    const column = s.headers[m.column] ?? m.column;
    const c: Mapping["columns"][string] = { column };
    if (m.unitColumn) c.unitColumn = s.headers[m.unitColumn] ?? m.unitColumn;
    else if (m.unit && !/\(.+\)$/.test(column)) c.unit = m.unit;
    if (s.dateOrder && protocol.variables.find((x) => x.name === v)?.type === "date")
      c.dateOrder = s.dateOrder;
    if (s.values?.[m.column]) c.values = s.values[m.column];
    columns[v] = c;
  }
  return { version: 1, protocol: clean.protocol, columns };
}

describe("more foreign exports give the clean extract's verdicts", () => {
  for (const [name, s] of Object.entries(STYLES))
    it(`${name} style`, () => {
      const text = write(s);
      const got = verdicts(encode(s, text), mappingFor(s));
      expect(got.raw.nRows).toBe(ROWS);
      expect(got.raw.structure!.footers).toBe(1);
      expect(got.raw.structure!.headerLine).toBe(s.title.length + 1);
      expect(got.applied.quality.notUnderstood).toEqual({ values: 0, columns: 0 });
      protocol.criteria.forEach((c, k) =>
        expect([c.id, [...got.verdicts[k]!]]).toEqual([c.id, [...baseline.verdicts[k]!]]),
      );
    });

  it("reads the °F header as the unit and converts by offset", () => {
    const s = STYLES["us-fahrenheit"]!;
    const got = verdicts(write(s), mappingFor(s));
    const q = got.applied.quality.columns.find((x) => x.variable === "max_temperature")!;
    expect(q.unit).toEqual({ unit: "degF", source: "header" });
    expect(q.conversions[0]!.offset).toBeCloseTo(-160 / 9, 12);
  });
});

describe("spoiled cells are counted at their physical lines", () => {
  for (const name of ["dutch", "japanese"])
    it(`${name} style`, () => {
      const s = STYLES[name]!;
      const words = ["onbekend", "??", "gehemolyseerd", "twijfel", "00-00-0000"];
      const plan = spoilPlan(header, body, s.headers, words, 2);
      const got = verdicts(encode(s, write(s, plan.spoil)), mappingFor(s));
      // the header is on line title + 1; data row r on line r + title + 2
      expectSpoiled(got.applied.quality, plan, s.title.length + 2);
    });
});
