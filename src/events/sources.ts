/**
 * The event each picked value came from, for explanations ("creatinine 1.2 mg/dL on
 * 2021-03-04 (LOINC 2160-0)"): from the rows derivation recorded (`DeriveResult.evidence`, only
 * where a derivation picks one event: latest, earliest, nearest, min, max, first date), as
 * compact per-patient arrays the page can hold beside the derived table (a date, the value as
 * recorded, and an index into a small dictionary of unit, value text and code).
 *
 * @example
 * const sources = eventSources(protocol, derived, data, vocab);
 * sourceText("creatinine", sources.creatinine!, row); // "creatinine 1.2 mg/dL on 2021-03-04 (LOINC 2160-0)"
 */
import { formatIsoDate } from "../engine/calendar.ts";
import { scopeOf } from "../engine/compile-protocol.ts";
import { Checker } from "../engine/lang/check.ts";
import { resolveParams } from "../engine/lang/scope.ts";
import type { Protocol } from "../engine/protocol/types.ts";
import { columnOf, dayReader, numberReader, textReader } from "./cells.ts";
import type { Vocabulary } from "./concept-sets.ts";
import type { DeriveResult, OmopData } from "./derive.ts";
import type { EventTable } from "./profile.ts";
import { EVENT_COLUMNS } from "./tables.ts";
import { own, userRecord } from "../engine/user-keys.ts";

export interface SourceDetail {
  /** the unit as recorded (unit_source_value, else the unit concept's code) */
  unit: string;
  /** a non-numeric value as recorded (value_source_value, value_as_string, the value concept) */
  text: string;
  /** the event's code: "VOCABULARY code" through CONCEPT, else its source value */
  code: string;
}

export interface EventSource {
  table: EventTable;
  /** the picked event's date (days since 1970-01-01), NaN when the patient has none */
  day: Float32Array;
  /** its numeric value as recorded (before unit conversion), NaN when none */
  value: Float64Array;
  /** index into `details`, -1 when none */
  detail: Int32Array;
  details: SourceDetail[];
}

/** Per derived variable that picks one event. */
export type EventSources = Record<string, EventSource>;

/** The arrays' buffers, to transfer them from a worker. */
export function sourceBuffers(s: EventSources): ArrayBuffer[] {
  return Object.values(s).flatMap((x) =>
    [x.day.buffer, x.value.buffer, x.detail.buffer].filter(
      (b): b is ArrayBuffer => b instanceof ArrayBuffer,
    ),
  );
}

export function eventSources(
  protocol: Protocol,
  derived: Pick<DeriveResult, "evidence">,
  data: OmopData,
  vocab: Vocabulary,
): EventSources {
  const out: EventSources = userRecord();
  for (const [name, { table, rows }] of Object.entries(derived.evidence)) {
    const raw = data.tables[table];
    if (!raw) continue;
    const cols = EVENT_COLUMNS[table];
    const col = (c?: string) => (c ? columnOf(raw, c) : undefined);
    const date = dayReader(col(cols.date));
    const isNumber = protocol.variables.find((v) => v.name === name)?.type === "number";
    const num = isNumber ? numberReader(col(cols.valueNumber)) : () => NaN;
    const unitText = textReader(col(cols.unitSource));
    const unitConcept = numberReader(col(cols.unitConcept));
    const valueTexts = [cols.valueSource, cols.valueString].map((c) => textReader(col(c)));
    const valueConcept = numberReader(col(cols.valueConcept));
    const concept = numberReader(col(cols.concept));
    const source = textReader(col(cols.sourceValue));
    const conceptName = (id: number) => (id > 0 ? vocab.byId.get(id) : undefined);
    const n = rows.length;
    const s: EventSource = {
      table,
      day: new Float32Array(n).fill(NaN),
      value: new Float64Array(n).fill(NaN),
      detail: new Int32Array(n).fill(-1),
      details: [],
    };
    const index = new Map<string, number>();
    for (let p = 0; p < n; p++) {
      const r = rows[p]!;
      if (r < 0) continue;
      s.day[p] = date(r);
      s.value[p] = num(r);
      const c = conceptName(concept(r));
      const code = c ? `${c.vocabulary} ${c.code}` : source(r);
      const unit = unitText(r) || conceptName(unitConcept(r))?.code || "";
      const text = isNumber
        ? ""
        : valueTexts.map((t) => t(r)).find((t) => t !== "") ||
          conceptName(valueConcept(r))?.name ||
          "";
      const key = `${unit}\u0000${text}\u0000${code}`;
      let k = index.get(key);
      if (k === undefined) index.set(key, (k = s.details.push({ unit, text, code }) - 1));
      s.detail[p] = k;
    }
    out[name] = s;
  }
  return out;
}

/** "creatinine 1.2 mg/dL on 2021-03-04 (LOINC 2160-0)", or null when no event was picked. */
export function sourceText(name: string, s: EventSource, row: number): string | null {
  const k = s.detail[row] ?? -1;
  const day = s.day[row]!;
  if (k < 0 && day !== day) return null;
  const d = s.details[k] ?? { unit: "", text: "", code: "" };
  const v = s.value[row]!;
  const value = v === v ? `${v}${d.unit ? ` ${d.unit}` : ""}` : d.text;
  const when = day === day ? `on ${formatIsoDate(day)}` : "(no date)";
  const code = d.code ? ` (${d.code})` : "";
  return `${name}${value ? ` ${value}` : ""} ${when}${code}`;
}

/** Per criterion, the variables its rule reads (derived values expanded): whose events to name. */
export function criterionReads(p: Protocol): string[][] {
  const checker = new Checker(scopeOf(p, resolveParams(p, {}, {}).params));
  return p.criteria.map((c) =>
    c.rule ? [...(checker.checkRule(c.rule).checked?.variables ?? [])] : [],
  );
}

/** The events behind criterion `k`'s values for data row `row`, one text per variable. */
export function criterionSources(
  sources: EventSources,
  reads: readonly string[],
  row: number,
): string[] {
  return reads.flatMap((v) => {
    const s = own(sources, v);
    const t = s ? sourceText(v, s, row) : null;
    return t ? [t] : [];
  });
}
