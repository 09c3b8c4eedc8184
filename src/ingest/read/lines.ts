/**
 * Each data row's physical line, kept as the few places where the step between rows is not one
 * line (title lines above the header, blank lines skipped, quoted cells that span lines, a
 * malformed quote's rows): for row r, the last entry at or before r gives its line plus the
 * rows since. Plain arrays, so a part's map crosses threads and merges with offsets.
 *
 * @example
 * const m = new LineMapBuilder(); m.note(0, 2); m.note(1, 3); m.note(2, 6);
 * lineOfRow(m.result(), 3) // 7
 */

/** rows[k] (ascending) starts at lines[k]; the rows after it follow line by line */
export interface RowLines {
  rows: number[];
  lines: number[];
}

export class LineMapBuilder {
  private readonly rows: number[] = [];
  private readonly lines: number[] = [];
  private delta = NaN;

  /** Row `row` is on line `line` (a no-op while rows follow line by line). */
  note(row: number, line: number): void {
    if (line - row === this.delta) return;
    const k = this.rows.length - 1;
    if (k >= 0 && this.rows[k] === row) this.lines[k] = line;
    else {
      this.rows.push(row);
      this.lines.push(line);
    }
    this.delta = line - row;
  }

  /** Rows [row0, row0 + lines.length) are on `lines` (a batch of the PapaParse path). */
  noteBatch(row0: number, lines: readonly number[]): void {
    for (let r = 0; r < lines.length; r++)
      if (lines[r]! - (row0 + r) !== this.delta) this.note(row0 + r, lines[r]!);
  }

  result(): RowLines {
    return { rows: this.rows, lines: this.lines };
  }
}

/** The physical line of 0-based data row `row` (row + 2 when no map: the header on line 1). */
export function lineOfRow(map: RowLines | undefined, row: number): number {
  if (!map || map.rows.length === 0 || row < map.rows[0]!) return row + 2;
  let lo = 0;
  let hi = map.rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.rows[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return map.lines[lo]! + (row - map.rows[lo]!);
}

/** The parts' maps as one (rows and lines shifted by each part's offsets). */
export function mergeRowLines(
  maps: readonly (RowLines | undefined)[],
  offsets: readonly { rows: number; lines: number }[],
): RowLines {
  const out = new LineMapBuilder();
  maps.forEach((m, k) => {
    const o = offsets[k]!;
    if (!m) return;
    for (let e = 0; e < m.rows.length; e++) out.note(m.rows[e]! + o.rows, m.lines[e]! + o.lines);
  });
  return out.result();
}
