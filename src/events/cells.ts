/**
 * Reading OMOP cells whatever type the CSV reader inferred for a column: a concept code column
 * of digits is read as numbers, a mixed one keeps its non-numeric codes as rejects (the reader
 * keeps every unparseable cell's text), a date column may hold dates or text.
 */
import { parseIsoDate } from "../engine/calendar.ts";
import type { RawColumn, RawTable } from "../ingest/types.ts";

/** The column of a table by CDM name (headers compared in lower case), or undefined. */
export function columnOf(t: RawTable | undefined, name: string): RawColumn | undefined {
  return t?.columns.find((c) => c.name.trim().toLowerCase() === name);
}

/** Row -> number (NaN when missing or not a number). */
export function numberReader(c: RawColumn | undefined): (row: number) => number {
  if (!c) return () => NaN;
  const s = c.storage;
  if (s.kind === "number") return (r) => s.lo[r]!;
  if (s.kind === "category") {
    const num = s.dict.map((d) => (d.trim() === "" ? NaN : Number(d)));
    return (r) => {
      const k = s.codes[r]!;
      return k < 0 ? NaN : num[k]!;
    };
  }
  return () => NaN;
}

/** Row -> text ("" when missing); numbers as their shortest decimal, rejects as read. */
export function textReader(c: RawColumn | undefined): (row: number) => string {
  if (!c) return () => "";
  const s = c.storage;
  if (s.kind === "category") return (r) => (s.codes[r]! < 0 ? "" : s.dict[s.codes[r]!]!.trim());
  const rejected = new Map<number, string>();
  c.rejects.rows.forEach((row, i) => rejected.set(row, c.rejects.texts[i]!.trim()));
  if (s.kind === "number")
    return (r) => {
      const v = s.lo[r]!;
      return v === v ? String(v) : (rejected.get(r) ?? "");
    };
  if (s.kind === "date")
    return (r) => {
      const d = s.days[r]!;
      return d === d ? new Date(d * 86400000).toISOString().slice(0, 10) : (rejected.get(r) ?? "");
    };
  if (s.kind === "boolean")
    // a column of yes/no words read as truth values: its words come back as true/false
    return (r) =>
      s.values[r] === 1 ? "true" : s.values[r] === 0 ? "false" : (rejected.get(r) ?? "");
  return (r) => rejected.get(r) ?? "";
}

/** Row -> day number (NaN when missing): date columns, or ISO text read here. */
export function dayReader(c: RawColumn | undefined): (row: number) => number {
  if (!c) return () => NaN;
  const s = c.storage;
  if (s.kind === "date") return (r) => s.days[r]!;
  const text = textReader(c);
  return (r) => {
    const t = text(r);
    return t.length >= 10 ? parseIsoDate(t.slice(0, 10)) : NaN;
  };
}
