/** Resident memory of the Chromium renderers a bench started (page and workers: all threads). */
import { readdirSync, readFileSync } from "node:fs";

/** Resident memory (MB) of this process's Chromium renderers (descendants of this process only). */
export function rendererRssMB(): number {
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
  let kb = 0;
  const todo = [...(children.get(process.pid) ?? [])];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    todo.push(...(children.get(pid) ?? []));
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("--type=renderer")) continue;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      // the process ended meanwhile
    }
  }
  return kb / 1024;
}
