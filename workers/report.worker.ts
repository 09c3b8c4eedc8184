/**
 * Report audit worker: runs the solver's audit (src/engine/report/audit.ts) off the page's main
 * thread. The page sends the compiled solver (a WebAssembly.Module, compiled once by the page at
 * start-up) with the first job, so the worker fetches nothing. Cancelling is terminating it.
 */
import { expose } from "comlink";
import type { AuditJob, AuditProgress, AuditResult, Highs } from "../src/engine/report/index.ts";
import { runAudit } from "../src/engine/report/audit.ts";
import { loadSolverFrom } from "../src/engine/report/solver.ts";

let solver: Promise<Highs> | undefined;

const api = {
  async audit(
    module: WebAssembly.Module,
    job: AuditJob,
    progress?: AuditProgress,
  ): Promise<AuditResult> {
    solver ??= loadSolverFrom(module);
    const highs = await solver;
    let last = 0;
    return runAudit(highs, job, (proven, total) => {
      // at most ~10 messages a second
      const now = performance.now();
      if (progress && now - last > 100) {
        last = now;
        void progress(proven, total);
      }
    });
  },
};

export type ReportWorkerApi = typeof api;
expose(api);
