// Plain-JavaScript bundles of TypeScript entry points, for Node processes and worker threads
// that should not run through tsx: a tsx process or worker registers module hooks, which Node
// runs on a thread of their own (~35-40 MB and ~0.3 s each). An entry is bundled once with
// esbuild (a dependency; tsx's own compiler) into node_modules/.cache/cohort-prescreener/ (npm
// packages stay imports, resolved from node_modules) and rebuilt when any of its inputs
// changed. Callers fall back to tsx when bundling fails (e.g. a read-only node_modules).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** the project's root folder: bundled code finds its sources through `__PRESCREEN_ROOT__` */
/* global __PRESCREEN_ROOT__ */
const ROOT =
  typeof __PRESCREEN_ROOT__ === "string"
    ? __PRESCREEN_ROOT__
    : dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Path of a runnable ES module bundling the TypeScript file `src` (absolute path) and
 * everything it imports. Throws when esbuild is unavailable or the build fails.
 *
 * @param {string} src absolute path of the entry point
 * @param {string} name a short name for the cached file
 * @returns {Promise<string>}
 */
export async function bundleScript(src, name) {
  if (process.env.PRESCREEN_NO_BUNDLE === "1") throw new Error("bundles turned off");
  const dir = join(ROOT, "node_modules", ".cache", "cohort-prescreener");
  const out = join(dir, `${name}.mjs`);
  const stampPath = `${out}.json`;
  if (fresh(out, stampPath)) return out;
  const { build } = await import("esbuild");
  const here = dirname(src);
  const r = await build({
    entryPoints: [src],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: here,
    // npm packages are imported from node_modules (the bundle sits below it)
    packages: "external",
    // in a bundle every module's import.meta.url is the bundle's: code that finds files next to
    // its source uses this instead
    define: { __PRESCREEN_ROOT__: JSON.stringify(ROOT) },
  });
  const file = r.outputFiles[0];
  if (!file) throw new Error("esbuild wrote nothing");
  mkdirSync(dir, { recursive: true });
  // written aside and renamed: another process may be reading or writing the same bundle
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  const inputs = Object.keys(r.metafile.inputs).map((p) => join(here, p));
  writeFileSync(`${stampPath}.${process.pid}.tmp`, JSON.stringify({ inputs }));
  renameSync(`${stampPath}.${process.pid}.tmp`, stampPath);
  renameSync(tmp, out);
  return out;
}

/** The bundle exists and none of its inputs changed after it was written. */
function fresh(out, stampPath) {
  try {
    const built = statSync(out).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(stampPath, "utf8"));
    return inputs.length > 0 && inputs.every((p) => statSync(p).mtimeMs < built);
  } catch {
    return false;
  }
}
