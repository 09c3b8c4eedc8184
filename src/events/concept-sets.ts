/**
 * Concept sets resolved against the extract's vocabulary: `VOCAB:code` through CONCEPT to
 * concept ids (when the extract has CONCEPT), concept ids extended with their descendants
 * through CONCEPT_ANCESTOR (when asked and filled), and the codes themselves kept for matching
 * source values (a site's source value is often the code itself: a LOINC, SNOMED or RxNorm code).
 */
import type { Problem } from "../engine/protocol/types.ts";
import type { RawTable } from "../ingest/types.ts";
import { columnOf, numberReader, textReader } from "./cells.ts";
import type { ConceptSet } from "./profile.ts";

export interface Vocabulary {
  /** "VOCAB|code" (vocabulary upper case) -> concept ids */
  byCode: Map<string, number[]>;
  /** concept id -> vocabulary, code, name */
  byId: Map<number, { vocabulary: string; code: string; name: string }>;
  /** ancestor concept id -> descendant ids (empty when the extract has no CONCEPT_ANCESTOR rows) */
  descendants: Map<number, number[]>;
  hasConcept: boolean;
  hasAncestor: boolean;
  /** vocabulary ids (upper case) CONCEPT has rows of */
  vocabularies: Set<string>;
}

export function readVocabulary(concept?: RawTable, ancestor?: RawTable): Vocabulary {
  const byCode = new Map<string, number[]>();
  const byId = new Map<number, { vocabulary: string; code: string; name: string }>();
  const vocabularies = new Set<string>();
  if (concept) {
    const id = numberReader(columnOf(concept, "concept_id"));
    const vocab = textReader(columnOf(concept, "vocabulary_id"));
    const code = textReader(columnOf(concept, "concept_code"));
    const name = textReader(columnOf(concept, "concept_name"));
    for (let r = 0; r < concept.nRows; r++) {
      const i = id(r);
      if (i !== i) continue;
      const v = vocab(r);
      const c = code(r);
      byId.set(i, { vocabulary: v, code: c, name: name(r) });
      vocabularies.add(v.toUpperCase());
      const key = `${v.toUpperCase()}|${c}`;
      const list = byCode.get(key);
      if (list) list.push(i);
      else byCode.set(key, [i]);
    }
  }
  const descendants = new Map<number, number[]>();
  if (ancestor) {
    const a = numberReader(columnOf(ancestor, "ancestor_concept_id"));
    const d = numberReader(columnOf(ancestor, "descendant_concept_id"));
    for (let r = 0; r < ancestor.nRows; r++) {
      const x = a(r);
      const y = d(r);
      if (x !== x || y !== y) continue;
      const list = descendants.get(x);
      if (list) list.push(y);
      else descendants.set(x, [y]);
    }
  }
  return {
    byCode,
    byId,
    descendants,
    hasConcept: concept !== undefined && concept.nRows > 0,
    hasAncestor: descendants.size > 0,
    vocabularies,
  };
}

/** A resolved concept set: concept ids and source codes (upper case) it matches. */
export interface Matcher {
  ids: Set<number>;
  codes: Set<string>;
  /** code prefixes (`ICD10CM:Q61*` -> "Q61"), upper case without dots: see `prefixKey` */
  prefixes?: string[];
}

/**
 * A code as prefixes compare it: upper case, without dots, so `Q61*` matches both `Q61.3` (the
 * dotted form CONCEPT and most exports use) and `Q613` (registries that drop the dot).
 */
export const prefixKey = (code: string): string => code.trim().toUpperCase().replace(/\./g, "");

/** Text (trimmed, upper case) -> whether it is one of the set's codes or starts with one of its prefixes. */
export function codeTest(m: Matcher): (text: string) => boolean {
  const prefixes = m.prefixes ?? [];
  if (prefixes.length === 0) return (t) => m.codes.has(t);
  return (t) => {
    if (m.codes.has(t)) return true;
    if (t === "") return false;
    const k = prefixKey(t);
    return prefixes.some((p) => k.startsWith(p));
  };
}

/** Resolves one concept set; unknown codes and an empty CONCEPT_ANCESTOR become warnings. */
export function resolveConceptSet(
  name: string,
  set: ConceptSet,
  vocab: Vocabulary,
  where: string,
): { matcher: Matcher; problems: Problem[] } {
  const problems: Problem[] = [];
  const ids = new Set<number>(set.concepts ?? []);
  const codes = new Set<string>();
  const prefixes: string[] = [];
  const unresolved: string[] = [];
  for (const full of set.codes ?? []) {
    const colon = full.indexOf(":");
    const v = full.slice(0, colon).trim().toUpperCase();
    const code = full.slice(colon + 1).trim();
    if (code.endsWith("*")) {
      const p = prefixKey(code.slice(0, -1));
      if (p === "" || p.includes("*")) {
        problems.push({
          where,
          message: `concept set '${name}': '${full}' is not a prefix (one '*' at the end of at least one character, e.g. ICD10CM:Q61*)`,
          severity: "error",
        });
        continue;
      }
      prefixes.push(p);
      const found = conceptsWithPrefix(vocab, v, p);
      for (const i of found) ids.add(i);
      if (found.length === 0 && vocab.vocabularies.has(v)) unresolved.push(full);
      continue;
    }
    codes.add(code.toUpperCase());
    const found = vocab.byCode.get(`${v}|${code}`);
    if (found) for (const i of found) ids.add(i);
    // a code of a vocabulary CONCEPT does not hold at all (a site's local codes) is expected there
    else if (vocab.vocabularies.has(v)) unresolved.push(full);
  }
  if (vocab.hasConcept && unresolved.length > 0)
    problems.push({
      where,
      message: `concept set '${name}': ${unresolved.length} code(s) not in this extract's CONCEPT table (${unresolved.slice(0, 5).join(", ")}${unresolved.length > 5 ? " ..." : ""}); they still match source values`,
      severity: "warning",
    });
  if (set.descendants) {
    if (!vocab.hasAncestor)
      problems.push({
        where,
        message: `concept set '${name}' asks for descendants but this extract's CONCEPT_ANCESTOR is absent or empty: only the listed concepts match`,
        severity: "warning",
      });
    for (const i of [...ids]) for (const d of vocab.descendants.get(i) ?? []) ids.add(d);
  }
  return { matcher: { ids, codes, ...(prefixes.length ? { prefixes } : {}) }, problems };
}

/** Concept ids of a vocabulary whose code starts with the prefix (dots ignored). */
function conceptsWithPrefix(vocab: Vocabulary, vocabulary: string, prefix: string): number[] {
  const out: number[] = [];
  for (const [id, c] of vocab.byId)
    if (c.vocabulary.toUpperCase() === vocabulary && prefixKey(c.code).startsWith(prefix))
      out.push(id);
  return out;
}
