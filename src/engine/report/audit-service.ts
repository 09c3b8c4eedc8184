/**
 * The report audit worker's logic (workers/report.worker.ts exposes one): runs the solver's
 * audit (audit.ts) off the page's main thread. The page sends the compiled solver (a
 * WebAssembly.Module, compiled once by the page at start-up) with the first job, so the worker
 * fetches nothing. Cancelling is terminating the worker.
 */
import type { AuditJob, AuditProgress, AuditResult, Highs } from "./index.ts";
import { runAudit } from "./audit.ts";
import { loadSolverFrom } from "./solver.ts";

export class AuditService {
  private solver: Promise<Highs> | undefined;

  async audit(
    module: WebAssembly.Module,
    job: AuditJob,
    progress?: AuditProgress,
  ): Promise<AuditResult> {
    this.solver ??= loadSolverFrom(module);
    const highs = await this.solver;
    let last = 0;
    return runAudit(highs, job, (proven, total) => {
      // at most ~10 messages a second
      const now = performance.now();
      if (progress && now - last > 100) {
        last = now;
        void progress(proven, total);
      }
    });
  }
}

/** The report worker's API as the page calls it (Comlink). */
export type ReportWorkerApi = Pick<AuditService, "audit">;
