/**
 * What the grid shows: status / per-criterion verdict filters, quick search on the patient id,
 * the chart selection, raw columns on or off. All filters combine into one row mask that the
 * grid's external filter reads, so filtering 1M rows is one typed-array pass.
 */
import type { CategoryColumn, Column } from "../engine/types.ts";
import type { ScreenState } from "./screen.svelte.ts";
import { filterLabel } from "./summary.ts";
import { own } from "../engine/user-keys.ts";

export class GridView {
  /** status codes to show; empty = all */
  statuses: number[] = $state([]);
  /** per-criterion verdict filter */
  criterion = $state(-1);
  verdict = $state(-1);
  search = $state("");
  showRaw = $state(false);
  /** raw columns beside the first criterion that reads them (else after all criteria) */
  rawBeside = $state(true);
  /** grid column ids hidden with the column chooser */
  hidden: string[] = $state([]);
  /** the grid's sort model (for "export the rows shown" in the same order) */
  sortModel: { colId: string; sort: "asc" | "desc" }[] = $state.raw([]);
  /** what the rectangle selection covers, in words ("" = nothing selected) */
  selection = $state("");

  /** only the rows that fail exactly one criterion ("near miss") */
  nearMiss = $state(false);

  constructor(private screen: ScreenState) {}

  /** Per row, how many criteria in force it fails (the grid's "✗ n" column; capped at 255). */
  failCounts = $derived.by((): Uint8Array => {
    const s = this.screen;
    void s.version;
    const n = s.table.nRows;
    const out = new Uint8Array(n);
    s.verdicts.forEach((v, k) => {
      if (s.enabled[k] === false) return;
      for (let i = 0; i < n; i++) if (v[i] === 1 && out[i]! < 255) out[i]!++;
    });
    return out;
  });

  idColumn = $derived.by((): Column | undefined => {
    const name = this.screen.protocol.idVariable ?? "patient_id";
    return own(this.screen.table.columns, name);
  });

  mask = $derived.by((): Uint8Array | null => {
    const s = this.screen;
    const n = s.table.nRows;
    const parts: Uint8Array[] = [];
    if (s.filterMask) parts.push(s.filterMask);
    if (this.statuses.length) {
      const want = new Uint8Array(3);
      for (const x of this.statuses) want[x] = 1;
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = want[s.status[i]!]!;
      parts.push(m);
    }
    const v = s.verdicts[this.criterion];
    if (v && this.verdict >= 0) {
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = v[i] === this.verdict ? 1 : 0;
      parts.push(m);
    }
    if (this.nearMiss) {
      const f = this.failCounts;
      const m = new Uint8Array(n);
      for (let i = 0; i < n; i++) m[i] = f[i] === 1 ? 1 : 0;
      parts.push(m);
    }
    const q = this.search.trim().toLowerCase();
    if (q) parts.push(searchMask(this.idColumn, q, n));
    if (parts.length === 0) return null;
    const out = parts[0]!.slice();
    for (const p of parts.slice(1)) for (let i = 0; i < n; i++) out[i] = out[i]! & p[i]!;
    return out;
  });

  shown = $derived.by(() => {
    const m = this.mask;
    if (!m) return this.screen.table.nRows;
    let c = 0;
    for (let i = 0; i < m.length; i++) c += m[i]!;
    return c;
  });

  /** Words for the active filters, for the chip row above the grid. */
  chips = $derived.by(() => {
    const s = this.screen;
    const out: { key: string; label: string }[] = [];
    if (s.filter) out.push({ key: "chart", label: filterLabel(s.filter, s.ids) });
    const words = ["eligible", "needs review", "ineligible"];
    if (this.statuses.length)
      out.push({
        key: "status",
        label: `status: ${this.statuses.map((x) => words[x]).join(", ")}`,
      });
    if (this.criterion >= 0 && this.verdict >= 0)
      out.push({
        key: "verdict",
        label: `${s.ids[this.criterion]}: ${["pass", "fail", "unknown", "site-assessed"][this.verdict]}`,
      });
    if (this.nearMiss) out.push({ key: "near", label: "near miss: fails exactly one criterion" });
    if (this.search.trim())
      out.push({ key: "search", label: `id contains "${this.search.trim()}"` });
    return out;
  });

  clear(key: string) {
    if (key === "chart") this.screen.filter = null;
    else if (key === "status") this.statuses = [];
    else if (key === "verdict") {
      this.criterion = -1;
      this.verdict = -1;
    } else if (key === "search") this.search = "";
  }

  clearAll() {
    for (const k of ["chart", "status", "verdict", "search", "near"]) this.clear(k);
  }
}

function searchMask(col: Column | undefined, q: string, n: number): Uint8Array {
  const m = new Uint8Array(n);
  if (!col) return m;
  if (col.kind === "category") return categorySearch(col, q, n);
  if (col.kind === "number")
    for (let i = 0; i < n; i++) m[i] = String(col.lo[i]).includes(q) ? 1 : 0;
  return m;
}

function categorySearch(col: CategoryColumn, q: string, n: number): Uint8Array {
  const hit = new Uint8Array(col.dict.length);
  col.dict.forEach((d, c) => (hit[c] = d.toLowerCase().includes(q) ? 1 : 0));
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = col.codes[i]!;
    m[i] = c >= 0 ? hit[c]! : 0;
  }
  return m;
}
