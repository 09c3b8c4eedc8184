/**
 * CPU profiles of a page's dedicated workers, nested ones included, over the Chrome DevTools
 * Protocol (the page's own debugging socket: Chromium started with `--remote-debugging-port`).
 * Every worker is paused at its start (`waitForDebuggerOnStart`), its profiler started, then
 * resumed; `stop()` collects the profiles of the workers still alive (a worker terminated before
 * `stop()` takes its profile with it: the ingest worker's helper ends when its part is read).
 * Used by ingest-browser.bench.ts with INGEST_BENCH_PROFILE=dir.
 *
 * @example
 * const prof = await profileWorkers(9339, 100);
 * ... // the load
 * for (const p of await prof.stop()) writeFileSync(`${p.url}.cpuprofile`, JSON.stringify(p.profile));
 */
import { AUTO_ATTACH, connectPage } from "./cdp.ts";

export interface WorkerProfile {
  /** the worker's script URL, and its order of attachment */
  url: string;
  index: number;
  profile: unknown;
}

/** Attaches to the one page of the browser debugging on `port`; profiles its workers. */
export async function profileWorkers(
  port: number,
  intervalUs = 100,
): Promise<{ stop(): Promise<WorkerProfile[]> }> {
  const cdp = await connectPage(port);
  const send = cdp.send;
  const sessions = new Map<string, { url: string; index: number }>();
  cdp.onEvent((m) => {
    if (m.method === "Target.attachedToTarget") {
      const p = m.params as { sessionId: string; targetInfo: { type: string; url: string } };
      const s = p.sessionId;
      if (p.targetInfo.type !== "worker") {
        void send("Runtime.runIfWaitingForDebugger", {}, s);
        return;
      }
      sessions.set(s, { url: p.targetInfo.url, index: sessions.size });
      void (async () => {
        await send("Profiler.enable", {}, s);
        await send("Profiler.setSamplingInterval", { interval: intervalUs }, s);
        await send("Profiler.start", {}, s);
        await send("Target.setAutoAttach", AUTO_ATTACH, s);
        await send("Runtime.runIfWaitingForDebugger", {}, s);
      })();
    } else if (m.method === "Target.detachedFromTarget") {
      sessions.delete((m.params as { sessionId: string }).sessionId);
    }
  });
  await send("Target.setAutoAttach", AUTO_ATTACH);
  return {
    async stop() {
      const out: WorkerProfile[] = [];
      for (const [s, w] of [...sessions]) {
        const r = await send("Profiler.stop", {}, s);
        if (r.result) out.push({ ...w, profile: r.result.profile });
      }
      cdp.close();
      return out;
    },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time (ms) per function of a profile, the largest first: [name file:line, ms][] */
export function selfTimes(profile: unknown, top = 20): [string, number][] {
  const p = profile as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const k = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop() ?? ""}:${f.lineNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
}
