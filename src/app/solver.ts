/**
 * The report's solver (HiGHS in WebAssembly) in the app. The bundler emits highs.wasm as an
 * asset of the app (same origin, allowed by connect-src 'self'); the single-file build inlines
 * it as a data: URL, which is decoded here rather than fetched (connect-src does not allow
 * data:). It is compiled once, at start-up (`solverModule`); the compiled module is what the
 * audit worker (src/app/report-audit.ts) and, without workers, the page instantiate. Compiling
 * needs 'wasm-unsafe-eval' in the CSP, nothing more.
 */
import wasmUrl from "highs/runtime?url";
import { loadSolverFrom, type Highs } from "../engine/report/solver.ts";

let compiled: Promise<WebAssembly.Module> | undefined;

export function solverModule(): Promise<WebAssembly.Module> {
  compiled ??= bytes().then((b) => WebAssembly.compile(b));
  return compiled;
}

async function bytes(): Promise<ArrayBuffer> {
  if (wasmUrl.startsWith("data:")) {
    const bin = atob(wasmUrl.slice(wasmUrl.indexOf(",") + 1));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }
  const res = await fetch(wasmUrl);
  if (!res.ok) throw new Error(`highs.wasm: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** The solver in the page itself (used where no worker can start). */
export function loadPageSolver(): Promise<Highs> {
  return solverModule().then(loadSolverFrom);
}
