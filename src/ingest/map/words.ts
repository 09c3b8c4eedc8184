/**
 * The words real exports write for a variable's values, read when a column is mapped (not while
 * the file is read: the reader keeps such a column's text, so the mapping can show and recode
 * every spelling): yes/no in the languages of the sites that run trials, category aliases (sex,
 * response), combined and sub-classed classes (`III/V`, `IV-G`), titres (`1:320`).
 *
 * @example
 * wordTruth("Pos.") // TRUE
 * wordTruth("nicht nachgewiesen") // FALSE
 * categoryIndex(["III", "IV", "V", "III+V"], "III/V") // 3
 * parseTitre("1:320") // { lo: 320, hi: 320 }
 */
import { FALSE, TRUE, type Truth } from "../../engine/types.ts";
import { nextDown, nextUp, type Interval } from "../read/values.ts";

/** Lower case, NFC, dots, spaces, underscores and hyphens dropped (a lone minus kept). */
export function wordKey(s: string): string {
  const t = s
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u2212\u2013\u2012]/g, "-")
    .trim();
  if (t === "-" || t === "--") return "-";
  return t.replace(/[\s._\-\u00a0]+/g, "");
}

const TRUE_KEYS = [
  "yes", "y", "true", "t", "1", "+", "positive", "pos", "positiv", "positif", "positivo", "detected",
  "reactive", "present", "ja", "j", "oui", "si", "sí", "sim", "是", "阳性", "有", "vorhanden",
  "nachgewiesen", "détecté", "detecte", "présent", "reaktiv", "réactif", "reactif",
  // Dutch, Italian, Spanish, Japanese; (+) as labs write it
  "positief", "aanwezig", "aangetoond", "sì", "presente", "rilevato", "detectado", "(+)",
  "陽性", "あり", "有り", "はい", "検出",
]; // prettier-ignore
const FALSE_KEYS = [
  "no", "n", "false", "f", "0", "-", "negative", "neg", "negativ", "négatif", "negatif", "negativo",
  "notdetected", "nondetected", "undetected", "nonreactive", "unreactive", "notreactive", "absent",
  "nein", "non", "não", "nao", "否", "阴性", "无", "nichtnachgewiesen", "nichtvorhanden",
  "nondétecté", "nondetecte", "nichtreaktiv", "nonréactif", "nonreactif",
  "nee", "negatief", "afwezig", "nietaangetoond", "assente", "nonrilevato", "ausente",
  "nodetectado", "(-)", "(−)", "陰性", "なし", "無し", "無", "いいえ", "検出せず", "未検出",
]; // prettier-ignore
const TRUTHS = new Map<string, Truth>([
  ...TRUE_KEYS.map((k) => [wordKey(k), TRUE] as const),
  ...FALSE_KEYS.map((k) => [wordKey(k), FALSE] as const),
]);

/** TRUE / FALSE for a yes/no word in any of the known spellings, -1 when not one. */
export function wordTruth(s: string): Truth | -1 {
  return TRUTHS.get(wordKey(s)) ?? -1;
}

/** Other spellings of common allowed values (compared by `wordKey`). */
const ALIASES: Record<string, string[]> = {
  female: ["f", "w", "woman", "women", "fem", "weiblich", "femme", "féminin", "feminin", "femenino",
    "feminino", "mujer", "frau", "女", "女性", "vrouw", "v", "donna", "femmina", "d"],
  male: ["m", "man", "men", "masc", "männlich", "maennlich", "mannlich", "homme", "h", "masculin",
    "masculino", "hombre", "mann", "男", "男性", "uomo", "maschio", "u"],
  complete: ["komplett", "vollständig", "vollstandig", "complète", "complet", "completa",
    "completo", "cr", "完全", "完全缓解", "volledig", "完全奏効"],
  partial: ["partiell", "teilweise", "partielle", "parcial", "pr", "部分", "部分缓解", "parziale",
    "gedeeltelijk", "部分奏効"],
  none: ["kein", "keine", "keines", "aucun", "aucune", "ninguno", "ninguna", "nenhum", "无", "nil",
    "nr", "no response", "nessuna", "nessuno", "geen", "奏効なし", "なし"],
  normal: ["normal", "unauffällig", "unauffallig", "正常"],
}; // prettier-ignore

const ROMAN = ["", "i", "ii", "iii", "iv", "v", "vi"];

/** A class or grade as compared: prefix word dropped, separators out, digits as Roman numerals. */
function classKey(s: string): string {
  return s
    .toLowerCase()
    .trim()
    .replace(/^(class|grade|type|klasse|classe|grad|stade|stage)\s*/, "")
    .replace(/[\s_-]+/g, "")
    .replace(/\d/g, (d) => ROMAN[+d] ?? d);
}

const ROMAN_PART = /^(?:class\s*|klasse\s*|classe\s*)?([1-6]|i{1,3}|iv|vi?|v)\b/i;

/**
 * A combined or sub-classed class as a key: `III/V`, `III + V`, `III und V`, `IV-G (A)` ->
 * "iii+v", "iv". Each part keeps only its leading class number (a subclass `-G`/`-S` and an
 * activity in brackets dropped); null when a part has none.
 */
function combinedKey(s: string): string | null {
  const parts = s
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .split(/\s*(?:[+/&,]|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*/i)
    .filter((p) => p.trim() !== "");
  if (parts.length === 0) return null;
  const keys: string[] = [];
  for (const p of parts) {
    const m = ROMAN_PART.exec(p.trim());
    if (!m) return null;
    const rest = p
      .trim()
      .slice(m[0].length)
      .replace(/^[\s-]*/, "");
    // what may follow a class number: a subclass letter (G global, S segmental) and nothing else
    if (rest !== "" && !/^[gs]$/i.test(rest)) return null;
    keys.push(classKey(m[1]!));
  }
  return keys.join("+");
}

/**
 * Index of `text` among `allowed` (case, spacing, prefix words, digits vs Roman numerals and the
 * aliases above ignored), -1 when none or more than one allowed value fits.
 */
export function categoryIndex(allowed: readonly string[], text: string): number {
  const t = text.trim();
  if (t === "") return -1;
  // the exact spelling, then the class key, then aliases, then combined classes: the first
  // rule that finds exactly one allowed value decides
  const exact = allowed.findIndex((a) => a.toLowerCase() === t.toLowerCase());
  if (exact >= 0) return exact;
  const ck = classKey(t);
  const byClass = unique(allowed, (a) => classKey(a) === ck);
  if (byClass >= 0) return byClass;
  const wk = wordKey(t);
  const byAlias = unique(allowed, (a) =>
    ((Object.hasOwn(ALIASES, a.toLowerCase()) ? ALIASES[a.toLowerCase()] : undefined) ?? []).some(
      (al) => wordKey(al) === wk,
    ),
  );
  if (byAlias >= 0) return byAlias;
  const cb = combinedKey(t);
  if (cb !== null) {
    const byCombined = unique(allowed, (a) => combinedKey(a) === cb);
    if (byCombined >= 0) return byCombined;
  }
  return -1;
}

function unique(allowed: readonly string[], ok: (a: string) => boolean): number {
  let found = -1;
  for (let i = 0; i < allowed.length; i++)
    if (ok(allowed[i]!)) {
      if (found >= 0) return -1;
      found = i;
    }
  return found;
}

const TITRE = /^(<=|>=|[<>≤≥])?\s*1\s*[:/]\s*(\d+(?:[.,]\d+)?)$/;

/** A titre `1:320` or `1/320` as the number 320 (`<1:40` censored below 40), else null. */
export function parseTitre(s: string): Interval | null {
  const m = TITRE.exec(s.trim());
  if (!m) return null;
  const v = +m[2]!.replace(",", ".");
  if (!Number.isFinite(v) || v < 1) return null;
  switch (m[1]) {
    case undefined:
      return { lo: v, hi: v };
    case "<":
      return { lo: -Infinity, hi: nextDown(v) };
    case "<=":
    case "≤":
      return { lo: -Infinity, hi: v };
    case ">":
      return { lo: nextUp(v), hi: Infinity };
    default:
      return { lo: v, hi: Infinity };
  }
}
