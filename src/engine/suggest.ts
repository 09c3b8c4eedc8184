/**
 * "Did you mean": the closest known names to a misspelt one, for every message that names an
 * unknown unit, variable, function, value, drug, table, protocol or parameter, in the engine, the
 * editor's quick fixes and the command line alike (one distance, one cut-off).
 *
 * @example
 * closest("uprc", ["upcr", "sledai"]); // ["upcr"]
 * didYouMean(["upcr"]); // " — did you mean 'upcr'?"
 */

/**
 * Optimal string alignment distance (insert, delete, substitute, swap neighbours): `uprc` is
 * one edit from `upcr`.
 */
export function editDistance(a: string, b: string): number {
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(m + 1).fill(0);
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

/**
 * Edits a suggestion may be away from a word of `length` characters: one per three characters,
 * at least 1 and at most 3, and fewer than the word has characters.
 */
export function editLimit(length: number): number {
  return Math.min(length - 1, Math.max(1, Math.min(3, Math.floor(length / 3))));
}

/**
 * The known names within `editLimit` of `word` (case ignored), closest first, then in the
 * pool's order; at most `max`.
 */
export function closest(word: string, pool: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const limit = editLimit(w.length);
  const out: { n: string; d: number; i: number }[] = [];
  let i = 0;
  for (const n of pool) {
    const d = editDistance(w, n.toLowerCase());
    if (d <= limit) out.push({ n, d, i });
    i++;
  }
  return out
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, max)
    .map((x) => x.n);
}

/** ` — did you mean 'a' or 'b'?` for the suggestions (duplicates by case dropped), or "". */
export function didYouMean(suggestions: readonly string[]): string {
  const seen = new Set<string>();
  const unique = suggestions.filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()));
  if (unique.length === 0) return "";
  return ` — did you mean ${unique.map((s) => `'${s}'`).join(" or ")}?`;
}
