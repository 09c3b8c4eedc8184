/**
 * Loads the report's solver (HiGHS in WebAssembly) in the page. The bundler emits highs.wasm as
 * an asset of the app (same origin, allowed by connect-src 'self'); the single-file build
 * inlines it as a data: URL, which is decoded here rather than fetched (connect-src does not
 * allow data:). Compiling it needs 'wasm-unsafe-eval' in the CSP, nothing more.
 */
import wasmUrl from "highs/runtime?url";
import { loadSolver, type Highs } from "../engine/report/index.ts";

export function loadPageSolver(): Promise<Highs> {
  if (wasmUrl.startsWith("data:")) {
    const b64 = wasmUrl.slice(wasmUrl.indexOf(",") + 1);
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    // compiled here: this build of the loader ignores `wasmBinary` and would fetch the data: URL
    const instantiateWasm = (
      imports: WebAssembly.Imports,
      done: (instance: WebAssembly.Instance) => void,
    ) => {
      void WebAssembly.instantiate(bytes, imports).then((r) => done(r.instance));
      return {};
    };
    return loadSolver({ instantiateWasm } as unknown as Parameters<typeof loadSolver>[0]);
  }
  return loadSolver({ locateFile: () => wasmUrl });
}
