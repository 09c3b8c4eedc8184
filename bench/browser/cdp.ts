/**
 * A Chrome DevTools Protocol connection to the one page of a Chromium debugging on `port` (started
 * with `--remote-debugging-port`), through playwright-core's own WebSocket client (Node 20 has
 * none without a flag): `send` a command (to the page, or to an attached worker's session) and
 * get its reply; `onEvent` sees every event. Used by profile.ts and heaps.ts.
 *
 * @example
 * const cdp = await connectPage(9339);
 * cdp.onEvent((m) => console.log(m.method));
 * await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
 */
import { createRequire } from "node:module";

interface Socket {
  on(event: "message", f: (data: Buffer) => void): void;
  on(event: "open" | "close", f: () => void): void;
  send(text: string): void;
  close(): void;
}

export interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export interface PageConnection {
  send(method: string, params?: object, sessionId?: string): Promise<Message>;
  onEvent(f: (m: Message) => void): void;
  close(): void;
}

/** Auto-attach every worker, paused at its start until `Runtime.runIfWaitingForDebugger`. */
export const AUTO_ATTACH = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };

export async function connectPage(port: number): Promise<PageConnection> {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    type: string;
    url: string;
    webSocketDebuggerUrl: string;
  }[];
  const page = list.find((t) => t.type === "page" && t.url.startsWith("http"));
  if (!page) throw new Error(`no page on the debugging port ${port}`);
  const { ws: WebSocket } = createRequire(import.meta.url)("playwright-core/lib/utilsBundle") as {
    ws: new (url: string, opts: { perMessageDeflate: boolean }) => Socket;
  };
  const socket = new WebSocket(page.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise<void>((resolve) => socket.on("open", resolve));
  let next = 1;
  const waiting = new Map<number, (m: Message) => void>();
  const listeners: ((m: Message) => void)[] = [];
  socket.on("message", (data) => {
    const m = JSON.parse(data.toString()) as Message;
    if (m.id !== undefined) {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    } else for (const f of listeners) f(m);
  });
  return {
    send(method, params = {}, sessionId) {
      const id = next++;
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    onEvent: (f) => void listeners.push(f),
    close: () => socket.close(),
  };
}
