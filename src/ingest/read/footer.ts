/**
 * Footer rows: totals and notes below the data. A short row with one filled cell or a totals
 * word first, a full row whose first filled cell (of its first two) is a totals word, and a row
 * of empty cells only (`;;;`, a spreadsheet's emptied row) are held while only such rows (or blank lines) follow; at the file's end they are the footer,
 * reported with their lines and not read; followed by a data row they are rows (a patient whose
 * id is "Total" in the middle of the data stays a patient).
 *
 * @example
 * totalsRow(["Total", "400", "12.5"]) // true
 * totalsRow(["P1", "Total"]) // false
 */

/** Words that start a totals row (any case, the word alone or before `:`, `(`, a space ...). */
const TOTALS =
  /^(totals?|sum|summe|gesamt|insgesamt|gesamtsumme|total général|total general|somme|totale|totaal|totaal generaal|suma|suma total|合计|总计|合計|總計|小计|計|count|anzahl|n)(?=$|[\s:;,.=|(])/iu;
/** a full row's totals words: not `n` (a full row starting with N is a yes/no or an id) */
const FULL_TOTALS =
  /^(totals?|sum|summe|gesamt|insgesamt|gesamtsumme|total général|total general|somme|totale|totaal|suma|合计|总计|合計|總計|小计|count|anzahl)(?=$|[\s:;,.=|(])/iu;

/** A short row that may be a footer: one filled cell, or a totals word first. */
export function footerLike(row: readonly string[]): boolean {
  let filled = 0;
  let first = "";
  for (const c of row) {
    const t = c.trim();
    if (t === "") continue;
    if (filled === 0) first = t;
    filled++;
  }
  return filled === 1 || (filled > 0 && TOTALS.test(first));
}

/** A row (of any length) whose first filled cell, among its first two, is a totals word. */
export function totalsRow(row: readonly string[]): boolean {
  for (let k = 0; k < 2 && k < row.length; k++) {
    const t = row[k]!.trim();
    if (t !== "") return FULL_TOTALS.test(t);
  }
  return false;
}

/** A row of two or more cells that are all blank (a spreadsheet's emptied row: `;;;`). */
export function emptyRow(row: readonly string[]): boolean {
  if (row.length < 2) return false;
  for (const c of row) if (c.trim() !== "") return false;
  return true;
}

/**
 * Where the run of totals rows (and blank lines among and after them) that ends the complete
 * lines text[from, stop) starts (`stop`: after a newline, or the text's end); `stop` when the last non-blank line is not a totals row. The
 * fast path leaves those lines to the row-by-row path (or to the next chunk), which holds them.
 */
export function footerStart(
  text: string,
  from: number,
  stop: number,
  delimiter: string,
  nl: string,
): number {
  let cut = stop;
  let end = stop;
  while (end > from) {
    // the line text[s, e) (without its newline; the text's last may have none)
    const e = text.endsWith(nl, end) ? end - nl.length : end;
    const s = e === from ? from : Math.min(e, Math.max(from, text.lastIndexOf(nl, e - 1) + 1));
    end = s;
    const line = text.substring(s, e);
    if (line.trim() === "") continue;
    // (a line of delimiters only: an emptied row, held like a footer)
    if (line.split(delimiter).join("").trim() !== "" && !totalsRow(firstCells(line, delimiter)))
      break;
    cut = s;
  }
  return cut;
}

/** a line's first two cells, their quotes taken off (enough to find a totals word) */
function firstCells(line: string, delimiter: string): string[] {
  const unquote = (c: string) => c.trim().replace(/^"|"$/g, "");
  const a = line.indexOf(delimiter);
  if (a === -1) return [unquote(line)];
  const b = line.indexOf(delimiter, a + 1);
  return [
    unquote(line.substring(0, a)),
    unquote(line.substring(a + 1, b === -1 ? line.length : b)),
  ];
}
