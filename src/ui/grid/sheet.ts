/**
 * The grid as a spreadsheet over ag-grid's API: a rectangle selection (mouse drag,
 * Shift+click, Shift+arrows, Ctrl+A for every shown row) and Ctrl+C as tab-separated text.
 * Positions come from the API (focused cell, displayed columns); values from the screen's
 * arrays through the shown order, so copying never reads the DOM and works for rows that are
 * not rendered. The range logic itself is in range.ts.
 */
import type { Column as AgColumn, GridApi } from "ag-grid-community";
import { all, box, contains, extend, fit, rangeTsv, single, type Range } from "./range.ts";

export interface SheetHooks<R> {
  /** the shown order: display row -> data row */
  order(): Int32Array;
  /** a cell's copied text for data row `i` */
  text(colId: string, i: number): string;
  /** the column's header text for a copy */
  header(col: AgColumn<R>): string;
  /** the selection changed (repaint, announce) */
  changed(range: Range | null): void;
}

export class Sheet<R> {
  range: Range | null = null;
  private dragging = false;

  constructor(
    private api: GridApi<R>,
    private hooks: SheetHooks<R>,
  ) {}

  private columns(): AgColumn<R>[] {
    return this.api.getAllDisplayedColumns();
  }

  private colIndex(colId: string): number {
    return this.columns().findIndex((c) => c.getColId() === colId);
  }

  has(row: number | null | undefined, colId: string | undefined): boolean {
    if (row == null || colId === undefined || !this.range) return false;
    return contains(this.range, row, this.colIndex(colId));
  }

  /** Column ids inside the range (for repainting only those). */
  columnIds(): string[] {
    if (!this.range) return [];
    const b = box(this.range);
    return this.columns()
      .slice(b.left, b.right + 1)
      .map((c) => c.getColId());
  }

  private set(r: Range | null) {
    this.range = r;
    this.hooks.changed(r);
  }

  clear() {
    if (this.range) this.set(null);
  }

  /** The shown rows or columns changed: keep the range inside them. */
  refit() {
    if (this.range) this.set(fit(this.range, this.hooks.order().length, this.columns().length));
  }

  mouseDown(row: number, colId: string, shift: boolean) {
    const col = this.colIndex(colId);
    if (col < 0) return;
    this.dragging = true;
    if (shift && this.range) this.set({ anchor: this.range.anchor, focus: { row, col } });
    else this.set(single(row, col));
  }

  mouseOver(row: number, colId: string, buttons: number) {
    if (!this.dragging || !this.range) return;
    if (!(buttons & 1)) {
      this.dragging = false;
      return;
    }
    const col = this.colIndex(colId);
    if (col < 0) return;
    if (this.range.focus.row !== row || this.range.focus.col !== col)
      this.set({ anchor: this.range.anchor, focus: { row, col } });
  }

  mouseUp() {
    this.dragging = false;
  }

  /** Handles Shift+arrows, Ctrl+A and Ctrl+C on a focused cell; true when it was one. */
  key(e: KeyboardEvent): boolean {
    const ctrl = e.ctrlKey || e.metaKey;
    const k = e.key.toLowerCase();
    if (ctrl && !e.altKey && k === "a") {
      this.set(all(this.hooks.order().length, this.columns().length));
      return true;
    }
    if (ctrl && !e.altKey && k === "c") {
      const r = this.range ?? this.focusedRange();
      if (r) void writeClipboard(this.copyText(r));
      return true;
    }
    const d = ARROWS[e.key];
    if (e.shiftKey && !ctrl && d) {
      const r = this.range ?? this.focusedRange();
      if (!r) return false;
      const cols = this.columns();
      const next = extend(r, d[0], d[1], this.hooks.order().length, cols.length);
      this.set(next);
      const col = cols[next.focus.col]!;
      this.api.ensureIndexVisible(next.focus.row);
      this.api.ensureColumnVisible(col);
      this.api.setFocusedCell(next.focus.row, col);
      return true;
    }
    return false;
  }

  /** The range as a spreadsheet copies it (see rangeTsv). */
  copyText(r: Range | null = this.range): string {
    if (!r) return "";
    const order = this.hooks.order();
    return rangeTsv(
      {
        rowCount: order.length,
        columns: this.columns().map((c) => ({ id: c.getColId(), header: this.hooks.header(c) })),
        text: (row, colId) => this.hooks.text(colId, order[row]!),
      },
      r,
    );
  }

  private focusedRange(): Range | null {
    const f = this.api.getFocusedCell();
    if (!f || f.rowPinned) return null;
    const col = this.colIndex(f.column.getColId());
    return col < 0 ? null : single(f.rowIndex, col);
  }
}

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * Puts text on the clipboard from a key press: the page's own copy event first (works on
 * file:// and without the async clipboard permission), the async clipboard API otherwise.
 */
export async function writeClipboard(text: string): Promise<void> {
  let done = false;
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData("text/plain", text);
    e.preventDefault();
    done = true;
  };
  document.addEventListener("copy", onCopy, true);
  try {
    document.execCommand("copy");
  } finally {
    document.removeEventListener("copy", onCopy, true);
  }
  if (!done) await navigator.clipboard?.writeText(text);
}
