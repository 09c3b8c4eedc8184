/** Resident memory of the Chromium renderers a bench started (page and workers: all threads). */
import { readdirSync, readFileSync } from "node:fs";

/**
 * The Chromium processes among this process's descendants, with their `--type` (the browser
 * process has none: "browser"), from /proc.
 */
export function chromiumProcesses(): { pid: number; type: string }[] {
  const children = new Map<number, number[]>();
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after ")"
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(pid));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: { pid: number; type: string }[] = [];
  const todo = [...(children.get(process.pid) ?? [])];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    todo.push(...(children.get(pid) ?? []));
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("chromium")) continue;
      out.push({ pid, type: /--type=([a-z-]+)/.exec(cmd)?.[1] ?? "browser" });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Resident memory (MB) of this process's Chromium renderers (descendants of this process only). */
export function rendererRssMB(): number {
  let kb = 0;
  for (const { pid, type } of chromiumProcesses()) {
    if (type !== "renderer") continue;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // the process ended meanwhile
    }
  }
  return kb / 1024;
}

/**
 * CPU seconds (user + system) used so far by this process's Chromium processes of `type`
 * (all their threads, ended ones included: /proc/PID/stat counts them).
 */
export function chromiumCpuSeconds(type = "renderer"): number {
  let ticks = 0;
  for (const p of chromiumProcesses()) {
    if (p.type !== type) continue;
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}
