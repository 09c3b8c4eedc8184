/**
 * A spreadsheet's rectangle selection, kept as data: an anchor cell and a focus cell in
 * display coordinates (row = position in the shown order, col = position among the shown
 * columns). ag-grid-community has no range selection; the grid component feeds this module
 * from ag-grid's API (focused cell, shown columns, shown row count) and paints the cells it
 * reports as inside. Copying reads values through a `SheetSource`, never from the DOM, so a
 * range reaching rows that are not rendered (Ctrl+A over 1M rows) copies them too.
 *
 * @example
 * const r = extend(single(2, 1), 2, 3, 100, 10); // rows 2-4, columns 1-4
 * rangeTsv(source, r); // "Patient\tStatus…\nLN1\tEligible…\n…"
 */

export interface Cell {
  row: number;
  col: number;
}

export interface Range {
  anchor: Cell;
  focus: Cell;
}

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** What a copy reads: the shown columns in order, the shown row count, one cell's text. */
export interface SheetSource {
  rowCount: number;
  columns: readonly { id: string; header: string }[];
  text(row: number, colId: string): string;
}

export function single(row: number, col: number): Range {
  return { anchor: { row, col }, focus: { row, col } };
}

export function box(r: Range): Box {
  return {
    top: Math.min(r.anchor.row, r.focus.row),
    bottom: Math.max(r.anchor.row, r.focus.row),
    left: Math.min(r.anchor.col, r.focus.col),
    right: Math.max(r.anchor.col, r.focus.col),
  };
}

export function contains(r: Range | null, row: number, col: number): boolean {
  if (!r) return false;
  const b = box(r);
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

export function isSingle(r: Range): boolean {
  return r.anchor.row === r.focus.row && r.anchor.col === r.focus.col;
}

const clamp = (x: number, hi: number) => Math.max(0, Math.min(hi - 1, x));

/** Moves the focus by (dRow, dCol), as Shift+arrow does; the anchor stays. */
export function extend(r: Range, dRow: number, dCol: number, nRows: number, nCols: number): Range {
  return {
    anchor: r.anchor,
    focus: { row: clamp(r.focus.row + dRow, nRows), col: clamp(r.focus.col + dCol, nCols) },
  };
}

/** Every shown row and column (Ctrl+A). */
export function all(nRows: number, nCols: number): Range | null {
  if (nRows <= 0 || nCols <= 0) return null;
  return { anchor: { row: 0, col: 0 }, focus: { row: nRows - 1, col: nCols - 1 } };
}

/** Keeps a range inside a sheet that shrank (a filter, hidden columns); null when empty. */
export function fit(r: Range | null, nRows: number, nCols: number): Range | null {
  if (!r || nRows <= 0 || nCols <= 0) return null;
  const f = (c: Cell) => ({ row: clamp(c.row, nRows), col: clamp(c.col, nCols) });
  return { anchor: f(r.anchor), focus: f(r.focus) };
}

/** A value as a spreadsheet reads it from the clipboard: quoted when it holds a tab, newline or quote. */
export function tsvCell(s: string): string {
  return /[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The range as tab-separated text, as a spreadsheet copies it: one cell copies its value
 * alone; a larger range starts with a line of column headers.
 */
export function rangeTsv(src: SheetSource, r: Range): string {
  const b = box(fit(r, src.rowCount, src.columns.length) ?? r);
  const cols = src.columns.slice(b.left, b.right + 1);
  if (cols.length === 0 || b.top >= src.rowCount) return "";
  if (isSingle(r)) return src.text(b.top, cols[0]!.id);
  const lines = [cols.map((c) => tsvCell(c.header)).join("\t")];
  for (let row = b.top; row <= Math.min(b.bottom, src.rowCount - 1); row++)
    lines.push(cols.map((c) => tsvCell(src.text(row, c.id))).join("\t"));
  return lines.join("\n") + "\n";
}
