import { mount } from "svelte";
import { prepareWorkers } from "./app/workers.ts";
import { solverModule } from "./app/solver.ts";
import { builtinProtocols } from "./protocols/index.ts";
import App from "./ui/App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");
// worker scripts are fetched now, so nothing is requested once the app is ready; the evaluation
// workers warm up on the protocol the app opens with
// the report's solver (WebAssembly) is fetched and compiled now too, for the same reason; a
// failure shows in the report, which then cannot be made (never published unaudited)
const ready = Promise.all([
  prepareWorkers(builtinProtocols[0]),
  solverModule().catch(() => undefined),
]).then(() => undefined);
(globalThis as unknown as { __ready?: Promise<void> }).__ready = ready;
export default mount(App, { target });
