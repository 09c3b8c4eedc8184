/**
 * Dialect sniffing from a text sample: delimiter (by consistent field counts, quote aware)
 * and newline style.
 *
 * @example
 * sniffDelimiter("a;b\n1,5;2\n") // ";"
 */
import type { Delimiter } from "../types.ts";

export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t", "|"];

/** Field counts of the first complete records of `sample` for one delimiter (quotes respected). */
export function fieldCounts(sample: string, delim: string, maxRecords = 50): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let atFieldStart = true;
  for (let i = 0; i < sample.length && counts.length < maxRecords; i++) {
    const c = sample[i];
    if (inQuotes) {
      if (c === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
    } else if (c === delim) {
      fields++;
      atFieldStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && sample[i + 1] === "\n") i++;
      counts.push(fields);
      fields = 1;
      atFieldStart = true;
    } else atFieldStart = false;
  }
  return counts;
}

/** Picks the delimiter whose field count is most consistent (and > 1); comma when nothing fits. */
export function sniffDelimiter(sample: string): Delimiter {
  let best: Delimiter = ",";
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = fieldCounts(sample, d);
    if (counts.length === 0) {
      // a single line without newline: count fields in it
      const n = fieldCounts(sample + "\n", d)[0] ?? 1;
      if (n > 1 && n > bestScore) {
        best = d;
        bestScore = n;
      }
      continue;
    }
    // the table's width is the most common count (title or note lines above the header have
    // fewer cells; blank lines one)
    const header = mostCommon(counts.filter((n, k) => n > 1 || k === 0));
    if (header < 2) continue;
    const same = counts.filter((n) => n === header).length;
    // consistency first, then more fields
    const score = (same / counts.length) * 1000 + Math.min(header, 999) / 1000;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** The most common value (the larger one on a tie; 1 when there is none). */
function mostCommon(xs: number[]): number {
  const freq = new Map<number, number>();
  let best = 1;
  let bestF = 0;
  for (const x of xs) {
    const f = (freq.get(x) ?? 0) + 1;
    freq.set(x, f);
    if (f > bestF || (f === bestF && x > best)) [best, bestF] = [x, f];
  }
  return best;
}

/** The first newline style outside quotes: "\r\n", "\n" or "\r" ("\n" when none). */
export function sniffNewline(sample: string): "\n" | "\r\n" | "\r" {
  let inQuotes = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === "\r") return sample[i + 1] === "\n" ? "\r\n" : "\r";
    else if (!inQuotes && c === "\n") return "\n";
  }
  return "\n";
}
