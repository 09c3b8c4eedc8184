/**
 * HiGHS (the `highs` package: the HiGHS solver compiled to WebAssembly) loaded once per
 * process or page. Loading is asynchronous (the module is compiled); solving is synchronous.
 * Node finds highs.wasm beside the package; the browser app passes the bytes or their URL
 * (src/app/solver.ts), since a bundled page cannot rely on the package's own lookup.
 */
import loadHighs, { type Highs, type InitOptions } from "highs";

let loading: Promise<Highs> | undefined;
let loaded: Highs | undefined;

/** Loads the solver (once); later calls return the same instance. */
export function loadSolver(init?: InitOptions): Promise<Highs> {
  loading ??= loadHighs(init).then((h) => (loaded = h));
  return loading;
}

/** The solver if it has been loaded, else undefined. */
export function loadedSolver(): Highs | undefined {
  return loaded;
}

export type { Highs };
