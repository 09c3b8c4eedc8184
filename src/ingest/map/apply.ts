/**
 * applyMapping: raw columns -> a Table keyed by protocol variable, numbers converted to each
 * variable's canonical unit (per row when a unit column is given), categories normalised to the
 * allowed values, the patient id carried through; every changed or dropped cell counted.
 */
import type { Problem, Protocol, ProtocolVariable } from "../../engine/protocol/types.ts";
import { FALSE, TRUE, UNKNOWN, type Column, type Table } from "../../engine/types.ts";
import { convertUnit, lookupUnit } from "../../engine/units.ts";
import { unitInHeader, type ColumnMapping, type Mapping } from "./mapping.ts";
import {
  addExample,
  columnQuality,
  fileQuality,
  type ColumnQuality,
  type QualityReport,
  type UnitSource,
} from "../quality/quality.ts";
import type { RawColumn, RawTable } from "../types.ts";
import { duplicates, tallyUncapped, toCategory } from "./categories.ts";
import { affineAt, convertByCode, outOfRange } from "./number-map.ts";
import { dateParts, parseNumber, partsToDays, trimCell } from "../read/values.ts";
import { dashReading, decodeBoolean, tallyCodes, Tally, valueTable } from "./value-map.ts";
import { parseTitre } from "./words.ts";
import { suggestUnit } from "./units-check.ts";
import { lineOfRow } from "../read/lines.ts";
import { own, userRecord } from "../../engine/user-keys.ts";

export interface ApplyOptions {
  /**
   * Move the raw table's buffers into the mapped table instead of copying them (numbers are
   * converted in place, date orders applied in place). The raw columns must not be read for
   * values afterwards (names, stats and rejects stay valid). For one-shot pipelines (CLI,
   * benchmark): saves a copy of every mapped column. Default false (the raw table is untouched).
   */
  reuse?: boolean;
  /**
   * add each category and boolean variable's recoding table (its column's distinct values,
   * counts and what each becomes) to the quality report: for the mapping step's preview
   */
  valueTables?: boolean;
  /** after each variable (the patient id first): variables done, and of how many */
  onVariable?(done: number, total: number): void;
}

export interface ApplyResult {
  table: Table;
  problems: Problem[];
  quality: QualityReport;
}

/** Builds the mapped table and its quality report. */
export function applyMapping(
  protocol: Protocol,
  raw: RawTable,
  mapping: Mapping,
  opts: ApplyOptions = {},
): ApplyResult {
  const reuse = opts.reuse === true;
  const idVar = protocol.idVariable ?? "patient_id";
  const problems: Problem[] = [];
  const columns = userRecord<Column>();
  const byName = new Map(raw.columns.map((c) => [c.name, c]));
  const quality: QualityReport = {
    rows: raw.nRows,
    columns: [],
    duplicateIds: { count: 0, examples: [] },
    unmapped: [],
    notUnderstood: { values: 0, columns: 0 },
    file: fileQuality(raw),
  };
  const vars: ProtocolVariable[] = [
    { name: idVar, type: "category", description: "patient id" },
    ...protocol.variables.filter((v) => v.name !== idVar),
  ];
  const mappedCols = new Set<string>();
  // a column mapped to several variables (or also used as a unit column) is never moved
  const uses = new Map<string, number>();
  for (const m of Object.values(mapping.columns)) {
    uses.set(m.column, (uses.get(m.column) ?? 0) + 1);
    if (m.unitColumn) uses.set(m.unitColumn, (uses.get(m.unitColumn) ?? 0) + 2);
  }
  let done = 0;
  for (const v of vars) {
    opts.onVariable?.(done++, vars.length);
    const m = own(mapping.columns, v.name);
    if (!m) {
      quality.unmapped.push(v.name);
      continue;
    }
    const col = byName.get(m.column);
    if (!col) {
      problems.push({
        where: `mapping: ${v.name}`,
        message: `column "${m.column}" is not in the file (columns: ${raw.header.slice(0, 8).join(", ")}${raw.header.length > 8 ? ", ..." : ""})`,
        severity: "error",
      });
      quality.unmapped.push(v.name);
      continue;
    }
    const q = columnQuality(col, v.name);
    q.mappedType = v.type;
    if (opts.valueTables && (v.type === "category" || v.type === "boolean") && v.name !== idVar)
      q.values = valueTable(v, col, m);
    const tally = new Tally((row) => lineOfRow(raw.rowLines, row));
    const out = convert({
      v,
      col,
      m,
      raw,
      q,
      problems,
      reuse: reuse && uses.get(col.name) === 1,
      tally,
      where: `mapping: ${v.name}`,
    });
    q.notUnderstood = tally.result();
    if (tally.count > 0) {
      quality.notUnderstood.values += tally.count;
      quality.notUnderstood.columns++;
    }
    mappedCols.add(col.name);
    if (out) columns[v.name] = out;
    quality.columns.push(q);
  }
  opts.onVariable?.(vars.length, vars.length);
  for (const col of raw.columns)
    if (!mappedCols.has(col.name)) quality.columns.push(columnQuality(col, null));
  const id = columns[idVar];
  if (id && id.kind === "category") quality.duplicateIds = duplicates(id.codes, id.dict);
  if (quality.duplicateIds.count > 0)
    problems.push({
      where: `mapping: ${idVar}`,
      message: `${quality.duplicateIds.count} duplicate patient id(s), e.g. ${quality.duplicateIds.examples.join(", ")}: one row per patient is expected`,
      severity: "warning",
    });
  return { table: { nRows: raw.nRows, columns }, problems, quality };
}

/** One variable's column on its way through a converter: what it reads and where it reports. */
interface Conversion {
  v: ProtocolVariable;
  col: RawColumn;
  m: ColumnMapping;
  raw: RawTable;
  /** the column's quality entry, counted into */
  q: ColumnQuality;
  problems: Problem[];
  /** the raw column's arrays may become the mapped column's (ApplyOptions.reuse, one use) */
  reuse: boolean;
  /** the cells that are missing after mapping, by text */
  tally: Tally;
  /** `mapping: <variable>`, where its problems point */
  where: string;
}

function convert(c: Conversion): Column | null {
  switch (c.v.type) {
    case "number":
      return toNumber(c);
    case "date":
      return toDate(c);
    case "boolean":
      return toBoolean(c);
    case "category":
      return toCategory(c.v, c.col, c.q, c.reuse, c.m, c.tally);
  }
}

/** A number cell's text as the variable reads it: a number (decimal comma per the file), a titre. */
function numberOf(t: string, decimalComma: boolean) {
  return parseNumber(t, decimalComma) ?? parseTitre(trimCell(t));
}

function toNumber(c: Conversion): Column | null {
  const { v, col, m, raw, q, problems, reuse, tally, where } = c;
  const n = raw.nRows;
  let lo: Float64Array;
  let hi: Float64Array;
  const s = col.storage;
  const dc = raw.dialect.decimalComma;
  // cells the reader could not read as this column's type, read again as a number (titres)
  let recovered = 0;
  if (s.kind === "number") {
    lo = reuse ? s.lo : s.lo.slice();
    hi = s.hi === s.lo ? lo : reuse ? s.hi : s.hi.slice();
  } else if (s.kind === "boolean") {
    lo = new Float64Array(n);
    for (let i = 0; i < n; i++) lo[i] = s.values[i] === UNKNOWN ? NaN : s.values[i]!;
    hi = lo;
  } else if (s.kind === "category") {
    const vals = s.dict.map((d) => numberOf(d, dc));
    lo = new Float64Array(n);
    hi = new Float64Array(n);
    const bad = new Uint8Array(vals.length);
    for (let i = 0; i < n; i++) {
      const c = s.codes[i]!;
      const iv = c >= 0 ? vals[c] : null;
      lo[i] = iv ? iv.lo : NaN;
      hi[i] = iv ? iv.hi : NaN;
      if (c >= 0 && !iv) {
        bad[c] = 1;
        q.unparseable++;
        addExample(q.unparseableExamples, { line: tally.line(i), value: s.dict[c]! });
      }
    }
    tallyCodes(s.codes, bad, s.dict, tally);
  } else {
    problems.push({
      where,
      message: `column "${col.name}" holds dates; "${v.name}" needs numbers`,
      severity: "error",
    });
    return null;
  }
  const rj = col.rejects;
  if (s.kind !== "category") {
    if (hi === lo && rj.rows.length > 0) hi = lo.slice();
    rj.rows.forEach((row, k) => {
      const iv = numberOf(rj.texts[k]!, dc);
      if (iv) {
        lo[row] = iv.lo;
        hi[row] = iv.hi;
        recovered++;
      } else tally.add(rj.texts[k]!, row);
    });
    tallyUncapped(col, tally);
  }
  const to = v.unit ?? "1";
  // the unit: the mapping's, else a unit column's, else the header's (`Hb (g/dl)`), else the
  // variable's own; the quality report says which
  let unit = m.unit;
  let source: UnitSource = m.unit ? "mapping" : "default";
  if (!m.unit && !m.unitColumn && v.unit) {
    const hu = unitInHeader(col.name);
    if (hu && convertUnit(hu.unit, to, v.molarMass) !== null) {
      unit = hu.unit;
      source = "header";
    }
  }
  if (m.unitColumn) {
    source = "unit column";
    perRowUnits(c, m.unitColumn, lo, hi);
  } else if (unit && unit !== to) {
    const f = convertUnit(unit, to, v.molarMass);
    if (f === null) {
      problems.push({
        where,
        message: `cannot convert ${unit} to ${to}${lookupUnit(unit) ? "" : ` (unknown unit "${unit}")`}`,
        severity: "error",
      });
      return null;
    }
    scale(lo, hi, f.scale, 0, n, f.offset);
    q.conversions.push({
      from: unit,
      to,
      factor: f.scale,
      ...(f.offset !== 0 ? { offset: f.offset } : {}),
      rows: n - q.missing,
    });
  }
  if (v.unit) {
    q.unit = { unit: m.unitColumn ? `per row ("${m.unitColumn}")` : (unit ?? to), source };
    if (!m.unitColumn) {
      const sug = suggestUnit(v, lo, unit ?? to);
      if (sug) {
        q.unitSuggestion = sug;
        problems.push({
          where,
          message: `the values of "${col.name}" (median ${+sug.median.toPrecision(4)} ${unit ?? to}) are implausible in ${unit ?? to} but plausible in ${sug.unit}: choose the unit`,
          severity: "warning",
        });
      }
    }
  }
  if (v.plausible) {
    const [a, b] = v.plausible;
    q.outOfRange.range = [a, b];
    // the reader's min and max bound every value (a censored value by its finite bound): when
    // nothing was converted and they lie inside the range, no interval lies outside it
    const st = col.stats;
    const inside =
      s.kind === "number" &&
      recovered === 0 &&
      !m.unitColumn &&
      (!unit || unit === to) &&
      st.min >= a &&
      st.max <= b;
    const found = inside ? { count: 0, rows: [] } : outOfRange(lo, hi, a, b, n);
    q.outOfRange.count = found.count;
    for (const i of found.rows) {
      const x = lo[i]!;
      const y = hi[i]!;
      addExample(q.outOfRange.examples, {
        row: i + 1,
        value: String(x === -Infinity ? `<${y}` : y === Infinity ? `>${x}` : x),
      });
    }
  }
  return { kind: "number", lo, hi, unit: to };
}

/** lo, hi (rows [from, to)) as x * f (+ offset: number-map.ts affineAt), a unit conversion. */
function scale(
  lo: Float64Array,
  hi: Float64Array,
  f: number,
  from: number,
  to: number,
  offset = 0,
): void {
  if (offset === 0) {
    for (let i = from; i < to; i++) lo[i] = lo[i]! * f;
    if (hi !== lo) for (let i = from; i < to; i++) hi[i] = hi[i]! * f;
    return;
  }
  for (let i = from; i < to; i++) affineAt(lo, hi, i, f, offset);
}

function perRowUnits(c: Conversion, name: string, lo: Float64Array, hi: Float64Array): void {
  const { v, raw, q, problems, tally, where } = c;
  const uc = raw.columns.find((c) => c.name === name);
  const to = v.unit ?? "1";
  if (!uc || uc.storage.kind !== "category") {
    problems.push({
      where,
      message: `unit column "${name}" ${uc ? "does not hold unit names" : "is not in the file"}`,
      severity: "error",
    });
    return;
  }
  const { codes, dict } = uc.storage;
  const conv = dict.map((u) => convertUnit(u, to, v.molarMass));
  const factors = Float64Array.from(conv, (c) => c?.scale ?? NaN);
  const offsets = conv.some((c) => c && c.offset !== 0)
    ? Float64Array.from(conv, (c) => c?.offset ?? 0)
    : undefined;
  const r = convertByCode(lo, hi, codes, factors, raw.nRows, 5, offsets);
  q.unconvertible.count += r.unconvertible;
  if (r.unconvertible > 0) {
    // the rows now missing, by unit (their examples come first, in row order)
    const byUnit = new Map<number, { rows: number[]; count: number }>();
    for (const e of r.examples) {
      const g = byUnit.get(e.code) ?? { rows: [], count: 0 };
      g.rows.push(e.row);
      byUnit.set(e.code, g);
    }
    let listed = 0;
    for (const g of byUnit.values()) listed += g.rows.length;
    for (const [c, g] of byUnit)
      for (const row of g.rows) tally.add(`value with unit "${c >= 0 ? dict[c] : ""}"`, row);
    if (r.unconvertible > listed)
      tally.add("value with an unknown or no unit", -1, r.unconvertible - listed);
  }
  for (const e of r.examples)
    addExample(q.unconvertible.examples, {
      row: e.row + 1,
      value: `${e.value} ${e.code >= 0 ? dict[e.code] : "(no unit)"}`,
    });
  dict.forEach((u, c) => {
    const rows = r.converted[c]!;
    if (rows > 0)
      q.conversions.push({
        from: u,
        to,
        factor: factors[c]!,
        ...(offsets && offsets[c] !== 0 ? { offset: offsets[c]! } : {}),
        rows,
      });
  });
  if (q.unconvertible.count > 0)
    problems.push({
      where,
      message: `${q.unconvertible.count} value(s) of "${v.name}" have an unknown or incompatible unit in "${name}" (e.g. ${q.unconvertible.examples[0]?.value}): read as missing`,
      severity: "warning",
    });
}

function toDate({ col, m, q, problems, where, reuse, tally }: Conversion): Column | null {
  const s = col.storage;
  const order = m.dateOrder ?? col.dateOrder ?? null;
  const dayOf = (t: string): number => {
    const p = dateParts(trimCell(t));
    return p ? partsToDays(p, order) : NaN;
  };
  if (s.kind === "date") {
    const days = reuse ? s.days : s.days.slice();
    if (col.dateAmbiguity) {
      const amb = col.dateAmbiguity;
      if (m.dateOrder) {
        const alt = amb[m.dateOrder];
        for (let i = 0; i < days.length; i++) if (alt[i] === alt[i]) days[i] = alt[i]!;
        q.notes.push(`date order ${m.dateOrder === "dmy" ? "DD/MM/YYYY" : "MM/DD/YYYY"} chosen`);
      } else {
        problems.push({
          where,
          message: `column "${col.name}": ${amb.ambiguous} date(s) read either DD/MM or MM/DD; choose the date order (they are missing until then)`,
          severity: "warning",
        });
        // each such date held text and is missing until an order is chosen
        for (let i = 0; i < days.length; i++)
          if (days[i] !== days[i] && amb.dmy[i] === amb.dmy[i])
            tally.add("date read either DD/MM or MM/DD (choose the order)", i);
      }
    }
    col.rejects.rows.forEach((row, k) => {
      const d = dayOf(col.rejects.texts[k]!);
      if (d === d) days[row] = d;
      else tally.add(col.rejects.texts[k]!, row);
    });
    tallyUncapped(col, tally);
    return { kind: "date", days };
  }
  if (s.kind === "category") {
    const vals = s.dict.map(dayOf);
    const days = new Float32Array(s.codes.length);
    const bad = new Uint8Array(vals.length);
    for (let i = 0; i < days.length; i++) {
      const c = s.codes[i]!;
      days[i] = c >= 0 ? vals[c]! : NaN;
      if (c >= 0 && vals[c] !== vals[c]) {
        bad[c] = 1;
        q.unparseable++;
        addExample(q.unparseableExamples, { line: tally.line(i), value: s.dict[c]! });
      }
    }
    tallyCodes(s.codes, bad, s.dict, tally);
    return { kind: "date", days };
  }
  problems.push({
    where,
    message: `column "${col.name}" holds ${s.kind === "number" ? "numbers" : "yes/no values"}, not dates`,
    severity: "error",
  });
  return null;
}

function toBoolean({ col, m, q, problems, where, reuse, tally }: Conversion): Column | null {
  const s = col.storage;
  if (s.kind === "boolean") {
    const values = reuse ? s.values : s.values.slice();
    // the mapping may read "yes" or "no" otherwise (the reader kept no other spelling)
    if (m.values) {
      const d = decodeBoolean(["no", "yes"], m);
      const map = [d.to[0]! < 0 ? UNKNOWN : d.to[0]!, d.to[1]! < 0 ? UNKNOWN : d.to[1]!, UNKNOWN];
      if (map[0] !== FALSE || map[1] !== TRUE)
        for (let i = 0; i < values.length; i++) values[i] = map[values[i]!]!;
    }
    rejectsAsTruth(col, m, values, tally);
    return { kind: "boolean", values };
  }
  if (s.kind === "category" || s.kind === "number") {
    const n = s.kind === "category" ? s.codes.length : s.lo.length;
    const values = new Uint8Array(n).fill(UNKNOWN);
    if (s.kind === "category") {
      const d = decodeBoolean(s.dict, m);
      const bad = new Uint8Array(s.dict.length);
      for (let i = 0; i < n; i++) {
        const c = s.codes[i]!;
        if (c < 0) continue;
        const b = d.to[c]!;
        if (b < 0) {
          if (d.by[c] === "none") bad[c] = 1;
          q.unparseable++;
          addExample(q.unparseableExamples, { line: tally.line(i), value: s.dict[c]! });
        } else values[i] = b;
      }
      tallyCodes(s.codes, bad, s.dict, tally);
      dashesAsTruth(col, m, values, q);
    } else {
      const d = decodeBoolean(["0", "1"], m);
      for (let i = 0; i < n; i++) {
        const x = s.lo[i]!;
        if (x !== x) continue;
        const b = x === 1 ? d.to[1]! : x === 0 ? d.to[0]! : -1;
        if (b < 0) {
          q.unparseable++;
          addExample(q.unparseableExamples, { line: tally.line(i), value: String(x) });
          if (x !== 0 && x !== 1) tally.add(String(x), i);
        } else values[i] = b;
      }
      rejectsAsTruth(col, m, values, tally);
    }
    return { kind: "boolean", values };
  }
  problems.push({
    where,
    message: `column "${col.name}" holds dates, not yes/no values`,
    severity: "error",
  });
  return null;
}

/** Cells the reader rejected, read as yes/no words (detected, ja, 阳性 ...); the rest tallied. */
function rejectsAsTruth(col: RawColumn, m: ColumnMapping, values: Uint8Array, tally: Tally): void {
  const rj = col.rejects;
  const rd = decodeBoolean(rj.texts, m);
  rj.rows.forEach((row, k) => {
    if (rd.to[k]! >= 0) values[row] = rd.to[k]!;
    else if (rd.by[k] === "none") tally.add(rj.texts[k]!, row);
  });
  tallyUncapped(col, tally);
}

/**
 * The reader's `-` cells of a category column read as yes/no when `dashReading` says so (a +/-
 * column: "no"): no longer missing, and a note says how many.
 */
function dashesAsTruth(
  col: RawColumn,
  m: ColumnMapping,
  values: Uint8Array,
  q: ColumnQuality,
): void {
  const dash = dashReading(col, m);
  if (!dash || dash.to < 0) return;
  const rows = col.dashes!;
  for (const r of rows) values[r] = dash.to;
  const k = rows.length;
  q.missing -= k;
  q.present += k;
  const left = (q.missingTokens["-"] ?? 0) - k;
  if (left > 0) q.missingTokens["-"] = left;
  else delete q.missingTokens["-"];
  q.notes.push(
    `${k} "-" read as ${dash.to === TRUE ? "yes" : "no"}${dash.by === "rule" ? " (the column's other values are + and − signs)" : " (as the mapping says)"}`,
  );
}
