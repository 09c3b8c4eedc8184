/**
 * Where a Chromium renderer's memory goes during a load: every `everyMs` the V8 heap of the page
 * and of each of its dedicated workers (nested ones included), over the Chrome DevTools Protocol
 * (`Runtime.getHeapUsage`: JS heap used / committed, embedder heap, ArrayBuffer backing stores),
 * and the renderer processes' resident memory split by kind (/proc status: anonymous, shared
 * memory, file). Attaches as browser/profile.ts does (`Target.setAutoAttach`, flatten, every
 * worker paused at its start until it is attached). Used by ingest-browser.bench.ts with
 * INGEST_BENCH_HEAPS=1.
 *
 * @example
 * const heaps = await sampleHeaps(9339, 100);
 * ... // the load
 * for (const line of heaps.stop(t0)) console.log(line);
 */
import { readFileSync } from "node:fs";
import { chromiumProcesses } from "../rss.ts";
import { AUTO_ATTACH, connectPage } from "./cdp.ts";

/** One context's heap at one time (MB). */
interface Usage {
  used: number;
  total: number;
  embedder: number;
  backing: number;
}

/** Renderer resident memory by kind (MB): anonymous, shared memory, file-backed. */
function rendererKinds(): { anon: number; shmem: number; file: number } {
  const out = { anon: 0, shmem: 0, file: 0 };
  for (const { pid, type } of chromiumProcesses()) {
    if (type !== "renderer") continue;
    try {
      const s = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) / 1024;
      out.anon += kb("RssAnon");
      out.shmem += kb("RssShmem");
      out.file += kb("RssFile");
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

const mb = (x: unknown): number => Number(x ?? 0) / 1e6;

export async function sampleHeaps(
  port: number,
  everyMs = 100,
): Promise<{ stop(t0: number): string[] }> {
  const cdp = await connectPage(port);
  const send = cdp.send;
  /** session ('' = the page) -> label */
  const sessions = new Map<string, string>([["", "page"]]);
  let named = 0;
  cdp.onEvent((m) => {
    if (m.method === "Target.attachedToTarget") {
      const p = m.params as { sessionId: string; targetInfo: { type: string; url: string } };
      const s = p.sessionId;
      if (p.targetInfo.type === "worker") {
        const file = p.targetInfo.url
          .split("/")
          .pop()!
          .replace(/-[\w-]{8}\.js$/, "");
        sessions.set(s, `${named++}:${file.replace(/\.js$/, "")}`);
        void send("Target.setAutoAttach", AUTO_ATTACH, s);
      }
      void send("Runtime.runIfWaitingForDebugger", {}, s);
    } else if (m.method === "Target.detachedFromTarget") {
      sessions.delete((m.params as { sessionId: string }).sessionId);
    }
  });
  await send("Target.setAutoAttach", AUTO_ATTACH);
  const samples: {
    at: number;
    heaps: Map<string, Usage>;
    kinds: ReturnType<typeof rendererKinds>;
  }[] = [];
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const at = performance.now();
    const kinds = rendererKinds();
    void Promise.all(
      [...sessions].map(async ([s, label]) => {
        const r = await send("Runtime.getHeapUsage", {}, s || undefined);
        const u = r.result;
        return [
          label,
          u
            ? {
                used: mb(u.usedSize),
                total: mb(u.totalSize),
                embedder: mb(u.embedderHeapUsedSize),
                backing: mb(u.backingStorageSize),
              }
            : null,
        ] as const;
      }),
    ).then((rows) => {
      const heaps = new Map<string, Usage>();
      for (const [label, u] of rows) if (u) heaps.set(label, u);
      samples.push({ at, heaps, kinds });
      busy = false;
    });
  }, everyMs);
  return {
    /** one line per sample: s, renderer anon/shmem, then per context used/committed+backing */
    stop(t0) {
      clearInterval(timer);
      cdp.close();
      return samples
        .filter((s) => s.at >= t0)
        .map((s) => {
          const k = s.kinds;
          const ctx = [...s.heaps]
            .map(
              ([l, u]) =>
                `${l} ${u.used.toFixed(0)}/${u.total.toFixed(0)}+ab${u.backing.toFixed(0)}` +
                (u.embedder >= 1 ? `+emb${u.embedder.toFixed(0)}` : ""),
            )
            .join(", ");
          return `${((s.at - t0) / 1000).toFixed(2)} anon ${k.anon.toFixed(0)} shm ${k.shmem.toFixed(0)} | ${ctx}`;
        });
    },
  };
}
