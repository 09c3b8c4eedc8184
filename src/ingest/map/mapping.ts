/**
 * Column mapping: which CSV column feeds each protocol variable, in which unit. A mapping is a
 * JSON document (saved, reloaded, and read by the command line's `--mapping`).
 *
 * @example
 * const { mapping, matches, unmapped } = autoMap(protocol, raw);
 * const { table, quality } = applyMapping(protocol, raw, mapping);
 */
import type { Problem, Protocol, ProtocolVariable } from "../../engine/protocol/types.ts";
import { applyConversion, convertUnit, lookupUnit } from "../../engine/units.ts";
import type { DateOrder, RawColumn, RawTable } from "../types.ts";
import { sampleMedian } from "./units-check.ts";

export interface ColumnMapping {
  /** CSV header of the source column */
  column: string;
  /** unit of the source values (default: the variable's unit) */
  unit?: string;
  /** CSV header of a column giving each row's unit */
  unitColumn?: string;
  dateOrder?: DateOrder;
  /**
   * what a category or boolean variable reads for a text of the column (an allowed value,
   * yes/no, or null for missing), before the spelling rules: `{"pos.": "positive"}`
   */
  values?: Record<string, string | null>;
  /** extra spellings read as true / false for a boolean variable */
  trueValues?: string[];
  falseValues?: string[];
}

export interface Mapping {
  version: 1;
  protocol: string;
  columns: Record<string, ColumnMapping>;
}

export interface MatchInfo {
  variable: string;
  column: string;
  /** 0..1 */
  confidence: number;
  reason: string;
  /** where the unit came from, when the variable has a unit */
  unitSource?: "header" | "unit column" | "values" | "default";
}

export interface AutoMapResult {
  mapping: Mapping;
  matches: MatchInfo[];
  /** variables with no column */
  unmapped: string[];
  /** warnings (inferred units, low-confidence matches) */
  problems: Problem[];
}

/**
 * Results of the pure name functions, by input: autoMap scores every column against every
 * variable (60 x 131 pairs for the seed protocol: ~0.1 s of regexes without it). Cleared when
 * large (the app maps file after file).
 */
function memo<T>(f: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let r = cache.get(s);
    if (r === undefined && !cache.has(s)) {
      if (cache.size > 20_000) cache.clear();
      cache.set(s, (r = f(s)));
    }
    return r as T;
  };
}

/**
 * Lower case without accents (`Âge` is `age`), letters of any script kept (`性别`). A header of
 * only non-Latin letters must not lose them all: it would then equal every other such header.
 */
const fold = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/haem/g, "hem");

/** Lower case, British/American spellings folded, separators removed. */
export const normName = memo((s: string): string =>
  fold(s)
    .replace(/titre/g, "titer")
    .replace(/oe/g, "e")
    .replace(/[^\p{L}\p{N}]+/gu, ""),
);

/** (shared: callers must not change the array) */
const tokens = memo((s: string): readonly string[] =>
  fold(s.replace(/([a-z])([A-Z])/g, "$1 $2"))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0),
);

const tokenSet = memo((s: string): ReadonlySet<string> => new Set(tokens(s)));
/** a header's tokens (without a unit at its end), abbreviations spelled out */
const headerTokens = memo(
  (header: string): ReadonlySet<string> =>
    new Set(tokens(unitInHeader(header)?.base ?? header).map((t) => abbrev(t) ?? t)),
);

/**
 * Header words and whole headers (as `normName` writes them) by the English name they stand for:
 * abbreviations, and the basic variables' names in French, German, Spanish, Portuguese and
 * Chinese (Japanese where its characters differ), and lab names spelt otherwise there, which a
 * protocol's synonyms need not repeat.
 */
const ABBREV: Record<string, string> = {
  sexe: "sex",
  geschlecht: "sex",
  sexo: "sex",
  性别: "sex",
  性別: "sex",
  edad: "age",
  idade: "age",
  lebensalter: "age",
  年龄: "age",
  年齢: "age",
  poids: "weight",
  gewicht: "weight",
  korpergewicht: "weight",
  peso: "weight",
  体重: "weight",
  datedenaissance: "birth date",
  geburtsdatum: "birth date",
  fechadenacimiento: "birth date",
  datadenascimento: "birth date",
  出生日期: "birth date",
  生年月日: "birth date",
  hemoglobine: "hemoglobin",
  hamoglobin: "hemoglobin",
  dob: "birth date",
  birthdate: "birth date",
  gender: "sex",
  wt: "weight",
  temp: "temperature",
  creat: "creatinine",
  cr: "creatinine",
  scr: "creatinine",
  hb: "hemoglobin",
  hgb: "hemoglobin",
  plt: "platelets",
  wbc: "leukocytes",
  egfr: "egfr",
  pid: "patient id",
  subjid: "patient id",
  subject: "patient id",
  id: "patient id",
};

/**
 * The unit named at the end of a header (`creatinine_umol_L`, `UPCR (mg/mmol)`), with the rest.
 * (The result is shared between calls: do not change it.)
 */
export const unitInHeader = memo(unitOfHeader);

function unitOfHeader(header: string): { base: string; unit: string } | null {
  const br = bracketTail(header);
  if (br && lookupUnit(br.inner)) return { base: br.base, unit: lookupUnit(br.inner)!.symbol };
  const parts = header.split(/[\s_]+/);
  for (let k = Math.min(3, parts.length - 1); k >= 1; k--) {
    const tail = parts.slice(parts.length - k);
    for (const cand of [tail.join("/"), tail.join(""), tail.join(" ")]) {
      const u = lookupUnit(cand);
      if (u && u.symbol !== "1")
        return { base: parts.slice(0, parts.length - k).join("_"), unit: u.symbol };
    }
  }
  return null;
}

/** chars looked at by the last `bracketTail` call (tests check it stays linear) */
export let bracketSteps = 0;

/**
 * A header's trailing bracket, `base (inner)` or `base [inner]`: the last char (before trailing
 * spaces) closes it, the opening bracket is the first `(`/`[` after the last other `)`/`]`, and
 * the base loses its trailing spaces and underscores. One scan back and one forward (a regex
 * with a lazy prefix and optional spaces took cubic time: a 20 KB header of spaces hung the app).
 */
export function bracketTail(header: string): { base: string; inner: string } | null {
  let steps = 0;
  let end = header.length - 1;
  while (end >= 0 && isSpace(header.charCodeAt(end))) {
    end--;
    steps++;
  }
  const close = header.charCodeAt(end);
  if (close !== 41 && close !== 93) return ((bracketSteps = steps), null);
  let from = end - 1;
  while (from >= 0) {
    steps++;
    const c = header.charCodeAt(from);
    if (c === 41 || c === 93) break;
    from--;
  }
  let open = -1;
  for (let i = from + 1; i < end; i++) {
    steps++;
    const c = header.charCodeAt(i);
    if (c === 40 || c === 91) {
      open = i;
      break;
    }
  }
  bracketSteps = steps;
  if (open < 0) return null;
  const inner = header.slice(open + 1, end).trim();
  if (inner === "") return null;
  let b = open;
  while (b > 0 && (isSpace(header.charCodeAt(b - 1)) || header.charCodeAt(b - 1) === 95)) b--;
  bracketSteps += open - b;
  return { base: header.slice(0, b), inner };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x2028 || c === 0x2029;
}

/** The English name a header stands for (own keys only: a header may be `constructor`). */
function abbrev(h: string): string | undefined {
  return Object.hasOwn(ABBREV, h) ? ABBREV[h] : undefined;
}

/** Score (0..1) and reason for a header as the source of a variable. */
export function nameScore(v: ProtocolVariable, header: string): { score: number; reason: string } {
  const names = [v.name, ...(v.synonyms ?? [])];
  const h = normName(header);
  for (const [i, n] of names.entries()) {
    if (normName(n) === h)
      return { score: i === 0 ? 1 : 0.95, reason: i === 0 ? "same name" : `synonym "${n}"` };
  }
  const hu = unitInHeader(header);
  if (hu) {
    const b = normName(hu.base);
    for (const n of names)
      if (normName(n) === b)
        return { score: 0.9, reason: `name "${n}" with unit ${hu.unit} in the header` };
  }
  // `Sexe`, `Poids (kg)`: the header (without its unit) is a word the table knows
  const ab = abbrev(h) ?? (hu ? abbrev(normName(hu.base)) : undefined);
  if (ab)
    for (const n of names)
      if (normName(n) === normName(ab)) return { score: 0.85, reason: `abbreviation "${header}"` };
  // token overlap
  const ht = headerTokens(header);
  let best = 0;
  let bestName = "";
  for (const n of names) {
    const nt = tokenSet(n);
    let common = 0;
    for (const t of nt) if (ht.has(t)) common++;
    const j = common / (nt.size + ht.size - common || 1);
    if (j > best) {
      best = j;
      bestName = n;
    }
  }
  if (best >= 0.5) return { score: 0.4 + 0.4 * best, reason: `similar to "${bestName}"` };
  return { score: 0, reason: "" };
}

/** A column giving the unit of `column` row by row (`UPCR_unit`, `Creatinine unit`). */
export function findUnitColumn(raw: RawTable, column: string): RawColumn | undefined {
  const base = normName(unitInHeader(column)?.base ?? column);
  return raw.columns.find((c) => {
    const n = normName(c.name);
    return (
      c.name !== column &&
      (n === `${base}unit` || n === `${base}units` || n === `unit${base}` || n === `${base}uom`)
    );
  });
}

/**
 * Unit inferred from the column's median: the canonical unit when the median is plausible in it,
 * else the first alternative unit in which it is (with a warning).
 */
export function inferUnit(
  v: ProtocolVariable,
  col: RawColumn,
): { unit: string; inferred: boolean; median: number } | null {
  if (!v.unit || !v.plausible) return null;
  const m = col.storage.kind === "number" ? sampleMedian(col.storage.lo) : NaN;
  if (!(m === m)) return null;
  const [lo, hi] = v.plausible;
  const fits = (u: string): boolean => {
    const f = convertUnit(u, v.unit!, v.molarMass);
    const x = f === null ? NaN : applyConversion(f, m);
    return x >= lo && x <= hi;
  };
  if (fits(v.unit)) return { unit: v.unit, inferred: false, median: m };
  for (const u of v.altUnits ?? []) if (fits(u)) return { unit: u, inferred: true, median: m };
  return null;
}

/** Matches protocol variables to columns (each column used once, best matches first). */
export function autoMap(protocol: Protocol, raw: RawTable): AutoMapResult {
  const idVar = protocol.idVariable ?? "patient_id";
  const vars: ProtocolVariable[] = [
    {
      name: idVar,
      type: "category",
      synonyms: ["patient id", "patientid", "subject_id", "pid", "id", "record_id", "mrn"],
      description: "patient id",
    },
    ...protocol.variables.filter((v) => v.name !== idVar),
  ];
  const cands: { v: ProtocolVariable; col: RawColumn; score: number; reason: string }[] = [];
  const unitCols = new Set<string>();
  for (const col of raw.columns)
    if (/(^|[\s_])(unit|units|uom)$/i.test(col.name)) unitCols.add(col.name);
  for (const v of vars)
    for (const col of raw.columns) {
      if (unitCols.has(col.name)) continue;
      const { score, reason } = nameScore(v, col.name);
      if (score > 0) cands.push({ v, col, score, reason });
    }
  cands.sort((a, b) => b.score - a.score);
  const usedVar = new Set<string>();
  const usedCol = new Set<string>();
  // prototype-less columns: a variable named "__proto__" is an own key like any other
  const mapping: Mapping = { version: 1, protocol: protocol.id, columns: Object.create(null) };
  const matches: MatchInfo[] = [];
  const problems: Problem[] = [];
  for (const c of cands) {
    if (usedVar.has(c.v.name) || usedCol.has(c.col.name)) continue;
    usedVar.add(c.v.name);
    usedCol.add(c.col.name);
    const m: ColumnMapping = { column: c.col.name };
    const info: MatchInfo = {
      variable: c.v.name,
      column: c.col.name,
      confidence: c.score,
      reason: c.reason,
    };
    if (c.v.type === "number" && c.v.unit) unitFor(c.v, c.col, raw, m, info, problems);
    if (c.col.dateOrder) m.dateOrder = c.col.dateOrder;
    mapping.columns[c.v.name] = m;
    matches.push(info);
  }
  const unmapped = vars.filter((v) => !usedVar.has(v.name)).map((v) => v.name);
  return { mapping, matches, unmapped, problems };
}

function unitFor(
  v: ProtocolVariable,
  col: RawColumn,
  raw: RawTable,
  m: ColumnMapping,
  info: MatchInfo,
  problems: Problem[],
): void {
  const uc = findUnitColumn(raw, col.name);
  if (uc) {
    m.unitColumn = uc.name;
    info.unitSource = "unit column";
    return;
  }
  const hu = unitInHeader(col.name);
  if (hu && convertUnit(hu.unit, v.unit!, v.molarMass) !== null) {
    if (hu.unit !== v.unit) m.unit = hu.unit;
    info.unitSource = "header";
    return;
  }
  const inf = inferUnit(v, col);
  if (inf?.inferred) {
    m.unit = inf.unit;
    info.unitSource = "values";
    problems.push({
      where: `mapping: ${v.name}`,
      message: `unit of "${col.name}" inferred from its values (median ${+inf.median.toPrecision(4)}): ${inf.unit}, converted to ${v.unit}; check and set the unit if wrong`,
      severity: "warning",
    });
    return;
  }
  info.unitSource = "default";
}

export { applyMapping, type ApplyOptions, type ApplyResult } from "./apply.ts";
