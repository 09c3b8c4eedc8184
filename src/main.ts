import { mount } from "svelte";
import { prepareWorkers } from "./app/workers.ts";
import { builtinProtocols } from "./protocols/index.ts";
import App from "./ui/App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");
// worker scripts are fetched now, so nothing is requested once the app is ready; the evaluation
// workers warm up on the protocol the app opens with
const ready = prepareWorkers(builtinProtocols[0]);
(globalThis as unknown as { __ready?: Promise<void> }).__ready = ready;
export default mount(App, { target });
