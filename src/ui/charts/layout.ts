/** Small geometry helpers shared by the charts; pure so they can be tested without rendering. */

export interface Segment {
  x: number;
  width: number;
}

/**
 * Lays values end to end along `width` pixels, scaled so that `whole` fills it
 * (whole defaults to the values' sum; a larger sum wins so nothing overflows).
 * @example stack([1, 3], 100) // [{x: 0, width: 25}, {x: 25, width: 75}]
 */
export function stack(values: readonly number[], width: number, whole?: number): Segment[] {
  const sum = values.reduce((a, v) => a + Math.max(0, v), 0);
  const denom = Math.max(sum, whole ?? 0);
  let x = 0;
  return values.map((v) => {
    const w = denom > 0 ? (Math.max(0, v) / denom) * width : 0;
    const seg = { x: round(x), width: round(w) };
    x += w;
    return seg;
  });
}

/** Rounds to 1/100 px: stable markup for snapshots, invisible on screen. */
export function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * Moves the item at `from` to position `to`, returning a new array.
 * @example move([0, 1, 2], 0, 2) // [1, 2, 0]
 */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const out = items.slice();
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item as T);
  return out;
}

/** The row slot a pointer at `y` falls into, for rows of `rowHeight` starting at `top`. */
export function slotAt(y: number, top: number, rowHeight: number, rows: number): number {
  if (rows <= 0 || rowHeight <= 0) return 0;
  return Math.max(0, Math.min(rows - 1, Math.floor((y - top) / rowHeight)));
}

/** Shortens `text` to about `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)).trimEnd() + "…";
}

/** Whether `text` at about `charWidth` px per character fits in `width` px with some padding. */
export function fits(text: string, width: number, charWidth = 6.8): boolean {
  return text.length * charWidth + 10 <= width;
}

/**
 * The items with the first of each key kept: keyed {#each} blocks throw on duplicate keys,
 * and a chart should draw what it can rather than take the page down.
 * @example uniqueBy([{ v: 1 }, { v: 1 }], (p) => p.v) // [{ v: 1 }]
 */
export function uniqueBy<T, K>(items: readonly T[], key: (item: T) => K): T[] {
  const seen = new Set<K>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The pattern laid over a mark so states read apart in greyscale: hatched for needs review and
 * unknown, dotted for ineligible, dark stripes for failing alone; "" for a plain fill.
 */
export function patternOf(kind: string): "" | "hatch" | "dots" | "stripe" {
  if (kind === "needs-review" || kind === "unknown") return "hatch";
  if (kind === "ineligible") return "dots";
  if (kind === "alone") return "stripe";
  return "";
}

/**
 * One row of the funnel and of the subgroup bars: its height before a compact label, the bar's
 * height and the space above the first row, shared so the two charts' rows look the same.
 */
export const BAR_ROW = { height: 30, bar: 20, top: 4 } as const;

/** Width the charts lay out at before (or without) measuring their container, e.g. on the server. */
export const DEFAULT_WIDTH = 560;

/** The width to lay a chart out at: its box's measured width, 0 while hidden or not laid out yet,
 *  when the default keeps geometry sane. */
export const chartWidth = (measured: number): number => (measured > 0 ? measured : DEFAULT_WIDTH);
