import { mount } from "svelte";
import { prepareWorkers } from "./app/workers.ts";
import App from "./ui/App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");
// worker scripts are fetched now, so nothing is requested once the app is ready
const ready = prepareWorkers();
(globalThis as unknown as { __ready?: Promise<void> }).__ready = ready;
export default mount(App, { target });
