/**
 * Criterion column header: id + short label, failure count, full protocol text as tooltip.
 * Headers update themselves in place after a what-if (no column-definition rebuild), through
 * the `HeaderBoard` that the grid component refreshes.
 */
import type { IHeaderComp, IHeaderParams } from "ag-grid-community";

export interface HeaderInfo {
  title: string;
  sub: string;
  tooltip: string;
  off: boolean;
  /** the rule differs from the protocol as written */
  edited?: boolean;
}

export class HeaderBoard {
  private live = new Set<CriterionHeader>();
  constructor(public info: (colId: string) => HeaderInfo | undefined) {}
  add(h: CriterionHeader) {
    this.live.add(h);
  }
  remove(h: CriterionHeader) {
    this.live.delete(h);
  }
  refresh() {
    for (const h of this.live) h.update();
  }
}

export interface CriterionHeaderParams extends IHeaderParams {
  board: HeaderBoard;
}

export class CriterionHeader implements IHeaderComp {
  private el!: HTMLDivElement;
  private title!: HTMLSpanElement;
  private sub!: HTMLSpanElement;
  private sort!: HTMLSpanElement;
  private params!: CriterionHeaderParams;
  private onSort = () => this.showSort();
  // sortable is asked at click time: `enableSorting` at init was seen false (header clicks on
  // criterion columns never sorted)
  private onClick = (e: MouseEvent) => {
    if (this.params.column.isSortable()) this.params.progressSort(e.shiftKey);
  };

  init(params: CriterionHeaderParams): void {
    this.params = params;
    this.el = document.createElement("div");
    this.el.className = "crit-header";
    this.title = document.createElement("span");
    this.title.className = "crit-title";
    this.sub = document.createElement("span");
    this.sub.className = "crit-sub";
    this.sort = document.createElement("span");
    this.sort.className = "crit-sort";
    this.sort.setAttribute("aria-hidden", "true");
    this.el.append(this.title, this.sub, this.sort);
    this.el.addEventListener("click", this.onClick);
    params.column.addEventListener("sortChanged", this.onSort);
    params.board.add(this);
    this.update();
    this.showSort();
  }

  getGui(): HTMLElement {
    return this.el;
  }

  refresh(params: CriterionHeaderParams): boolean {
    this.params = params;
    this.update();
    return true;
  }

  update(): void {
    const info = this.params.board.info(this.params.column.getColId());
    if (!info) return;
    this.title.textContent = info.title;
    this.sub.textContent = info.sub;
    this.el.title = info.tooltip;
    this.el.classList.toggle("off", info.off);
    this.el.classList.toggle("edited", !!info.edited);
  }

  private showSort(): void {
    const s = this.params.column.getSort();
    this.sort.textContent = s === "asc" ? "▲" : s === "desc" ? "▼" : "";
  }

  destroy(): void {
    this.el.removeEventListener("click", this.onClick);
    this.params.column.removeEventListener("sortChanged", this.onSort);
    this.params.board.remove(this);
  }
}
