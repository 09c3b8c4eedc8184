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

/**
 * Loads the solver from an already compiled module (a page or worker that has one: no fetch,
 * no second compilation); the same instance for later calls in this process or worker.
 */
export function loadSolverFrom(module: WebAssembly.Module): Promise<Highs> {
  const instantiateWasm = (
    imports: WebAssembly.Imports,
    done: (instance: WebAssembly.Instance) => void,
  ) => {
    void WebAssembly.instantiate(module, imports).then((instance) => done(instance));
    return {};
  };
  return loadSolver({ instantiateWasm } as unknown as InitOptions);
}

/** The solver if it has been loaded, else undefined. */
export function loadedSolver(): Highs | undefined {
  return loaded;
}

export type { Highs };
