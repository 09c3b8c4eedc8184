/**
 * CPU time of every thread of the Chromium processes a bench started (descendants of this
 * process), from /proc: where a load's CPU goes (browser process, renderer's workers, ...).
 * Threads that end between two samples keep the time of their last sample.
 *
 * @example
 * const cpu = threadCpu(); ... ; cpu.sample(); ... ; console.log(cpu.report());
 */
import { readdirSync, readFileSync } from "node:fs";
import { chromiumProcesses } from "../rss.ts";

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** ticks (user + system) per "pid/tid" with its label "type:thread name" */
function snapshot(): Map<string, { label: string; ticks: number }> {
  const m = new Map<string, { label: string; ticks: number }>();
  for (const { pid, type } of chromiumProcesses()) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        m.set(`${pid}/${tid}`, { label: `${type}:${name}`, ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // ended meanwhile
      }
    }
  }
  return m;
}

/**
 * Starts counting now; `sample()` while it runs, `report()` gives ms per thread label,
 * `timeline()` the ms per thread label between consecutive samples.
 */
export function threadCpu(): {
  sample(): void;
  report(): [string, number][];
  timeline(): { at: number; ms: Map<string, number> }[];
} {
  const start = snapshot();
  const last = new Map(start);
  const t0 = performance.now();
  const steps: { at: number; ms: Map<string, number> }[] = [];
  return {
    sample() {
      const ms = new Map<string, number>();
      for (const [k, v] of snapshot()) {
        const d = (v.ticks - (last.get(k)?.ticks ?? start.get(k)?.ticks ?? 0)) * TICK_MS;
        if (d > 0) ms.set(v.label, (ms.get(v.label) ?? 0) + d);
        last.set(k, v);
      }
      steps.push({ at: performance.now() - t0, ms });
    },
    timeline: () => steps,
    report() {
      const by = new Map<string, number>();
      for (const [k, v] of last) {
        const ms = (v.ticks - (start.get(k)?.ticks ?? 0)) * TICK_MS;
        if (ms > 0) by.set(v.label, (by.get(v.label) ?? 0) + ms);
      }
      return [...by].sort((a, b) => b[1] - a[1]);
    },
  };
}
