/**
 * The report's audit in a worker (workers/report.worker.ts), off the page's main thread: one
 * audit at a time, with progress; cancelling terminates the worker (the solver runs
 * synchronously there) and the next audit starts a new one. Where no worker can start, the
 * audit runs in the page.
 */
import * as Comlink from "comlink";
import {
  runAudit,
  type AuditJob,
  type AuditProgress,
  type AuditResult,
} from "../engine/report/index.ts";
import type { ReportWorkerApi } from "../engine/report/audit-service.ts";
import { loadPageSolver, solverModule } from "./solver.ts";
import { startReportWorker } from "./workers.ts";

let current: { worker: Worker; api: Comlink.Remote<ReportWorkerApi> } | null = null;
let running: (() => void) | null = null;

export interface RunningAudit {
  result: Promise<AuditResult>;
  /** stops the audit; `result` then rejects with AuditCancelled */
  cancel(): void;
}

export class AuditCancelled extends Error {
  constructor() {
    super("the audit was cancelled");
  }
}

/** Starts an audit; any audit still running is cancelled first. */
export function startAudit(job: AuditJob, progress?: AuditProgress): RunningAudit {
  running?.();
  let reject: (e: unknown) => void = () => {};
  const cancelled = new Promise<never>((_, r) => (reject = r));
  const w = typeof Worker === "function" ? (current ??= open()) : null;
  const cancel = () => {
    if (running !== cancel) return;
    running = null;
    if (w && current === w) {
      w.worker.terminate();
      current = null;
    }
    reject(new AuditCancelled());
  };
  running = cancel;
  const work = w
    ? solverModule().then((m) =>
        w.api.audit(m, job, progress ? Comlink.proxy(progress) : undefined),
      )
    : loadPageSolver().then((h) => runAudit(h, job, progress));
  const result = Promise.race([work, cancelled]).finally(() => {
    if (running === cancel) running = null;
  });
  return { result, cancel };
}

function open() {
  const worker = startReportWorker();
  return { worker, api: Comlink.wrap<ReportWorkerApi>(worker) };
}
