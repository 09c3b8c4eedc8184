/**
 * applyMapping: raw columns -> a Table keyed by protocol variable, numbers converted to each
 * variable's canonical unit (per row when a unit column is given), categories normalised to the
 * allowed values, the patient id carried through; every changed or dropped cell counted.
 */
import type { Problem, Protocol, ProtocolVariable } from "../engine/protocol/types";
import { FALSE, TRUE, UNKNOWN, type Column, type Table } from "../engine/types";
import { convertFactor, lookupUnit } from "../engine/units";
import type { ColumnMapping, Mapping } from "./mapping";
import {
  addExample,
  columnQuality,
  fileQuality,
  type ColumnQuality,
  type QualityReport,
} from "./quality";
import type { RawColumn, RawTable } from "./types";
import { duplicates, toCategory } from "./categories";
import { convertByCode, outOfRange } from "./number-map";
import { dateParts, parseBooleanWord, parseNumber, partsToDays, trimCell } from "./values";

export interface ApplyOptions {
  /**
   * Move the raw table's buffers into the mapped table instead of copying them (numbers are
   * converted in place, date orders applied in place). The raw columns must not be read for
   * values afterwards (names, stats and rejects stay valid). For one-shot pipelines (CLI,
   * benchmark): saves a copy of every mapped column. Default false (the raw table is untouched).
   */
  reuse?: boolean;
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
  const columns: Record<string, Column> = {};
  const byName = new Map(raw.columns.map((c) => [c.name, c]));
  const quality: QualityReport = {
    rows: raw.nRows,
    columns: [],
    duplicateIds: { count: 0, examples: [] },
    unmapped: [],
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
    const m = mapping.columns[v.name];
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
    const out = convert(v, col, m, raw, q, problems, reuse && uses.get(col.name) === 1);
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

function convert(
  v: ProtocolVariable,
  col: RawColumn,
  m: ColumnMapping,
  raw: RawTable,
  q: ColumnQuality,
  problems: Problem[],
  reuse: boolean,
): Column | null {
  const where = `mapping: ${v.name}`;
  switch (v.type) {
    case "number":
      return toNumber(v, col, m, raw, q, problems, reuse);
    case "date":
      return toDate(col, m, q, problems, where, reuse);
    case "boolean":
      return toBoolean(col, m, q, problems, where, reuse);
    case "category":
      return toCategory(v, col, q, reuse);
  }
}

function toNumber(
  v: ProtocolVariable,
  col: RawColumn,
  m: ColumnMapping,
  raw: RawTable,
  q: ColumnQuality,
  problems: Problem[],
  reuse: boolean,
): Column | null {
  const n = raw.nRows;
  let lo: Float64Array;
  let hi: Float64Array;
  const s = col.storage;
  if (s.kind === "number") {
    lo = reuse ? s.lo : s.lo.slice();
    hi = s.hi === s.lo ? lo : reuse ? s.hi : s.hi.slice();
  } else if (s.kind === "boolean") {
    lo = new Float64Array(n);
    for (let i = 0; i < n; i++) lo[i] = s.values[i] === UNKNOWN ? NaN : s.values[i]!;
    hi = lo;
  } else if (s.kind === "category") {
    const vals = s.dict.map((d) => parseNumber(d, raw.dialect.decimalComma));
    lo = new Float64Array(n);
    hi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = s.codes[i]!;
      const iv = c >= 0 ? vals[c] : null;
      lo[i] = iv ? iv.lo : NaN;
      hi[i] = iv ? iv.hi : NaN;
      if (c >= 0 && !iv) {
        q.unparseable++;
        addExample(q.unparseableExamples, { line: i + 2, value: s.dict[c]! });
      }
    }
  } else {
    problems.push({
      where: `mapping: ${v.name}`,
      message: `column "${col.name}" holds dates; "${v.name}" needs numbers`,
      severity: "error",
    });
    return null;
  }
  const to = v.unit ?? "1";
  if (m.unitColumn) perRowUnits(v, m.unitColumn, raw, lo, hi, q, problems);
  else if (m.unit && m.unit !== to) {
    const f = convertFactor(m.unit, to, v.molarMass);
    if (f === null) {
      problems.push({
        where: `mapping: ${v.name}`,
        message: `cannot convert ${m.unit} to ${to}${lookupUnit(m.unit) ? "" : ` (unknown unit "${m.unit}")`}`,
        severity: "error",
      });
      return null;
    }
    scale(lo, hi, f, 0, n);
    q.conversions.push({ from: m.unit, to, factor: f, rows: n - q.missing });
  }
  if (v.plausible) {
    const [a, b] = v.plausible;
    q.outOfRange.range = [a, b];
    // the reader's min and max bound every value (a censored value by its finite bound): when
    // nothing was converted and they lie inside the range, no interval lies outside it
    const st = col.stats;
    const inside =
      s.kind === "number" &&
      !m.unitColumn &&
      (!m.unit || m.unit === to) &&
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

function scale(
  lo: Float64Array,
  hi: Float64Array,
  f: number,
  from: number,
  to: number,
  rows?: Int32Array,
): void {
  if (rows) {
    for (const i of rows) {
      lo[i] = lo[i]! * f;
      if (hi !== lo) hi[i] = hi[i]! * f;
    }
    return;
  }
  for (let i = from; i < to; i++) lo[i] = lo[i]! * f;
  if (hi !== lo) for (let i = from; i < to; i++) hi[i] = hi[i]! * f;
}

function perRowUnits(
  v: ProtocolVariable,
  name: string,
  raw: RawTable,
  lo: Float64Array,
  hi: Float64Array,
  q: ColumnQuality,
  problems: Problem[],
): void {
  const uc = raw.columns.find((c) => c.name === name);
  const to = v.unit ?? "1";
  if (!uc || uc.storage.kind !== "category") {
    problems.push({
      where: `mapping: ${v.name}`,
      message: `unit column "${name}" ${uc ? "does not hold unit names" : "is not in the file"}`,
      severity: "error",
    });
    return;
  }
  const { codes, dict } = uc.storage;
  const factors = Float64Array.from(dict, (u) => convertFactor(u, to, v.molarMass) ?? NaN);
  const r = convertByCode(lo, hi, codes, factors, raw.nRows);
  q.unconvertible.count += r.unconvertible;
  for (const e of r.examples)
    addExample(q.unconvertible.examples, {
      row: e.row + 1,
      value: `${e.value} ${e.code >= 0 ? dict[e.code] : "(no unit)"}`,
    });
  dict.forEach((u, c) => {
    const rows = r.converted[c]!;
    if (rows > 0) q.conversions.push({ from: u, to, factor: factors[c]!, rows });
  });
  if (q.unconvertible.count > 0)
    problems.push({
      where: `mapping: ${v.name}`,
      message: `${q.unconvertible.count} value(s) of "${v.name}" have an unknown or incompatible unit in "${name}" (e.g. ${q.unconvertible.examples[0]?.value}): read as missing`,
      severity: "warning",
    });
}

function toDate(
  col: RawColumn,
  m: ColumnMapping,
  q: ColumnQuality,
  problems: Problem[],
  where: string,
  reuse: boolean,
): Column | null {
  const s = col.storage;
  if (s.kind === "date") {
    const days = reuse ? s.days : s.days.slice();
    if (col.dateAmbiguity) {
      if (m.dateOrder) {
        const alt = col.dateAmbiguity[m.dateOrder];
        for (let i = 0; i < days.length; i++) if (alt[i] === alt[i]) days[i] = alt[i]!;
        q.notes.push(`date order ${m.dateOrder === "dmy" ? "DD/MM/YYYY" : "MM/DD/YYYY"} chosen`);
      } else
        problems.push({
          where,
          message: `column "${col.name}": ${col.dateAmbiguity.ambiguous} date(s) read either DD/MM or MM/DD; choose the date order (they are missing until then)`,
          severity: "warning",
        });
    }
    return { kind: "date", days };
  }
  if (s.kind === "category") {
    const vals = s.dict.map((d) => {
      const p = dateParts(trimCell(d));
      return p ? partsToDays(p, m.dateOrder ?? null) : NaN;
    });
    const days = new Float32Array(s.codes.length);
    for (let i = 0; i < days.length; i++) {
      const c = s.codes[i]!;
      days[i] = c >= 0 ? vals[c]! : NaN;
      if (c >= 0 && vals[c] !== vals[c]) {
        q.unparseable++;
        addExample(q.unparseableExamples, { line: i + 2, value: s.dict[c]! });
      }
    }
    return { kind: "date", days };
  }
  problems.push({
    where,
    message: `column "${col.name}" holds ${s.kind === "number" ? "numbers" : "yes/no values"}, not dates`,
    severity: "error",
  });
  return null;
}

function toBoolean(
  col: RawColumn,
  m: ColumnMapping,
  q: ColumnQuality,
  problems: Problem[],
  where: string,
  reuse: boolean,
): Column | null {
  const s = col.storage;
  if (s.kind === "boolean") return { kind: "boolean", values: reuse ? s.values : s.values.slice() };
  const tv = new Set((m.trueValues ?? []).map((x) => x.toLowerCase()));
  const fv = new Set((m.falseValues ?? []).map((x) => x.toLowerCase()));
  const word = (t: string): number => {
    const l = t.toLowerCase();
    if (tv.has(l)) return TRUE;
    if (fv.has(l)) return FALSE;
    const b = parseBooleanWord(t);
    return b === -1 ? -1 : b;
  };
  if (s.kind === "category" || s.kind === "number") {
    const n = s.kind === "category" ? s.codes.length : s.lo.length;
    const values = new Uint8Array(n).fill(UNKNOWN);
    const dictVals = s.kind === "category" ? s.dict.map(word) : [];
    for (let i = 0; i < n; i++) {
      let b: number;
      let text: string;
      if (s.kind === "category") {
        const c = s.codes[i]!;
        if (c < 0) continue;
        b = dictVals[c]!;
        text = s.dict[c]!;
      } else {
        const x = s.lo[i]!;
        if (x !== x) continue;
        b = x === 1 ? TRUE : x === 0 ? FALSE : -1;
        text = String(x);
      }
      if (b === -1) {
        q.unparseable++;
        addExample(q.unparseableExamples, { line: i + 2, value: text });
      } else values[i] = b;
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
