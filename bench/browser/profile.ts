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
import { createRequire } from "node:module";

interface Socket {
  on(event: "message", f: (data: Buffer) => void): void;
  on(event: "open" | "close", f: () => void): void;
  send(text: string): void;
  close(): void;
}

export interface WorkerProfile {
  /** the worker's script URL, and its order of attachment */
  url: string;
  index: number;
  profile: unknown;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Attaches to the one page of the browser debugging on `port`; profiles its workers. */
export async function profileWorkers(
  port: number,
  intervalUs = 100,
): Promise<{ stop(): Promise<WorkerProfile[]> }> {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    type: string;
    url: string;
    webSocketDebuggerUrl: string;
  }[];
  const page = list.find((t) => t.type === "page" && t.url.startsWith("http"));
  if (!page) throw new Error("no page to profile");
  // playwright-core's own WebSocket client (Node 20 has none without a flag)
  const { ws: WebSocket } = createRequire(import.meta.url)("playwright-core/lib/utilsBundle") as {
    ws: new (url: string, opts: { perMessageDeflate: boolean }) => Socket;
  };
  const socket = new WebSocket(page.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise<void>((resolve) => socket.on("open", resolve));
  let next = 1;
  const waiting = new Map<number, (m: Message) => void>();
  const send = (method: string, params: object = {}, sessionId?: string): Promise<Message> => {
    const id = next++;
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve) => waiting.set(id, resolve));
  };
  const sessions = new Map<string, { url: string; index: number }>();
  const autoAttach = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };
  socket.on("message", (data) => {
    const m = JSON.parse(data.toString()) as Message;
    if (m.id !== undefined) {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
      return;
    }
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
        await send("Target.setAutoAttach", autoAttach, s);
        await send("Runtime.runIfWaitingForDebugger", {}, s);
      })();
    } else if (m.method === "Target.detachedFromTarget") {
      sessions.delete((m.params as { sessionId: string }).sessionId);
    }
  });
  await send("Target.setAutoAttach", autoAttach);
  return {
    async stop() {
      const out: WorkerProfile[] = [];
      for (const [s, w] of [...sessions]) {
        const r = await send("Profiler.stop", {}, s);
        if (r.result) out.push({ ...w, profile: r.result.profile });
      }
      socket.close();
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
