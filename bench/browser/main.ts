/**
 * Ingest benchmark page (bench/ingest-browser.bench.ts drives it with playwright-core): a file
 * chosen in the input is loaded, mapped and evaluated entirely in workers (bench.worker.ts);
 * the page only shows progress. It records the progress gaps and every main-thread long task.
 */
interface Progress {
  type: "progress";
  bytes: number;
  rows: number;
}
interface Done {
  type: "done";
  [k: string]: unknown;
}

interface BenchWindow {
  __result?: Record<string, unknown>;
  __error?: string;
}

const w = window as unknown as BenchWindow;
const longTasks: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push(e.duration);
}).observe({ type: "longtask", buffered: true });

const input = document.getElementById("file") as HTMLInputElement;
const bar = document.getElementById("bar") as HTMLProgressElement;
const out = document.getElementById("out") as HTMLPreElement;

input.addEventListener("change", () => {
  const file = input.files?.[0];
  if (!file) return;
  const worker = new Worker(new URL("./bench.worker.ts", import.meta.url), { type: "module" });
  const t0 = performance.now();
  let lastProgress = t0;
  let maxGap = 0;
  let maxGapEnd = 0;
  let updates = 0;
  longTasks.length = 0;
  worker.onmessage = (ev: MessageEvent<Progress | Done>) => {
    const m = ev.data;
    const now = performance.now();
    if (m.type === "progress") {
      if (now - lastProgress > maxGap) {
        maxGap = now - lastProgress;
        maxGapEnd = now - t0;
      }
      lastProgress = now;
      updates++;
      bar.value = m.bytes / file.size;
      out.textContent = `${(m.bytes / 1e6).toFixed(0)} MB, ${m.rows} rows`;
      return;
    }
    // let the long-task observer deliver its last entries
    setTimeout(() => {
      w.__result = {
        ...m,
        pageSeconds: (now - t0) / 1000,
        progressUpdates: updates,
        maxProgressGapMs: maxGap,
        maxProgressGapEndSeconds: maxGapEnd / 1000,
        longTasks: longTasks.length,
        longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      };
      out.textContent = JSON.stringify(w.__result, null, 1);
      worker.terminate();
    }, 200);
  };
  worker.onerror = (e) => {
    w.__error = e.message;
  };
  worker.postMessage({ file });
});
