/**
 * Quality of an event extract, as plain JSON: rows per table, persons without an observation
 * period, events of unknown persons, outside every observation period, after the screening date
 * (not used) or in the future, concept ids missing from CONCEPT or unmapped (0), cells unread.
 */
import type { Vocabulary } from "./concept-sets.ts";
import type { OmopData } from "./derive.ts";
import type { PreparedEvents } from "./events.ts";
import type { EventTable } from "./profile.ts";
import { observedOn, type Persons } from "./person.ts";
import type { OmopTable } from "./tables.ts";

export interface TableQuality {
  table: OmopTable;
  file: string;
  rows: number;
  /** cells that did not fit their column's type, with the first examples */
  unreadable: number;
  unreadableExamples: string[];
  /** event tables only */
  unknownPerson?: number;
  missingDate?: number;
  outsideObservation?: number;
  afterScreening?: number;
  inFuture?: number;
  /** concept ids (not 0) absent from CONCEPT (counted only when the extract has CONCEPT) */
  unknownConcepts?: number;
  unknownConceptExamples?: number[];
  /** concept id 0: the source code had no standard concept (matched by source value only) */
  unmapped?: number;
}

export interface EventQuality {
  screeningDate: string;
  persons: number;
  personsWithoutObservationPeriod: number | null;
  tables: TableQuality[];
}

export function eventQuality(
  data: OmopData,
  persons: Persons,
  prepared: Map<EventTable, PreparedEvents>,
  vocab: Vocabulary,
  screening: number,
  today: number,
): EventQuality {
  const tables: TableQuality[] = [];
  for (const [name, raw] of Object.entries(data.tables) as [
    OmopTable,
    NonNullable<OmopData["tables"][OmopTable]>,
  ][]) {
    const q: TableQuality = {
      table: name,
      file: data.files[name] ?? name,
      rows: raw.nRows,
      unreadable: 0,
      unreadableExamples: [],
    };
    for (const c of raw.columns) {
      q.unreadable += c.stats.unparseable;
      for (const e of c.stats.unparseableExamples)
        if (q.unreadableExamples.length < 5)
          q.unreadableExamples.push(`${c.name} line ${e.line}: '${e.value}'`);
    }
    const ev = prepared.get(name as EventTable);
    if (ev) Object.assign(q, eventCounts(ev, persons, vocab, screening, today));
    tables.push(q);
  }
  let without: number | null = null;
  if (persons.periods) {
    without = 0;
    for (let k = 0; k < persons.n; k++)
      if (persons.periods.first[k + 1] === persons.periods.first[k]) without++;
  }
  return {
    screeningDate:
      screening === screening ? new Date(screening * 86400000).toISOString().slice(0, 10) : "",
    persons: persons.n,
    personsWithoutObservationPeriod: without,
    tables,
  };
}

function eventCounts(
  ev: PreparedEvents,
  persons: Persons,
  vocab: Vocabulary,
  screening: number,
  today: number,
): Partial<TableQuality> {
  let unknownPerson = 0;
  let missingDate = 0;
  let outside = 0;
  let after = 0;
  let future = 0;
  let unknownConcepts = 0;
  let unmapped = 0;
  const examples = new Set<number>();
  for (let r = 0; r < ev.nRows; r++) {
    const p = ev.person[r]!;
    const day = ev.day[r]!;
    const c = ev.concept[r]!;
    if (p < 0) unknownPerson++;
    if (day !== day) missingDate++;
    else {
      if (day > screening) after++;
      if (day > today) future++;
      if (p >= 0 && observedOn(persons, p, day) === false) outside++;
    }
    if (c === 0) unmapped++;
    else if (vocab.hasConcept && c === c && !vocab.byId.has(c)) {
      unknownConcepts++;
      if (examples.size < 5) examples.add(c);
    }
  }
  return {
    unknownPerson,
    missingDate,
    outsideObservation: persons.periods ? outside : undefined,
    afterScreening: after,
    inFuture: future,
    unknownConcepts: vocab.hasConcept ? unknownConcepts : undefined,
    unknownConceptExamples: vocab.hasConcept ? [...examples] : undefined,
    unmapped,
  };
}
