// Worker thread entry for Node: loads the TypeScript worker through tsx (as bin/prescreen.mjs does).
import { tsImport } from "tsx/esm/api";

await tsImport("./node-worker.ts", import.meta.url);
