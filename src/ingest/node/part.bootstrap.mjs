// Loads the TypeScript part worker in a Node worker thread (tsx compiles it on the fly).
import { register } from "tsx/esm/api";

register();
await import("./part.worker.ts");
