/**
 * Which criterion a grid event came from: ag-grid marks cells and header cells with a `col-id`
 * attribute, and criterion columns are `c:<id>`. Lets the screen follow the grid's focus into
 * the formula bar without reaching into the grid component.
 */
export function criterionAt(target: EventTarget | null): string | null {
  const el =
    typeof Element !== "undefined" && target instanceof Element ? target.closest("[col-id]") : null;
  const col = el?.getAttribute("col-id") ?? "";
  return col.startsWith("c:") ? col.slice(2) : null;
}
