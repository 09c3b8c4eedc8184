#!/usr/bin/env node
// The command line. It runs from a cached plain-JavaScript bundle of src/cli/main.ts (bundle.mjs:
// no tsx module-hooks thread, ~40 MB less and a faster start); through tsx when bundling fails,
// so `npx prescreen` works right after `npm install` either way.
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleScript } from "./bundle.mjs";

const entry = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
let main;
try {
  ({ main } = await import(pathToFileURL(await bundleScript(entry, "prescreen")).href));
} catch {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
