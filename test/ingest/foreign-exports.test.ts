/**
 * Hospital exports written the way other sites write them (German, French, Chinese and US
 * styles: delimiters, decimal commas, Windows-1252, units in the headers, local words, titres,
 * DD.MM.YYYY and MM/DD/YYYY), each made from the synthetic registry's patients by hand-written
 * rules (not by the project's reader or mapper), must give exactly the clean extract's verdicts
 * (metamorphic); cells spoiled on purpose must be counted exactly as "not understood".
 */
import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { applyMapping, type Mapping } from "../../src/ingest/map/mapping.ts";
import { parseCsvBytes, parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import { generateSynthetic, synthMapping } from "../../src/synth/index.ts";
import { expectSpoiled, spoilPlan } from "./spoiled-cells.ts";

const protocol = getBuiltin("ln-cd19-cd70") as Protocol;
const ROWS = 1500;
const csv = [...generateSynthetic({ rows: ROWS, seed: 11 }).chunks()].join("");
const parsed = Papa.parse<string[]>(csv.trimEnd(), { skipEmptyLines: false }).data;
const header = parsed[0]!;
const body = parsed.slice(1);
const clean = synthMapping() as Mapping;
const varOf = new Map(Object.entries(clean.columns).map(([v, m]) => [m.column, v]));
const typeOf = (col: string) => protocol.variables.find((v) => v.name === varOf.get(col))?.type;

function verdicts(text: string | Uint8Array, mapping: Mapping) {
  const raw = typeof text === "string" ? parseCsvText(text) : parseCsvBytes(text);
  const applied = applyMapping(protocol, raw, mapping);
  expect(applied.problems.filter((p) => p.severity === "error")).toEqual([]);
  const { compiled } = compileProtocol(protocol, {});
  return { verdicts: evaluateProtocol(compiled!, applied.table).verdicts, applied, raw };
}
const baseline = verdicts(csv, clean);

/** How one site writes things. */
interface Style {
  delimiter: string;
  decimalComma: boolean;
  /** header renames; a unit in brackets is the unit the values are written in */
  headers: Record<string, string>;
  /** boolean words (true, false) by the clean spelling pair's kind */
  yesNo: [string, string];
  posNeg: [string, string];
  sex: [string, string];
  response: Record<string, string>;
  date: (iso: string) => string;
  dateOrder?: "dmy" | "mdy";
  /** value rewrites per clean column (after the rules above) */
  cells?: Record<string, (v: string) => string>;
}

const dd = (iso: string) => iso.slice(8, 10);
const mm = (iso: string) => iso.slice(5, 7);
const yyyy = (iso: string) => iso.slice(0, 4);
/** "93" g/L as "9.3" g/dL, by moving the decimal point (exact) */
const perTen = (v: string) => (/^\d+$/.test(v) ? (Number(v) / 10).toString() : v);
const lb = (v: string) => (/^\d/.test(v) ? (Number(v) / 0.45359237).toPrecision(15) : v);

const STYLES: Record<string, Style> = {
  german: {
    delimiter: ";",
    decimalComma: true,
    headers: {
      PatientID: "Patienten-Nr",
      DOB: "Geburtsdatum",
      Sex: "Geschlecht",
      Hb_g_L: "Hb (g/dl)",
      ANA_titer: "ANA Titer",
      Biopsy_class: "Biopsie Klasse",
      Response: "Therapieansprechen",
      Creatinine: "Kreatinin",
      Creatinine_unit: "Kreatinin Einheit",
    },
    yesNo: ["ja", "nein"],
    posNeg: ["pos.", "neg."],
    sex: ["W", "M"],
    response: { complete: "komplett", partial: "partiell", none: "kein" },
    date: (iso) => `${dd(iso)}.${mm(iso)}.${yyyy(iso)}`,
    cells: {
      Hb_g_L: perTen,
      ANA_titer: (v) => (/^\d+$/.test(v) ? `1:${v}` : v),
      Biopsy_class: (v) => (v === "III+V" ? "III/V" : v === "IV" ? "Klasse IV-G" : v),
      Creatinine_unit: (u) => (u === "umol/L" ? "µmol/l" : u === "mg/dL" ? "mg/dl" : u),
    },
  },
  french: {
    delimiter: ";",
    decimalComma: true,
    headers: {
      PatientID: "N° patient",
      DOB: "Date de naissance",
      Sex: "Sexe",
      Weight_kg: "Poids",
      Response: "Réponse",
      Hb_g_L: "Hémoglobine (g/L)",
    },
    yesNo: ["oui", "non"],
    posNeg: ["positif", "négatif"],
    sex: ["F", "H"],
    response: { complete: "complète", partial: "partielle", none: "aucune" },
    date: (iso) => `${dd(iso)}/${mm(iso)}/${yyyy(iso)}`,
    dateOrder: "dmy",
  },
  chinese: {
    delimiter: ",",
    decimalComma: false,
    headers: {
      PatientID: "患者编号",
      DOB: "出生日期",
      Sex: "性别",
      Hb_g_L: "血红蛋白 (g/L)",
      Response: "疗效",
    },
    yesNo: ["是", "否"],
    posNeg: ["阳性", "阴性"],
    sex: ["女", "男"],
    response: { complete: "完全缓解", partial: "部分缓解", none: "无" },
    date: (iso) => iso,
  },
  us: {
    delimiter: ",",
    decimalComma: false,
    headers: {
      PatientID: "MRN",
      DOB: "Date of Birth",
      Weight_kg: "Weight (lb)",
      Hb_g_L: "Hgb (g/dL)",
      ANC: "ANC",
    },
    yesNo: ["Y", "N"],
    posNeg: ["detected", "not detected"],
    sex: ["F", "M"],
    response: { complete: "CR", partial: "PR", none: "NR" },
    date: (iso) => `${mm(iso)}/${dd(iso)}/${yyyy(iso)}`,
    dateOrder: "mdy",
    cells: { Weight_kg: lb, Hb_g_L: perTen },
  },
};

const TRUE_WORDS = new Set(["y", "yes", "true", "1", "positive"]);
const FALSE_WORDS = new Set(["n", "no", "false", "0", "negative"]);

/** One cell of the clean extract as the style writes it. */
function restyle(s: Style, col: string, v: string): string {
  const t = v.trim();
  const kind = typeOf(col);
  let out = v;
  if (t === "" || ["N/A", "ND", "NA", "-"].includes(t)) return v;
  if (kind === "boolean" && (TRUE_WORDS.has(t.toLowerCase()) || FALSE_WORDS.has(t.toLowerCase()))) {
    const pn = /^(positive|negative)$/i.test(t);
    out = (pn ? s.posNeg : s.yesNo)[TRUE_WORDS.has(t.toLowerCase()) ? 0 : 1];
  } else if (col === "Sex") out = s.sex[/^f/i.test(t) ? 0 : 1];
  else if (col === "Response" && s.response[t]) out = s.response[t];
  else if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(t)) out = s.date(t);
  out = s.cells?.[col]?.(out) ?? out;
  if (s.decimalComma && /^[<>]?\d+\.\d+$/.test(out)) out = out.replace(".", ",");
  return out;
}

function write(s: Style, spoil: Map<string, string> = new Map()): string {
  const lines = [header.map((h) => s.headers[h] ?? h).join(s.delimiter)];
  body.forEach((row, r) => {
    const cells = row.map((v, k) => spoil.get(`${r}:${header[k]}`) ?? restyle(s, header[k]!, v));
    lines.push(cells.map((c) => (c.includes(s.delimiter) ? `"${c}"` : c)).join(s.delimiter));
  });
  return lines.join(s.delimiter === ";" ? "\r\n" : "\n") + "\r\n";
}

/**
 * The analyst's mapping for a style: the clean mapping with the local headers, no unit where
 * the header carries one (the reader must take it from the header), the style's date order.
 */
function mappingFor(s: Style): Mapping {
  const columns: Mapping["columns"] = {};
  for (const [v, m] of Object.entries(clean.columns)) {
    const column = s.headers[m.column] ?? m.column;
    const c: Mapping["columns"][string] = { column };
    if (m.unitColumn) c.unitColumn = s.headers[m.unitColumn] ?? m.unitColumn;
    else if (m.unit && !/\(.+\)$/.test(column)) c.unit = m.unit;
    if (s.dateOrder && protocol.variables.find((x) => x.name === v)?.type === "date")
      c.dateOrder = s.dateOrder;
    columns[v] = c;
  }
  return { version: 1, protocol: clean.protocol, columns };
}

describe("foreign exports give the clean extract's verdicts", () => {
  for (const [name, s] of Object.entries(STYLES))
    it(`${name} style`, () => {
      const text = write(s);
      // French sites' exports are often Windows-1252
      const input = name === "french" ? Buffer.from(text, "latin1") : text;
      const got = verdicts(input, mappingFor(s));
      expect(got.raw.nRows).toBe(ROWS);
      expect(got.applied.quality.notUnderstood).toEqual({ values: 0, columns: 0 });
      protocol.criteria.forEach((c, k) =>
        expect([c.id, [...got.verdicts[k]!]]).toEqual([c.id, [...baseline.verdicts[k]!]]),
      );
    });

  it("reads the header's unit when the mapping names none", () => {
    const got = verdicts(write(STYLES.german!), mappingFor(STYLES.german!));
    const hb = got.applied.quality.columns.find((q) => q.variable === "haemoglobin")!;
    expect(hb.unit).toEqual({ unit: "g/dL", source: "header" });
  });
});

describe("spoiled cells are counted as not understood", () => {
  it("counts each spoiled cell of each mapped column, with its value and line", () => {
    const s = STYLES.german!;
    const words = ["unklar", "k.A.?", "hämolytisch", "fraglich", "00.00.0000"];
    const plan = spoilPlan(header, body, s.headers, words, 3);
    const got = verdicts(write(s, plan.spoil), mappingFor(s));
    // the header is on line 1; data row r on line r + 2
    expectSpoiled(got.applied.quality, plan, 2);
  });
});
