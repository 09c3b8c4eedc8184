/** Keyboard helpers shared by the charts' focusable marks. */

const MARKS = '[role="button"][tabindex="0"]';

/**
 * Moves focus to the previous or next mark of the same chart on a plain arrow key
 * (Up/Left back, Down/Right forward), so a long chart need not be walked with Tab.
 * Returns true when it handled the key.
 */
export function arrowNavigate(event: KeyboardEvent): boolean {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  const step =
    event.key === "ArrowDown" || event.key === "ArrowRight"
      ? 1
      : event.key === "ArrowUp" || event.key === "ArrowLeft"
        ? -1
        : 0;
  const here = event.currentTarget;
  if (step === 0 || !(here instanceof Element)) return false;
  const chart = here.closest(".chart");
  if (!chart) return false;
  const marks = [...chart.querySelectorAll<SVGElement | HTMLElement>(MARKS)];
  const next = marks[marks.indexOf(here as SVGElement) + step];
  event.preventDefault();
  next?.focus();
  return true;
}

/** Runs `action` on Enter or Space (and stops Space from scrolling the page); arrows navigate. */
export function onActivate(action: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      action();
    } else {
      arrowNavigate(event);
    }
  };
}
