import type { Flow } from "../../app/flow.svelte.ts";

/**
 * Starts over, asking first when a mapping or a screen would be lost (the file would have to
 * be read and mapped again).
 */
export function askThenRestart(flow: Flow): void {
  if (
    (flow.phase === "mapping" || flow.phase === "screen") &&
    !globalThis.confirm("Start again? The mapping and the screen of this file will be lost.")
  )
    return;
  flow.restart();
}
