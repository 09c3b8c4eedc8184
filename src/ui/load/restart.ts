import type { Flow } from "../../app/flow.svelte.ts";

/**
 * Starts over, asking first (in the page) when a mapping or a screen would be lost: the file
 * would have to be read and mapped again.
 */
export async function askThenRestart(flow: Flow): Promise<void> {
  if (
    flow.hasWork &&
    !(await flow.ask(
      "Start again? The mapping and the screen of this file will be lost.",
      "Start again",
    ))
  )
    return;
  flow.restart();
}
