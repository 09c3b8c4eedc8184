/** Keyboard helpers shared by the charts' focusable marks. */

/** Runs `action` on Enter or Space (and stops Space from scrolling the page). */
export function onActivate(action: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      action();
    }
  };
}
