/**
 * Where the workers come from.
 * - Normal build: the worker scripts are fetched once while the app starts (`prepareWorkers`)
 *   and every worker is started from a blob: URL of that text, so no request at all is made
 *   after start-up (and workers still start with the network off).
 * - Single-file build (`npm run build:single`, mode "single"): the workers are inlined and start
 *   as classic workers from blob: URLs, so the one HTML file works from disk.
 * The ingest worker is started as soon as its script is here (`prepareWorkers`), so a chosen file
 * does not wait for a worker to start (~0.1 s of a load in Chromium, with the page busy); it
 * starts its first helper then and both warm their reading code (src/ingest/warm.ts), and the
 * first pool's evaluation workers start then too and warm theirs on the app's first protocol
 * (src/pool/warm-eval.ts); `prepareWorkers` resolves when all are warm. Seed extract in
 * Chromium: the head probe before the parts start 0.21 -> 0.09 s; the whole load 109-120 ->
 * 110-133 MB/s with the reading warm-up, eval 0.39-0.53 -> 0.28-0.35 s with the evaluation one.
 * The cost: the app is ready ~1.0 s after its page loads (a file chosen sooner waits for the
 * warm-ups), and the warmed workers keep ~80 MB more resident than idle ones.
 */
import * as Comlink from "comlink";
import InlineEvalWorker from "../../workers/eval.worker.ts?worker&inline";
import InlineIngestWorker from "../../workers/ingest.worker.ts?worker&inline";
import InlineEventsWorker from "../../workers/events.worker.ts?worker&inline";
import eventsUrl from "../../workers/events.worker.ts?worker&url";
import evalUrl from "../../workers/eval.worker.ts?worker&url";
import ingestUrl from "../../workers/ingest.worker.ts?worker&url";
import partUrl from "../../workers/ingest-part.worker.ts?worker&url";
import InlineReportWorker from "../../workers/report.worker.ts?worker&inline";
import reportUrl from "../../workers/report.worker.ts?worker&url";
import type { EventsApi } from "../events/events-api.ts";
import type { IngestApi } from "../ingest/browser/ingest-api.ts";
import type { EvalWorkerApi } from "../pool/eval-api.ts";
import type { Protocol } from "../engine/protocol/types.ts";
import { EvalPool, type WorkerFactory } from "../pool/index.ts";
import { browserWorkerFactory } from "../pool/browser.ts";
import { keepRows } from "./keep-rows.ts";

const SINGLE = import.meta.env.MODE === "single";
const URLS = {
  eval: evalUrl,
  ingest: ingestUrl,
  part: partUrl,
  events: eventsUrl,
  report: reportUrl,
};
const blobs: { eval?: string; ingest?: string; part?: string; events?: string; report?: string } =
  {};
let prepared: Promise<void> | null = null;

/**
 * Fetches the worker scripts once, at start-up (no-op in the single-file build). `protocol`: the
 * one a first file will most likely be screened with; the early evaluation workers warm their
 * code on it (src/pool/warm-eval.ts). Resolves when the ingest worker and those are warm.
 */
export function prepareWorkers(protocol?: Protocol): Promise<void> {
  // the dev server serves workers as modules importing /src/... paths, which a blob: URL cannot
  // resolve: there, workers start from their URL. (`import.meta.hot` exists only under the dev
  // server; `import.meta.env.DEV` is also true in a build made with NODE_ENV=test, as the e2e
  // global setup does under vitest, which made every worker load by URL after start-up.)
  if (SINGLE || import.meta.hot || typeof fetch !== "function") return Promise.resolve();
  prepared ??= Promise.all(
    (["eval", "ingest", "part", "events", "report"] as const).map(async (k) => {
      try {
        const res = await fetch(URLS[k]);
        if (!res.ok) return;
        blobs[k] = URL.createObjectURL(new Blob([await res.text()], { type: "text/javascript" }));
      } catch {
        // fall back to loading the script by URL when a worker starts
      }
    }),
  ).then(() => {
    // started now, idle until the first file (its code is warmed meanwhile: see
    // IngestService.configure); ready once it is
    if (typeof Worker === "function" && !started && !handedOut) {
      started = startIngest(true);
      for (let k = 0; k < poolSize(); k++) startEarly(protocol);
    }
    return Promise.all([warming, ...early.map((e) => e.warmed)]).then(() => undefined);
  });
  return prepared;
}

/** resolves when the last ingest worker started has warmed its code (see startIngest) */
let warming: Promise<void> = Promise.resolve();

/** the ingest worker started by `prepareWorkers`, until `ingestWorker` hands it out */
let started: Comlink.Remote<IngestApi> | null = null;
let handedOut = false;

function moduleWorker(k: "eval" | "ingest" | "events", name?: string): Worker {
  const url = blobs[k] ?? URLS[k];
  return new Worker(url, { type: "module", ...(name ? { name } : {}) });
}

/** A new report audit worker (src/app/report-audit.ts); started when a report is asked for. */
export function startReportWorker(): Worker {
  if (SINGLE) return new InlineReportWorker({ name: "report" });
  return new Worker(blobs.report ?? reportUrl, { type: "module", name: "report" });
}

export function ingestWorker(): Comlink.Remote<IngestApi> {
  const api = started ?? startIngest();
  started = null;
  handedOut = true;
  return api;
}

/**
 * A new events worker (OMOP tables read and derived there: src/events/service.ts), started when
 * event tables are chosen; `end` terminates it (a cancelled read, another folder); `slices`:
 * the evaluation pool's size, for the row slices it cuts (src/app/events-load.svelte.ts).
 */
export function eventsWorker(): {
  api: Comlink.Remote<EventsApi>;
  end(): void;
  slices: number;
} {
  const w = SINGLE ? new InlineEventsWorker() : moduleWorker("events");
  const api = Comlink.wrap<EventsApi>(w);
  // started from a blob:, it cannot resolve its reading helpers' URL: give it the helper's blob
  // (without it each table was read on one thread)
  if (blobs.events && blobs.part)
    void (api as Comlink.Remote<Required<EventsApi>>).configure({ partWorkerUrl: blobs.part });
  return { api, end: () => w.terminate(), slices: poolSize() };
}

/** each ingest worker handed out, by its Comlink proxy (see `endIngest`) */
const ingestWorkers = new WeakMap<object, Worker>();

/**
 * Terminates an ingest worker handed out by `ingestWorker` (its whole heap is returned at once);
 * the next `ingestWorker()` starts a new one.
 */
export function endIngest(api: Comlink.Remote<IngestApi>): void {
  ingestWorkers.get(api)?.terminate();
  ingestWorkers.delete(api);
}

/** `warm`: started before a file is chosen (its code is warmed meanwhile). */
function startIngest(warm = false): Comlink.Remote<IngestApi> {
  const w = SINGLE ? new InlineIngestWorker() : moduleWorker("ingest");
  const api = Comlink.wrap<IngestApi>(w);
  ingestWorkers.set(api, w);
  // started from a blob:, the ingest worker cannot resolve its helper's URL: give it the
  // helper's blob (without it every file was read on one thread, about half the speed); it
  // answers once it and its first helper are warm
  const url = blobs.ingest && blobs.part ? { partWorkerUrl: blobs.part } : {};
  warming = Promise.resolve(api.configure({ ...url, warm, keepRows: keepRows() })).then(
    () => undefined,
    () => undefined,
  );
  return api;
}

function evalFactory(): WorkerFactory {
  return browserWorkerFactory(() => {
    for (let e = early.shift(); e; e = early.shift()) {
      if (!e.failed) return e.worker;
      e.worker.terminate();
    }
    return startEval();
  });
}

function startEval(): Worker {
  return SINGLE ? new InlineEvalWorker({ name: "eval" }) : moduleWorker("eval", "eval");
}

/**
 * Evaluation workers started with the app (`prepareWorkers`), taken by the first pool: their
 * scripts load and compile before a file is chosen, not while its head is probed (in Chromium
 * two workers starting then slowed the ingest worker's cold start on two cores).
 */
const early: { worker: Worker; failed: boolean; warmed: Promise<void> }[] = [];

/**
 * `protocol`: the worker evaluates it over a small synthetic table meanwhile, so the first
 * load's evaluation runs on compiled code (seed extract in Chromium: its first 164K rows took
 * ~0.17 s cold). A pool that takes the worker sooner queues its load behind the warm-up.
 */
function startEarly(protocol?: Protocol): void {
  const worker = startEval();
  const e = { worker, failed: false, warmed: Promise.resolve() };
  // (a script that fails before a pool takes the worker: the pool would never hear of it, and
  // its warm-up would never answer)
  const failed = new Promise<void>((resolve) =>
    worker.addEventListener("error", () => {
      e.failed = true;
      resolve();
    }),
  );
  if (protocol) {
    const api = Comlink.wrap<EvalWorkerApi>(worker);
    // kept as long as the worker: a Comlink proxy that is garbage collected while it is its
    // endpoint's only one tells the worker to release, and the worker then stops listening
    // (the pool's own proxy, made later, would never be answered)
    warmers.set(worker, api);
    e.warmed = Promise.race([
      api.warm(protocol).then(
        () => undefined,
        () => undefined,
      ),
      failed,
    ]);
  }
  early.push(e);
}

/** the warm-up proxy of each early evaluation worker (see startEarly) */
const warmers = new WeakMap<Worker, unknown>();

/** Evaluation workers: one per core (at least 1, at most 8). */
export function poolSize(): number {
  const cores =
    typeof navigator !== "undefined" && navigator.hardwareConcurrency > 0
      ? navigator.hardwareConcurrency
      : 2;
  return Math.min(8, cores);
}

export function createPool(): EvalPool {
  return new EvalPool({ factory: evalFactory(), size: poolSize() });
}
