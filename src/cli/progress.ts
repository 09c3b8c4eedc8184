/**
 * The command line's progress display on standard error: on a terminal one line rewritten in
 * place (`reading 45% · 107 of 237 MB · 450,000 rows`, then the later stages) and erased when
 * done; elsewhere (`--progress` into a pipe or a log) one line per update, at most every 250 ms.
 */
import type { ParseProgress } from "../ingest/types.ts";

export interface ProgressLine {
  /** bytes and rows read so far */
  read(p: ParseProgress): void;
  /** a later stage ("mapping columns", "evaluating ...") */
  stage(text: string): void;
  /** erases the line (terminal) */
  done(): void;
}

interface Sink {
  write(s: string): boolean;
}

const MB = 1e6;

export function progressLine(
  sink: Sink,
  tty: boolean,
  now = () => performance.now(),
): ProgressLine {
  let last = -Infinity;
  let lastText = "";
  let shown = false;
  const show = (text: string, force: boolean): void => {
    const t = now();
    if (text === lastText || (!force && t - last < (tty ? 100 : 250))) return;
    last = t;
    lastText = text;
    shown = true;
    sink.write(tty ? `\r${text}\x1b[K` : `${text}\n`);
  };
  return {
    read(p) {
      const rows = `${p.rows.toLocaleString("en-US")} rows`;
      const mb = (p.bytes / MB).toFixed(1);
      const text = p.totalBytes
        ? `reading ${Math.floor((100 * p.bytes) / Math.max(1, p.totalBytes))}% · ${mb} of ${(p.totalBytes / MB).toFixed(1)} MB · ${rows}`
        : `reading ${mb} MB · ${rows}`;
      show(text, p.totalBytes !== undefined && p.bytes >= p.totalBytes);
    },
    stage(text) {
      show(text, true);
    },
    done() {
      if (tty && shown) sink.write("\r\x1b[K");
      shown = false;
    },
  };
}
